package dev.fleetc.emit.k0s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.Artifact;
import dev.fleetc.model.Cluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** k0s delivers the add-ons itself when no GitOps engine runs, and only then. */
class K0sAddonsTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: t}
      clusters:
        - name: shop
          distribution: k0s
          kubernetes: "1.33"
          ssh: {user: ops}
          gitops: ENGINE
          addons:
            ingress: traefik
            storage: local-path
            backup:
              velero:
                bucket: b
                region: eu-west-1
                schedule: "0 2 * * *"
                credentials: {secretRef: env:VELERO_SECRET_VALUE}
          nodes:
            - {name: c-1, address: 10.0.0.1, role: control-plane}
      """;

  private static Cluster cluster(String gitops) {
    return new FleetCompiler()
        .compile("fleet.yaml", FLEET.replace("ENGINE", gitops))
        .fleet()
        .orElseThrow()
        .clusters()
        .get(0);
  }

  private static List<JsonNode> documents(Cluster cluster) {
    Artifact k0sctl =
        new K0sEmitter()
            .emit(cluster).stream()
                .filter(a -> a.path().endsWith("k0sctl.yaml"))
                .findFirst()
                .orElseThrow();
    return YAMLMapper.builder()
        .build()
        .readerFor(JsonNode.class)
        .<JsonNode>readValues(k0sctl.content())
        .readAll();
  }

  @Test
  void chartsArePinnedFromTheReleaseAndStorageIsTheDefaultLocalPathClass() throws Exception {
    Cluster cluster = cluster("{engine: none}");
    List<JsonNode> docs = documents(cluster);
    JsonNode helm = docs.get(0).at("/spec/k0s/config/spec/extensions/helm");
    Map<String, String> pinned = cluster.release().components();
    assertThat(helm.at("/charts/0/chartname").asString()).isEqualTo("traefik/traefik");
    assertThat(helm.at("/charts/0/version").asString()).isEqualTo(pinned.get("chart/traefik"));
    assertThat(helm.at("/charts/1/chartname").asString()).isEqualTo("vmware-tanzu/velero");
    assertThat(helm.at("/charts/1/version").asString()).isEqualTo(pinned.get("chart/velero"));
    assertThat(helm.at("/charts/1/values").asString())
        .contains("existingSecret: \"velero-credentials\"")
        .doesNotContain("VELERO_SECRET_VALUE");

    JsonNode storageClass =
        docs.stream()
            .filter(d -> d.path("kind").asString().equals("StorageClass"))
            .findFirst()
            .orElseThrow();
    assertThat(storageClass.at("/metadata/name").asString()).isEqualTo("local-path");
    assertThat(
            storageClass
                .at("/metadata/annotations")
                .path("storageclass.kubernetes.io/is-default-class")
                .asString())
        .isEqualTo("true");
    assertThat(storageClass.path("provisioner").asString()).isEqualTo("rancher.io/local-path");
    // Velero's file-system backup skips hostPath volumes, the provisioner's default type.
    assertThat(storageClass.at("/metadata/annotations").path("defaultVolumeType").asString())
        .isEqualTo("local");
    // k0s has no LoadBalancer: the ingress binds node ports; Velero reads k0s's kubelet folder.
    assertThat(helm.at("/charts/0/values").asString())
        .contains("kind: \"DaemonSet\"", "hostPort: 80", "type: \"ClusterIP\"");
    assertThat(helm.at("/charts/1/values").asString())
        .contains(
            "deployNodeAgent: true",
            "defaultVolumesToFsBackup: true",
            "snapshotsEnabled: false",
            "podVolumePath: \"/var/lib/k0s/kubelet/pods\"")
        .doesNotContain("volumeSnapshotLocation");
    JsonNode deployment =
        docs.stream()
            .filter(d -> d.path("kind").asString().equals("Deployment"))
            .findFirst()
            .orElseThrow();
    assertThat(deployment.at("/spec/template/spec/containers/0/image").asString())
        .isEqualTo("rancher/local-path-provisioner:" + pinned.get("local-path-provisioner"));
    // k0sctl expands $VAR: the helper scripts' shell variables must reach the cluster as $VOL_DIR.
    JsonNode configMap =
        docs.stream()
            .filter(d -> d.path("kind").asString().equals("ConfigMap"))
            .findFirst()
            .orElseThrow();
    assertThat(configMap.at("/data/setup").asString()).contains("\"$$VOL_DIR\"");
  }

  @Test
  void aGitOpsEngineDeliversTheAddonsInstead() throws Exception {
    List<JsonNode> docs =
        documents(
            cluster(
                "{engine: flux, repository: \"ssh://git@example.com/fleet.git\", branch: main}"));
    assertThat(docs).hasSize(1);
    assertThat(docs.get(0).at("/spec/k0s/config/spec/extensions").isMissingNode()).isTrue();
  }
}
