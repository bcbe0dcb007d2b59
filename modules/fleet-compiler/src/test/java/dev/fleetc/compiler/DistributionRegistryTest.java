package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.model.Distribution;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/** Every distribution has rules, and each rule set's example build matches its own pattern. */
class DistributionRegistryTest {

  @Test
  void everyDistributionHasItsOwnRules() {
    for (Distribution d : Distribution.values()) {
      assertThat(DistributionRegistry.of(d).distribution()).isEqualTo(d);
    }
    assertThat(DistributionRegistry.all()).hasSize(Distribution.values().length);
  }

  @Test
  void exampleBuildsMatchTheirPatternAndNameTheirMinor() {
    for (DistributionRules rules : DistributionRegistry.all()) {
      Matcher build = rules.buildPattern().matcher(rules.buildExample());
      assertThat(build.matches()).as(rules.distribution().id()).isTrue();
      assertThat(build.group(1)).isEqualTo("1.31");
      assertThat(rules.allowedDatastores()).contains(rules.defaultDatastore(1));
    }
  }
}
