package dev.fleetc.emit.k0s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class K0sctlEscapingTest {

  @Test
  void literalDollarsAreDoubledEverywhereButReferencesStayExpansions() {
    Object escaped =
        K0sctlEscaping.escapeTree(
            Map.of(
                "user",
                "deploy$1",
                "$key",
                List.of("a$$b", "${NOT_A_REF}"),
                "dataSource",
                new EnvReference("KINE_DS")));
    assertThat(escaped)
        .isEqualTo(
            Map.of(
                "user", "deploy$$1",
                "$$key", List.of("a$$$$b", "$${NOT_A_REF}"),
                "dataSource", "${KINE_DS}"));
  }

  @Test
  void referencesMustBeVariableNames() {
    assertThatThrownBy(() -> new EnvReference("A}B")).isInstanceOf(IllegalArgumentException.class);
  }
}
