package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code fleet explain} says which rollout wave a cluster is in and why (named, selected, or the
 * catch-all), and lists the cluster's upgrade settings with the layer that set each.
 */
class RolloutExplainTest {

  private static final Path STORES = Cli.projectRoot().resolve("fleet-examples/stores.fleet.yaml");

  @Test
  void aClusterNamedInAWave() {
    Cli.Run run = Cli.run("explain", "store-0001", STORES.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .contains("rollout\n  wave canary (1 of 3), named in the wave")
        .containsPattern("upgrades.method\\s+suc\\s+built-in")
        .containsPattern("upgrades.nodeSoak\\s+2m\\s+profile edge")
        .containsPattern("upgrades.window.timeZone\\s+Europe/Berlin\\s+profile edge");
  }

  @Test
  void aClusterSelectedByRegionAndOneLeftToTheCatchAll() {
    assertThat(Cli.run("explain", "store-0002", STORES.toString()).out())
        .contains("wave eu (2 of 3), matched by its selector");
    assertThat(Cli.run("explain", "store-0003", STORES.toString()).out())
        .contains("wave stores (3 of 3), the catch-all wave: no earlier wave matches");
    Cli.Run json = Cli.run("explain", "store-0002", STORES.toString(), "--format", "json");
    assertThat(json.out())
        .contains("\"wave\": {", "\"name\": \"eu\"", "\"position\": 2", "\"approval\": true");
  }
}
