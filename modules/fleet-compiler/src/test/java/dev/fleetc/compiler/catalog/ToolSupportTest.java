package dev.fleetc.compiler.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.model.Distribution;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ToolSupportTest {

  private final ReleaseCatalog catalog = ReleaseCatalog.builtIn();

  @Test
  void aMinorInsideAStatedRangeGetsThatLinesRelease() {
    assertThat(catalog.toolFor("flux", "1.36")).contains("v2.10.0");
  }

  @Test
  void theCanonicalFleetsMinorGetsTheNewestLinesThatSupportIt() {
    // Flux 2.9 is tested on 1.34-1.36 only (fluxcd/flux2@v2.9.4 conformance.yaml); 2.6 covers 1.31.
    assertThat(catalog.toolFor("flux", "1.31")).contains("v2.6.4");
    // Argo CD 3.2 is the newest line tested on 1.31 (tested-kubernetes-versions.md).
    assertThat(catalog.toolFor("argocd", "1.31")).contains("v3.2.12");
  }

  @Test
  void flux29DoesNotClaimMinorsOutsideItsConformanceMatrix() {
    assertThat(catalog.supportRange("flux", "v2.9.6"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.contains("1.33")).isFalse();
              assertThat(r.contains("1.34")).isTrue();
              assertThat(r.contains("1.36")).isTrue();
              assertThat(r.contains("1.37")).isFalse();
            });
  }

  @Test
  void everyMinorTheCatalogServesHasAFluxAndAnArgoCdLineWithAStatedRange() {
    SortedSet<String> minors = new TreeSet<>(ReleaseCatalog::compareMinors);
    for (Distribution d : Distribution.values()) {
      minors.addAll(catalog.minors(d));
    }
    assertThat(minors).contains("1.28", "1.31", "1.37");
    for (String minor : minors) {
      String flux = catalog.toolFor("flux", minor).orElseThrow();
      assertThat(catalog.supportRange("flux", flux).orElseThrow().stated()).as(minor).isTrue();
      assertThat(catalog.supportRange("flux", flux).orElseThrow().contains(minor)).isTrue();
      String argo = catalog.toolFor("argocd", minor).orElseThrow();
      if (!minor.equals("1.37")) {
        assertThat(catalog.supportRange("argocd", argo).orElseThrow().contains(minor))
            .as(minor)
            .isTrue();
        assertThat(catalog.supportRange("argocd", argo).orElseThrow().stated()).isTrue();
      }
    }
  }

  @Test
  void aMinorNoStatedRangeCoversFallsBackToALineWithoutOne() {
    // No Argo CD release in the catalog states 1.37; 3.6 states no range at all.
    assertThat(catalog.toolFor("argocd", "1.37")).contains("v3.6.2");
    assertThat(catalog.supportRange("argocd", "v3.6.2").orElseThrow().stated()).isFalse();
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
  void chartRangesMayBeOpenEnded() {
    assertThat(catalog.supportRange("chart/ingress-nginx", "4.15.1"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.contains("1.35")).isTrue();
              assertThat(r.contains("1.36")).isFalse();
              assertThat(r.describe()).isEqualTo("1.31 to 1.35");
            });
    assertThat(catalog.supportRange("chart/traefik", "41.3.0"))
        .hasValueSatisfying(
            r -> {
              assertThat(r.contains("1.37")).isTrue();
              assertThat(r.describe()).isEqualTo("1.25 and later");
            });
  }

  @Test
  void versionsCompareNumerically() {
    assertThat(ReleaseCatalog.compareVersions("v2.10.0", "v2.9.6")).isPositive();
  }
}
