package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbooks' last kubeconfig step, run for real with kubectl: it renames the distribution's
 * context, cluster and user after the fleet's cluster and merges the file into the fleet's
 * kubeconfig, one cluster after another, without printing a credential.
 */
class RunbookKubeconfigMergeTest {

  @TempDir Path tmp;

  /** A kubeconfig as each distribution writes it (K3s, k0sctl, microk8s config), fake data. */
  static String distributionKubeconfig(String server, String cluster, String user, String ctx) {
    return """
        apiVersion: v1
        clusters:
        - cluster:
            certificate-authority-data: Q0EtREFUQQ==
            server: %s
          name: %s
        contexts:
        - context:
            cluster: %s
            user: %s
          name: %s
        current-context: %s
        kind: Config
        preferences: {}
        users:
        - name: %s
          user:
            token: not-a-real-token-but-secret-shaped
        """
        .formatted(server, cluster, cluster, user, ctx, ctx, user);
  }

  static String mergeBlock(Path runbook) throws IOException {
    String text = Files.readString(runbook, StandardCharsets.UTF_8);
    int intro = text.indexOf("merge it into the fleet's kubeconfig");
    assertThat(intro).as(runbook + " has the merge step").isPositive();
    int start = text.indexOf("```sh\n", intro) + "```sh\n".length();
    return text.substring(start, text.indexOf("```", start));
  }

  String run(Path dir, String script) throws Exception {
    Process p =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  @Test
  void eachDistributionsRunbookMergesItsClusterUnderItsFleetName() throws Exception {
    assumeTrue(
        new ProcessBuilder("kubectl", "version", "--client").start().waitFor() == 0,
        "kubectl is not installed");
    Path out = tmp.resolve("out");
    Path fleet = Cli.projectRoot().resolve("fleet-examples/gitops-https.fleet.yaml");
    assertThat(Cli.run("compile", fleet.toString(), "-o", out.toString()).exitCode()).isZero();
    Path fleetKubeconfig = tmp.resolve("kube/fleet");
    String env = "export FLEET_KUBECONFIG='" + fleetKubeconfig + "'\n";
    // K3s (default/default/default), k0s (k0sctl: cluster name, admin), MicroK8s.
    List<String[]> clusters =
        List.of(
            new String[] {"flux-k3s-public", "default", "default", "default"},
            new String[] {"argo-k3s-ssh", "default", "default", "default"},
            new String[] {"argo-k0s", "argo-k0s", "admin", "argo-k0s"},
            new String[] {"flux-microk8s", "microk8s-cluster", "admin", "microk8s"});
    int port = 6443;
    for (String[] c : clusters) {
      Path runbook = out.resolve("bootstrap").resolve(c[0]).resolve("RUNBOOK.md");
      Files.writeString(
          tmp.resolve(c[0] + ".kubeconfig"),
          distributionKubeconfig("https://127.0.0.1:" + port++, c[1], c[2], c[3]));
      String printed = run(tmp, env + mergeBlock(runbook));
      assertThat(printed).contains(c[0]).doesNotContain("not-a-real-token");
    }
    String contexts =
        run(tmp, "KUBECONFIG='" + fleetKubeconfig + "' kubectl config get-contexts -o name");
    assertThat(contexts.lines().sorted().toList())
        .containsExactly("argo-k0s", "argo-k3s-ssh", "flux-k3s-public", "flux-microk8s");
    // Each context reaches its own server: the two K3s files both said "default".
    String servers =
        run(
            tmp,
            "KUBECONFIG='"
                + fleetKubeconfig
                + "' kubectl config view -o"
                + " jsonpath='{range .clusters[*]}{.name}={.cluster.server}{\"\\n\"}{end}'");
    assertThat(servers)
        .contains("flux-k3s-public=https://127.0.0.1:6443")
        .contains("argo-k3s-ssh=https://127.0.0.1:6444");
    Set<PosixFilePermission> mode = Files.getPosixFilePermissions(fleetKubeconfig);
    assertThat(mode)
        .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  }
}
