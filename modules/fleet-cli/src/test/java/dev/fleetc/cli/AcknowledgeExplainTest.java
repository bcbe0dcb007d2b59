package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code fleet explain} names the risks a cluster acknowledges (written by {@code fleet import} for
 * a cluster that runs in a way fleetc refuses in a new fleet), with the warning of each.
 */
class AcknowledgeExplainTest {

  private static final Path FLEET =
      Cli.projectRoot()
          .resolve("modules/fleet-emit/src/test/resources/golden/k3s-no-ingress-node/fleet.yaml");

  @Test
  void theAcknowledgedRisksAndTheirWarnings() {
    Cli.Run run = Cli.run("explain", "shop", FLEET.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).containsPattern("acknowledged risks .*\\n  no-ingress-node\\n");
    assertThat(run.err()).contains("warning[FLEET-W046]");
    Cli.Run json = Cli.run("explain", "shop", FLEET.toString(), "--format", "json");
    assertThat(json.out().replaceAll("\\s+", "")).contains("\"acknowledge\":[\"no-ingress-node\"]");
  }
}
