package dev.fleetc.compiler.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.catalog.KnownBuilds.NeverReleased;
import dev.fleetc.compiler.catalog.KnownBuilds.NewerThanKnown;
import dev.fleetc.compiler.catalog.KnownBuilds.Released;
import dev.fleetc.compiler.catalog.KnownBuilds.Unconfirmed;
import dev.fleetc.model.Distribution;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The released builds of {@code builds.tsv} and what the catalog says about a pin. */
class KnownBuildsTest {

  private final ReleaseCatalog catalog = ReleaseCatalog.builtIn();
  private final KnownBuilds known = catalog.knownBuilds();

  @Test
  void aK0sTagThatWasNeverCutIsAnErrorWithItsNeighbours() {
    // k0sproject/k0s tags: v1.30.7+k0s.0, then v1.30.9+k0s.0.
    assertThat(known.check("k0s", "1.30", "v1.30.8+k0s.0"))
        .isEqualTo(new NeverReleased(java.util.List.of("v1.30.7+k0s.0", "v1.30.9+k0s.0")));
    assertThat(known.check("k0s", "1.30", "v1.30.9+k0s.0")).isEqualTo(new Released());
  }

  @Test
  void reSpinsAreBuildsOfTheirOwn() {
    assertThat(known.check("k3s", "1.30", "v1.30.14+k3s2")).isEqualTo(new Released());
    assertThat(known.check("k3s", "1.32", "v1.32.11+k3s3")).isEqualTo(new Released());
    // No +k3s2 of 1.32.11 between +k3s1 and +k3s3 in the K3s release table.
    assertThat(known.check("k3s", "1.32", "v1.32.11+k3s2")).isInstanceOf(NeverReleased.class);
    assertThat(known.check("k0s", "1.33", "v1.33.13+k0s.1")).isEqualTo(new Released());
  }

  @Test
  void olderThanALinesFirstReleaseIsNeverReleased() {
    assertThat(known.check("k3s", "1.31", "v1.31.0+k3s0")).isInstanceOf(NeverReleased.class);
    assertThat(known.check("k0s", "1.28", "v1.28.1+k0s.0"))
        .isEqualTo(new NeverReleased(java.util.List.of("v1.28.2+k0s.0")));
  }

  @Test
  void newerThanTheListingIsAWarningThatDatesIt() {
    assertThat(known.check("k0s", "1.36", "v1.36.5+k0s.0"))
        .isEqualTo(new NewerThanKnown(Optional.of("v1.36.3+k0s.2"), "2026-08-21"));
    assertThat(known.check("k0s", "1.37", "v1.37.0+k0s.0"))
        .isEqualTo(new NewerThanKnown(Optional.empty(), "2026-08-21"));
    assertThat(known.check("microk8s", "1.37", "1.37"))
        .isEqualTo(new NewerThanKnown(Optional.empty(), "2026-06-30"));
  }

  @Test
  void stretchesNotReadArePinnableWithAWarning() {
    // K3s 1.34: v1.34.9 and v1.34.12 were read, v1.34.10/11 were not.
    assertThat(known.check("k3s", "1.34", "v1.34.10+k3s1")).isInstanceOf(Unconfirmed.class);
    assertThat(known.check("k3s", "1.31", "v1.31.4-rc1+k3s1")).isInstanceOf(Unconfirmed.class);
    assertThat(known.check("microk8s", "1.36", "1.36-strict")).isInstanceOf(Unconfirmed.class);
    assertThat(known.check("microk8s", "1.31", "1.31-strict")).isEqualTo(new Released());
  }

  @Test
  void everyBuildTheCatalogPinsIsAListedRelease() {
    for (Distribution distribution : Distribution.values()) {
      for (String minor : catalog.minors(distribution)) {
        String build = catalog.build(distribution, minor).orElseThrow();
        String track = distribution == Distribution.MICROK8S ? build.split("/")[0] : build;
        assertThat(known.check(distribution.id(), minor, track))
            .as("%s %s %s", distribution.id(), minor, build)
            .isEqualTo(new Released());
      }
    }
  }
}
