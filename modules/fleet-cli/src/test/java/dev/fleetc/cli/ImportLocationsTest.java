package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every diagnostic of an import points into the input the user wrote (file, line, column of the key
 * the value came from), never at the imported text, which is not printed; its hint says what to
 * change in that input (issue 23). The inputs are corpus files that are broken in themselves.
 */
class ImportLocationsTest {

  private static final Path CORPUS =
      Cli.projectRoot().resolve("modules/fleet-cli/src/test/resources/import-corpus");

  private static String corpus(String file) {
    return CORPUS.resolve(file).toString();
  }

  @Test
  void k0sctlRangesThatAreTheSamePointAtTheServiceCidrOfTheK0sctlFile() {
    String file = corpus("k0sctl-slr71-deployments.yaml");
    Cli.Run run = Cli.run("import", file);
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .contains(file + ":112:24: error[FLEET-E012]: service CIDR 10.42.0.0/16 overlaps pod CIDR")
        .contains("from spec.k0s.config.spec.network.serviceCIDR")
        .contains(" 112 |           serviceCIDR: 10.42.0.0/16")
        .contains("change spec.k0s.config.spec.network.serviceCIDR in " + file)
        .doesNotContain("as imported:");
  }

  @Test
  void aK3sTlsSanPlaceholderPointsAtItsLineOfConfigYaml() {
    String file = corpus("k3s-nishiol-homelab.yaml");
    Cli.Run run = Cli.run("import", "--k3s", "10.0.0.11=" + file);
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .contains(file + ":4:10: error[FLEET-E010]: SAN '<changeme>'")
        .contains("change tls-san in " + file)
        .doesNotContain("as imported:");
  }

  @Test
  void aMicroK8sMetalLbPlaceholderPointsAtItsLineOfTheLaunchConfiguration() {
    String file = corpus("microk8s-bitcoin-sv-bux.yaml");
    Cli.Run run =
        Cli.run(
            "import", "--microk8s-channel", "1.31/stable", "--microk8s", "m1@10.0.0.11=" + file);
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .contains(file + ":11:11: error[FLEET-E021]: MetalLB range 'BUX_HOST_IP/32'")
        .contains("change addons[metallb].args in " + file)
        .doesNotContain("as imported:");
  }

  @Test
  void aK0sClusterConfigKeyK0sDoesNotHavePointsAtThatKey() {
    String file = corpus("k0sctl-kubernetes-platform-lab.yaml");
    Cli.Run run = Cli.run("import", file);
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .contains(file + ":23:19: error[FLEET-E032]: k0s ClusterConfig has no key 'nodeIP'")
        .containsPattern(file.replace(".", "\\.") + ":\\d+:\\d+: error\\[FLEET-E030\\]")
        .doesNotContain("as imported:");
  }

  @Test
  void aK0sctlFileWithoutHostsPointsAtItsSpec() {
    String file = corpus("k0sctl-devopscoop-template.yaml");
    Cli.Run run = Cli.run("import", file);
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .contains(file + ":9:3: error[FLEET-E055]: the k0sctl configuration has no spec.hosts");
  }
}
