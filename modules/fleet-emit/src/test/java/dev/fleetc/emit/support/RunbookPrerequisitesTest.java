package dev.fleetc.emit.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.model.Fleet;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Every runbook says what must exist before the first node (the registration address and the ports
 * each distribution needs) and how to get a kubeconfig before the GitOps step; the k0s runbook's
 * check of k0sctl's variables catches empty ones, not only unset ones.
 */
class RunbookPrerequisitesTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: t}
      defaults:
        kubernetes: "1.32"
        gitops: {engine: flux, repository: ssh://git@example.com/fleet.git}
      clusters:
        - name: k3s-ha
          distribution: k3s
          apiEndpoint: 10.0.0.10
          token: {secretRef: env:K3S_TOKEN}
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
            - {name: s-2, address: 10.0.0.2, role: control-plane}
            - {name: s-3, address: 10.0.0.3, role: control-plane}
        - name: mk8s
          distribution: microk8s
          apiEndpoint: 10.3.0.10
          token: {secretRef: env:MK8S_TOKEN}
          nodes:
            - {name: cp-1, address: 10.3.0.1, role: control-plane}
            - {name: w-1, address: 10.3.0.2, role: worker}
        - name: k0s-pg
          distribution: k0s
          apiEndpoint: 10.2.0.10
          datastore: {type: postgres, endpoint: {secretRef: env:K0S_PG}}
          nodes:
            - {name: c-1, address: 10.2.0.1, role: control-plane}
            - {name: w-1, address: 10.2.0.2, role: worker}
      """;

  private static Map<String, String> runbooks() {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", FLEET);
    Fleet fleet = result.fleet().orElseThrow();
    List<Artifact> files = FleetEmitter.standard().emit(fleet, c -> true, "test").files();
    return Map.of(
        "k3s", content(files, "bootstrap/k3s-ha/RUNBOOK.md"),
        "microk8s", content(files, "bootstrap/mk8s/RUNBOOK.md"),
        "k0s", content(files, "bootstrap/k0s-pg/RUNBOOK.md"));
  }

  private static String content(List<Artifact> files, String path) {
    return files.stream().filter(a -> a.path().equals(path)).findFirst().orElseThrow().content();
  }

  @Test
  void k3sNamesTheLoadBalancerThePortsAndTheKubeconfigBeforeGitOps() {
    String runbook = runbooks().get("k3s");
    assertThat(runbook)
        .contains("working TCP load balancer or VIP that passes port 6443")
        .contains("| TCP 6443 |", "| TCP 2379-2380 |", "| UDP 8472 |", "| TCP 10250 |")
        .contains("/etc/rancher/k3s/k3s.yaml")
        .contains("sed 's|https://127.0.0.1:6443|https://10.0.0.10:6443|'")
        .contains("FLEETC_K3S_JOIN=https://<healthy server>:6443");
    assertThat(runbook.indexOf("## Before you start")).isLessThan(runbook.indexOf("## Stand"));
    assertThat(runbook.indexOf("## Get a kubeconfig")).isLessThan(runbook.indexOf("## GitOps"));
  }

  @Test
  void microK8sNamesTheJoinAddressThePortsAndTheKubeconfigBeforeGitOps() {
    String runbook = runbooks().get("microk8s");
    assertThat(runbook)
        .contains("passes port 16443")
        .contains("| TCP 25000 |", "| TCP 16443 |", "| TCP 19001 |", "| UDP 4789 |")
        .contains("microk8s config > mk8s.kubeconfig")
        .contains("server: https://10.3.0.10:16443");
    assertThat(runbook.indexOf("## Get a kubeconfig")).isLessThan(runbook.indexOf("## GitOps"));
  }

  @Test
  void k0sNamesThePortsAndGetsTheKubeconfigBeforeGitOps() {
    String runbook = runbooks().get("k0s");
    assertThat(runbook)
        .contains("| TCP 6443 |", "| TCP 8132 |", "| TCP 9443 |", "| TCP 179 |")
        .doesNotContain("| TCP 2380 |")
        .contains("k0sctl kubeconfig");
    assertThat(runbook.indexOf("k0sctl kubeconfig")).isLessThan(runbook.indexOf("## GitOps"));
  }

  @Test
  void theK0sVariableCheckCatchesAnEmptyVariable() throws Exception {
    String check =
        runbooks()
            .get("k0s")
            .lines()
            .filter(l -> l.contains("K0S_PG") && l.contains("echo"))
            .findFirst()
            .orElseThrow();
    assertThat(run(check, Map.of())).contains("K0S_PG is not set");
    assertThat(run(check, Map.of("K0S_PG", ""))).contains("K0S_PG is not set");
    assertThat(run(check, Map.of("K0S_PG", "postgres://k0s@db/k0s"))).isEmpty();
  }

  private static String run(String line, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true);
    pb.environment().remove("K0S_PG");
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out;
  }
}
