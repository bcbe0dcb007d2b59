package dev.fleetc.emit.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.addons.KubeletPaths;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What makes the GitOps output work on a real cluster of each distribution, on the example {@code
 * fleet-examples/gitops-https.fleet.yaml} and acme: credentials chosen by the repository's scheme,
 * an ingress that something exposes, backups that include volume data.
 */
class RealClusterSettingsTest {

  private final GitOpsEmitter emitter = new GitOpsEmitter();

  private static Fleet https() throws IOException {
    return GitOpsEmitterTest.compile(
        Path.of("..", "..", "fleet-examples", "gitops-https.fleet.yaml"));
  }

  private Map<String, String> files(Cluster cluster) {
    Map<String, String> files = new TreeMap<>();
    for (Artifact a : emitter.emit(cluster)) {
      files.put(a.path(), a.content());
    }
    return files;
  }

  private Map<String, String> files(String name) throws IOException {
    return files(https().cluster(name).orElseThrow());
  }

  @Test
  void argoCdOverHttpsGetsAUsernameAndPasswordRepositorySecret() throws IOException {
    String runbook = files("argo-k0s").get("bootstrap/argo-k0s/GITOPS.md");
    assertThat(runbook)
        .contains("--from-literal=url='https://git.example.com/platform/fleet-gitops.git'")
        .contains("--from-literal=username='fleet-bot'")
        // The token reaches kubectl on its standard input, never in its argv (/proc/PID/cmdline).
        .contains(
            "printf '%s' \"${GITOPS_TOKEN}\" | kubectl -n argocd create secret generic"
                + " fleet-gitops-repo \\\n")
        .contains("--from-file=password=/dev/stdin")
        .doesNotContain("--from-literal=password")
        .contains("argocd.argoproj.io/secret-type=repository")
        .doesNotContain("sshPrivateKey", "deploy-key", "ssh-keyscan");
  }

  @Test
  void fluxOverHttpsGetsAUsernameAndPasswordGitSecret() throws IOException {
    Map<String, String> files = files("flux-microk8s");
    assertThat(files.get("bootstrap/flux-microk8s/GITOPS.md"))
        .contains(
            "--from-literal=username='git' --from-file=password='/etc/fleetc/secrets/gitops-token'")
        .doesNotContain("identity", "known_hosts", "ssh-keyscan");
    assertThat(files.get("clusters/flux-microk8s/flux-system/gotk-sync.yaml"))
        .contains("secretRef:", "url: \"https://git.example.com/platform/fleet-gitops.git\"");
  }

  @Test
  void aPublicHttpsRepositoryNeedsNoSecret() throws IOException {
    Map<String, String> files = files("flux-k3s-public");
    assertThat(files.get("clusters/flux-k3s-public/flux-system/gotk-sync.yaml"))
        .doesNotContain("secretRef");
    assertThat(files.get("bootstrap/flux-k3s-public/GITOPS.md"))
        .contains("no\n   Secret to create")
        .doesNotContain("create secret generic flux-system");
  }

  @Test
  void argoCdGetsTheHostKeyOfAnSshServerItDoesNotShip() throws IOException {
    Map<String, String> files = files("argo-k3s-ssh");
    assertThat(files.get("clusters/argo-k3s-ssh/root.yaml"))
        .contains("name: \"argocd-ssh-known-hosts-cm\"");
    assertThat(files.get("bootstrap/argo-k3s-ssh/GITOPS.md"))
        .contains("ssh-keyscan -p 2222 'git.example.com' >> ssh_known_hosts")
        .contains("--from-file=sshPrivateKey='/etc/fleetc/secrets/deploy-key'");
    // acme's Argo CD cluster reads github.com over ssh: Argo CD ships that key.
    Cluster dev = GitOpsEmitterTest.acme().cluster("dev").orElseThrow();
    Map<String, String> acme = files(dev);
    assertThat(acme.get("clusters/dev/root.yaml")).doesNotContain("argocd-ssh-known-hosts-cm");
    assertThat(acme.get("bootstrap/dev/GITOPS.md"))
        .contains("sshPrivateKey")
        .doesNotContain(GitCredentials.ARGOCD_KNOWN_HOSTS_CONFIGMAP);
  }

  @Test
  void fluxOverSshGetsAnIdentityAndTheServersHostKey() throws IOException {
    Cluster prodEu = GitOpsEmitterTest.acme().cluster("prod-eu").orElseThrow();
    assertThat(files(prodEu).get("bootstrap/prod-eu/GITOPS.md"))
        .contains("ssh-keyscan 'github.com' > known_hosts")
        .contains("--from-file=identity=./deploy-key --from-file=known_hosts=./known_hosts");
  }

  @Test
  void theIngressBindsNodePortsWhereNothingServesLoadBalancers() throws IOException {
    assertThat(files("argo-k0s").get("clusters/argo-k0s/addons/ingress.yaml"))
        .contains("kind: \"DaemonSet\"", "hostPort: 80", "hostPort: 443", "type: \"ClusterIP\"")
        .contains("maxSurge: 0")
        // Ingress status names a node (the first worker) so Argo CD sees Ingresses Healthy.
        .contains("publishedService:\n              enabled: false", "ip: \"10.40.0.21\"");
    assertThat(files("flux-microk8s").get("clusters/flux-microk8s/infrastructure/ingress.yaml"))
        .contains("kind: \"DaemonSet\"", "hostPort:", "enabled: true", "type: \"ClusterIP\"")
        .contains("reportNodeInternalIp: true");
    // MicroK8s with MetalLB, and K3s with ServiceLB, keep the chart's LoadBalancer Service.
    assertThat(
            files("argo-microk8s-metallb")
                .get("clusters/argo-microk8s-metallb/addons/ingress.yaml"))
        .doesNotContain("hostPort", "DaemonSet");
    assertThat(files("flux-k3s-public").get("clusters/flux-k3s-public/infrastructure/ingress.yaml"))
        .doesNotContain("hostPort", "DaemonSet");
  }

  @Test
  void veleroBacksUpVolumeDataFromEachDistributionsKubeletFolder() throws IOException {
    assertThat(files("argo-k0s").get("clusters/argo-k0s/addons/backup.yaml"))
        .contains("deployNodeAgent: true", "defaultVolumesToFsBackup: true")
        .contains("snapshotsEnabled: false")
        .contains("podVolumePath: \"/var/lib/k0s/kubelet/pods\"")
        .doesNotContain("volumeSnapshotLocation");
    Map<String, String> microk8s = files("flux-microk8s");
    assertThat(microk8s.get("clusters/flux-microk8s/infrastructure/backup.yaml"))
        .contains("podVolumePath: \"${kubelet_root_dir}/pods\"");
    assertThat(microk8s.get("clusters/flux-microk8s/cluster-vars.yaml"))
        .contains("kubelet_root_dir: \"/var/snap/microk8s/common/var/lib/kubelet\"");
    assertThat(files("flux-k3s-public").get("clusters/flux-k3s-public/cluster-vars.yaml"))
        .contains("kubelet_root_dir: \"/var/lib/kubelet\"");
  }

  @Test
  void theLocalPathClassCreatesLocalVolumesOnEveryDistribution() throws IOException {
    for (Cluster cluster : https().clusters()) {
      String storage =
          files(cluster).entrySet().stream()
              .filter(e -> e.getKey().endsWith("/storage.yaml"))
              .map(Map.Entry::getValue)
              .findFirst()
              .orElseThrow();
      assertThat(storage).as(cluster.name()).contains("defaultVolumeType: \"local\"");
    }
  }

  @Test
  void credentialsAreReferencesThatExplainShowsAndAnUpperLayerCanClear() throws IOException {
    Cluster argo = https().cluster("argo-k0s").orElseThrow();
    assertThat(dev.fleetc.model.ClusterSettings.flatten(argo))
        .containsEntry("gitops.auth.username", "fleet-bot")
        .containsEntry("gitops.auth.password", "env:GITOPS_TOKEN");
    String fleet =
        """
        apiVersion: fleetc.dev/v1alpha1
        kind: Fleet
        metadata: {name: t}
        defaults:
          kubernetes: "1.31"
          gitops:
            engine: flux
            repository: https://git.example.com/fleet.git
            auth: {username: bot, password: {secretRef: env:TOKEN}}
        clusters:
          - name: private
            distribution: k3s
            nodes: [{name: a, address: 10.0.0.1, role: control-plane}]
          - name: public
            distribution: k3s
            gitops: {repository: https://git.example.com/public.git, auth: none}
            nodes: [{name: b, address: 10.0.0.2, role: control-plane}]
        """;
    CompileResult result = new FleetCompiler().compile("fleet.yaml", fleet);
    Fleet compiled = result.fleet().orElseThrow(() -> new AssertionError(result.diagnostics()));
    assertThat(compiled.cluster("private").orElseThrow().gitops().auth().password())
        .hasToString("env:TOKEN");
    assertThat(compiled.cluster("public").orElseThrow().gitops().auth().isEmpty()).isTrue();
  }

  @Test
  void kubeletFolderFollowsTheEscapeHatches() throws IOException {
    String fleet =
        """
        apiVersion: fleetc.dev/v1alpha1
        kind: Fleet
        metadata: {name: t}
        defaults: {kubernetes: "1.31", gitops: {engine: none}}
        clusters:
          - name: k0s-moved
            distribution: k0s
            ssh: {user: ops, keyPath: /keys/id}
            k0s: {hosts: {dataDir: /data/k0s}}
            nodes: [{name: a, address: 10.0.0.1, role: control-plane}]
          - name: k3s-moved
            distribution: k3s
            k3s: {agent: {kubelet-arg: ["root-dir=/srv/kubelet"]}}
            nodes: [{name: b, address: 10.0.0.2, role: control-plane}]
        """;
    CompileResult result = new FleetCompiler().compile("fleet.yaml", fleet);
    Fleet compiled = result.fleet().orElseThrow(() -> new AssertionError(result.diagnostics()));
    assertThat(KubeletPaths.rootDir(compiled.cluster("k0s-moved").orElseThrow()))
        .isEqualTo("/data/k0s/kubelet");
    assertThat(KubeletPaths.rootDir(compiled.cluster("k3s-moved").orElseThrow()))
        .isEqualTo("/srv/kubelet");
  }
}
