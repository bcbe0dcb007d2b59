package dev.fleetc.emit.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Runbook text that must match the cluster it describes: the SSH user that fetches the kubeconfig,
 * why the K3s token is kept (by datastore), how a single server is rebuilt, and which classes the
 * MicroK8s add-ons really provide without a GitOps engine.
 */
class RunbookTopologyTextTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: text}
      clusters:
        - name: solo
          distribution: k3s
          kubernetes: "1.33"
          ssh: {user: ops, port: 2222, keyPath: ~/.ssh/fleet key}
          datastore: {type: sqlite}
          token: {secretRef: env:SOLO_TOKEN}
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
        - name: pg
          distribution: k3s
          kubernetes: "1.33"
          apiEndpoint: 10.0.1.10
          token: {secretRef: env:PG_TOKEN}
          datastore: {type: postgres, endpoint: {secretRef: env:PG_DSN}}
          nodes:
            - {name: p-1, address: 10.0.1.1, role: control-plane}
            - {name: p-2, address: 10.0.1.2, role: control-plane}
        - name: ha
          distribution: k3s
          kubernetes: "1.33"
          apiEndpoint: 10.0.2.10
          token: {secretRef: env:HA_TOKEN}
          nodes:
            - {name: h-1, address: 10.0.2.1, role: control-plane}
            - {name: h-2, address: 10.0.2.2, role: control-plane}
            - {name: h-3, address: 10.0.2.3, role: control-plane}
        - name: kiosk
          distribution: microk8s
          kubernetes: "1.31"
          ssh: {user: ubuntu}
          addons: {ingress: traefik, storage: local-path}
          nodes:
            - {name: k-1, address: 10.0.3.1, role: control-plane}
      """;

  private static Map<String, String> runbooks() {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", FLEET);
    assertThat(result.fleet())
        .as(() -> new DiagnosticRenderer(FLEET).renderAll(result.diagnostics()))
        .isPresent();
    Map<String, String> files = new TreeMap<>();
    for (Artifact a : FleetEmitter.standard().emit(result.fleet().get(), c -> true, "t").files()) {
      if (a.path().endsWith("/RUNBOOK.md")) {
        files.put(a.path().split("/")[1], a.content());
      }
    }
    return files;
  }

  @Test
  void theKubeconfigIsFetchedAsTheConfiguredUser() {
    Map<String, String> runbooks = runbooks();
    assertThat(runbooks.get("solo"))
        .contains(
            "ssh -p 2222 -i ~/'.ssh/fleet key' ops@10.0.0.1 sudo cat /etc/rancher/k3s/k3s.yaml")
        .doesNotContain("ssh root@");
    assertThat(runbooks.get("kiosk"))
        .contains("ssh ubuntu@10.0.3.1 sudo microk8s config > kiosk.kubeconfig")
        .doesNotContain("ssh root@");
    // root needs no sudo.
    assertThat(runbooks.get("pg")).contains("ssh root@10.0.1.1 cat /etc/rancher/k3s/k3s.yaml");
  }

  @Test
  void theTokenIsKeptForTheDatastoreTheClusterHas() {
    Map<String, String> runbooks = runbooks();
    assertThat(runbooks.get("solo"))
        .contains("Keep it with the backups of `/var/lib/rancher/k3s/server/db`")
        .doesNotContain("etcd needs it", "etcd snapshot", "etcd member");
    assertThat(runbooks.get("pg"))
        .contains("PostgreSQL database's backups")
        .doesNotContain("etcd needs it");
    assertThat(runbooks.get("ha")).contains("restoring an etcd snapshot needs it");
  }

  @Test
  void aSingleServerIsNotRebuiltOnAHealthyServer() {
    Map<String, String> runbooks = runbooks();
    assertThat(runbooks.get("solo"))
        .doesNotContain("on a healthy server")
        .contains("**Rebuild the server**")
        .contains("restore `/var/lib/rancher/k3s/server/db/` from your backup");
    assertThat(runbooks.get("ha")).contains("**Rebuild a server**").contains("on a healthy server");
  }

  @Test
  void microk8sWithoutGitOpsNamesTheClassesTheAddOnsReallyProvide() {
    assertThat(runbooks().get("kiosk"))
        .contains(
            "| Ingress | the MicroK8s `ingress` add-on of 1.31: NGINX (ingress-nginx), IngressClasses"
                + " `public` (the default) and `nginx`; **not** the fleet's `traefik`")
        .contains("default StorageClass `microk8s-hostpath`")
        .contains("**not** `local-path`");
  }
}
