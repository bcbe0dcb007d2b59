package dev.fleetc.emit.cloudinit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.runbook.UnattendedInstall;
import dev.fleetc.emit.runbook.UnattendedInstall.JoinWait;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Node;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What each node waits for at first boot: the first control-plane node for nothing, the other
 * control-plane nodes for the registration address (K3s /ping) or the first node's cluster agent
 * (MicroK8s) and for the control-plane node before them, workers for the control plane.
 */
class JoinOrderTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: t}
      clusters:
        - name: etcd
          distribution: k3s
          kubernetes: "1.33"
          apiEndpoint: 10.0.0.10
          token: {secretRef: env:T}
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
            - {name: s-2, address: 10.0.0.2, role: control-plane}
            - {name: s-3, address: 10.0.0.3, role: control-plane}
            - {name: a-1, address: 10.0.0.4, role: worker}
        - name: pg
          distribution: k3s
          kubernetes: "1.33"
          token: {secretRef: env:T}
          datastore: {type: postgres, endpoint: {secretRef: env:DSN}}
          nodes:
            - {name: p-1, address: 10.0.2.1, role: control-plane}
            - {name: p-2, address: "fd00::2", role: control-plane}
        - name: lab
          distribution: microk8s
          kubernetes: "1.33"
          token: {secretRef: env:LAB}
          nodes:
            - {name: m-1, address: 10.0.1.1, role: control-plane}
            - {name: m-2, address: 10.0.1.2, role: control-plane}
            - {name: m-3, address: 10.0.1.3, role: control-plane}
            - {name: w-1, address: 10.0.1.4, role: worker}
      """;

  private static Cluster cluster(String name) {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", FLEET);
    return result.fleet().orElseThrow().clusters().stream()
        .filter(c -> c.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static List<String> probes(Cluster cluster, String node) {
    Node n = cluster.nodes().stream().filter(x -> x.name().equals(node)).findFirst().orElseThrow();
    return UnattendedInstall.joinWaits(cluster, n).stream()
        .map(w -> (w.ping() ? "ping " : "agent ") + w.url())
        .toList();
  }

  @Test
  void k3sServersJoinOneAtATimeThroughTheRegistrationAddress() {
    Cluster etcd = cluster("etcd");
    assertThat(probes(etcd, "s-1")).isEmpty();
    assertThat(probes(etcd, "s-2"))
        .containsExactly("ping https://10.0.0.10:6443/ping", "ping https://10.0.0.1:6443/ping");
    assertThat(probes(etcd, "s-3"))
        .containsExactly("ping https://10.0.0.10:6443/ping", "ping https://10.0.0.2:6443/ping");
    assertThat(probes(etcd, "a-1")).containsExactly("ping https://10.0.0.10:6443/ping");
  }

  @Test
  void k3sServersOnPostgresWaitOnlyForTheServerBeforeThem() {
    Cluster pg = cluster("pg");
    assertThat(probes(pg, "p-1")).isEmpty();
    assertThat(probes(pg, "p-2")).containsExactly("ping https://10.0.2.1:6443/ping");
  }

  @Test
  void microK8sNodesWaitForTheFirstNodesAgentAndTheNodeBeforeThem() {
    Cluster lab = cluster("lab");
    assertThat(probes(lab, "m-1")).isEmpty();
    assertThat(probes(lab, "m-2")).containsExactly("agent https://10.0.1.1:25000/");
    assertThat(probes(lab, "m-3"))
        .containsExactly("agent https://10.0.1.1:25000/", "agent https://10.0.1.2:25000/");
    assertThat(probes(lab, "w-1")).containsExactly("agent https://10.0.1.1:25000/");
  }

  @Test
  void theFirstBootScriptProbesWhatTheRunbookSays() {
    Cluster lab = cluster("lab");
    List<JoinWait> waits = UnattendedInstall.joinWaits(lab, lab.nodes().get(2));
    String runbookOrder = UnattendedInstall.runbookScope(lab).get("order").toString();
    for (JoinWait wait : waits) {
      assertThat(runbookOrder).contains(wait.what());
    }
  }
}
