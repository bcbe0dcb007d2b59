package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code fleet explain} shows a dual-stack network as upstream writes it (both ranges, the primary
 * family first, with the layer that set them) and each node's private address of each family.
 */
class DualStackExplainTest {

  private static final Path DUAL_STACK =
      Cli.projectRoot().resolve("fleet-examples/dual-stack.fleet.yaml");

  @Test
  void rangesInTheirFamilyOrderAndBothPrivateAddresses() {
    Cli.Run run = Cli.run("explain", "k3s-v6-first", DUAL_STACK.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .containsPattern("network.podCIDR\\s+2001:db8:42::/56,10.42.0.0/16\\s+cluster k3s-v6-first")
        .containsPattern("network.serviceCIDR\\s+2001:db8:43::/112,10.43.0.0/16")
        .contains("(private 2001:db8:20::31, 10.20.1.31)");
    Cli.Run json = Cli.run("explain", "k0s-dual", DUAL_STACK.toString(), "--format", "json");
    assertThat(json.exitCode()).as(json.err()).isEqualTo(ExitCode.OK);
    assertThat(json.out().replaceAll("\\s+", ""))
        .contains("\"privateAddress\":[\"10.30.0.11\",\"fd00:30::11\"]");
  }
}
