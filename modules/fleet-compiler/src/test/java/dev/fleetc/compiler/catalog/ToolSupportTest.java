package dev.fleetc.compiler.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolSupportTest {

  private final ReleaseCatalog catalog = ReleaseCatalog.builtIn();

  @Test
  void aMinorInsideAStatedRangeGetsThatLinesRelease() {
    assertThat(catalog.toolFor("flux", "1.36")).contains("v2.10.0");
  }

  @Test
  void aMinorOutsideEveryStatedRangeFallsBackToALineWithoutOne() {
    assertThat(catalog.toolFor("flux", "1.31")).contains("v2.9.6");
  }

  @Test
  void theNewestOfSeveralLinesWithoutRangeWins() {
    assertThat(catalog.toolFor("argocd", "1.31")).contains("v3.6.2");
  }

  @Test
  void rangesAreLookedUpByReleaseLine() {
    assertThat(catalog.supportRange("flux", "v2.10.4"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.contains("1.35")).isTrue();
              assertThat(r.contains("1.34")).isFalse();
            });
    assertThat(catalog.supportRange("flux", "v1.4.0")).isEmpty();
  }

  @Test
  void versionsCompareNumerically() {
    assertThat(ReleaseCatalog.compareVersions("v2.10.0", "v2.9.6")).isPositive();
  }
}
