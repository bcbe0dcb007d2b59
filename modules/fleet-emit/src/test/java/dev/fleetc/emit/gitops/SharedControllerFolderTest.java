package dev.fleetc.emit.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.emit.upgrades.SystemUpgradeController;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vendored system-upgrade-controller is written once per fleet, in {@code
 * shared/system-upgrade-controller/<version>/}, and every K3s cluster's GitOps path references it:
 * a 50-cluster fleet holds one {@code crd.yaml}, the lock lists it once and names the folder in
 * each cluster's entry, the per-cluster folder builds with {@code kubectl kustomize} to the objects
 * the per-cluster copy built to, and what limits a cluster's view (Argo CD's manifest paths, the
 * OCI artifact's layout) includes the folder.
 */
class SharedControllerFolderTest {

  @TempDir Path temp;

  private static final String VERSION_FOLDER = "shared/system-upgrade-controller/";

  /** 50 K3s clusters, every fifth on Argo CD, every seventh delivered from OCI. */
  private Fleet fifty() throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: fleetc.dev/v1alpha1
            kind: Fleet
            metadata:
              name: fifty
            defaults:
              kubernetes: "1.35"
              distribution: k3s
              gitops:
                engine: flux
                repository: https://git.example.com/platform/gitops.git
                registry: {url: "oci://registry.example.com/fleet", tag: fleet}
            clusters:
            """);
    for (int i = 0; i < 50; i++) {
      yaml.append("  - name: store-%03d\n".formatted(i));
      if (i % 5 == 0 || i % 7 == 0) {
        yaml.append("    gitops: {")
            .append(i % 5 == 0 ? "engine: argocd" : "engine: flux")
            .append(i % 7 == 0 ? ", source: oci" : "")
            .append("}\n");
      }
      yaml.append("    nodes:\n")
          .append(
              "      - {name: s%d-1, address: 10.%d.%d.11, role: control-plane}\n"
                  .formatted(i, 100 + i / 200, i % 200));
    }
    Path file = temp.resolve("fifty.fleet.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return GitOpsEmitterTest.compile(file);
  }

  private static CompiledFleet emit(Fleet fleet) {
    return FleetEmitter.standard().emit(fleet, c -> true, "fleetc test");
  }

  @Test
  void aFleetHoldsOneCopyOfTheControllerAndItsCrd() throws Exception {
    Fleet fleet = fifty();
    CompiledFleet compiled = emit(fleet);
    List<String> crds =
        compiled.files().stream()
            .map(Artifact::path)
            .filter(p -> p.endsWith("/crd.yaml") || p.endsWith("/system-upgrade-controller.yaml"))
            .toList();
    String folder = VERSION_FOLDER + SystemUpgradeController.version(fleet.clusters().get(0));
    assertThat(crds)
        .containsExactly(folder + "/crd.yaml", folder + "/system-upgrade-controller.yaml");
    Lock lock = Lock.parse(compiled.lock());
    assertThat(lock.files().stream().map(Lock.LockArtifact::path))
        .contains(folder + "/crd.yaml", folder + "/kustomization.yaml");
    assertThat(lock.clusters()).hasSize(50).allMatch(c -> c.shared().equals(List.of(folder)));
    assertThat(lock.clusters())
        .allMatch(c -> c.artifacts().stream().noneMatch(a -> a.path().startsWith(VERSION_FOLDER)));
    // The same input, the same bytes.
    assertThat(emit(fifty()).lock()).isEqualTo(compiled.lock());
  }

  @Test
  void aFleetWithoutSucClustersHasNoSharedFolder() throws Exception {
    CompiledFleet compiled =
        emit(
            GitOpsEmitterTest.compile(
                Path.of("src", "test", "resources", "golden", "k0s-single", "fleet.yaml")));
    assertThat(compiled.files()).noneMatch(a -> a.path().startsWith("shared/"));
    assertThat(compiled.lock()).doesNotContain("\"shared\"");
  }

  /**
   * Each cluster's folder, built in the written tree, gives the objects the per-cluster copy of the
   * release gave before (its kustomization listed crd.yaml and system-upgrade-controller.yaml, and
   * the Argo CD folder plans.yaml too).
   */
  @Test
  void eachClustersFolderBuildsToTheReleaseObjects() throws Exception {
    assumeTrue(Kustomize.available(), "kubectl not on PATH: kustomize build skipped");
    Fleet fleet = fifty();
    CompiledFleet compiled = emit(fleet);
    Map<String, String> tree = new LinkedHashMap<>();
    compiled.files().forEach(a -> tree.put(a.path(), a.content()));
    String version = SystemUpgradeController.version(fleet.clusters().get(0));
    int built = 0;
    for (String cluster : List.of("store-000", "store-001", "store-007", "store-010")) {
      boolean argo = cluster.equals("store-000") || cluster.equals("store-010");
      String folder =
          "clusters/" + cluster + (argo ? "/system-upgrade" : "/system-upgrade/controller");
      String[] error = new String[1];
      Optional<String> now = Kustomize.build(temp.resolve("tree" + built), tree, folder, error);
      assertThat(now).as("kubectl kustomize %s: %s", folder, error[0]).isPresent();
      // The layout before the shared folder: the assets copied into the cluster's folder.
      Map<String, String> before = new LinkedHashMap<>();
      before.put("crd.yaml", SystemUpgradeController.crdManifest(version));
      before.put(
          "system-upgrade-controller.yaml", SystemUpgradeController.controllerManifest(version));
      StringBuilder kustomization =
          new StringBuilder(
              "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n"
                  + "  - crd.yaml\n  - system-upgrade-controller.yaml\n");
      if (argo) {
        kustomization.append("  - plans.yaml\n");
        before.put("plans.yaml", tree.get(folder + "/plans.yaml"));
      }
      before.put("kustomization.yaml", kustomization.toString());
      Optional<String> old = Kustomize.build(temp.resolve("before" + built), before, error);
      assertThat(old).as("kubectl kustomize (before): %s", error[0]).isPresent();
      assertThat(now.get()).as(folder).isEqualTo(old.get()).contains("kind: Deployment");
      built++;
    }
  }

  @Test
  void argoCdRegeneratesWhenTheSharedFolderChanges() throws Exception {
    Fleet fleet = fifty();
    Cluster git = fleet.cluster("store-005").orElseThrow();
    Cluster oci = fleet.cluster("store-035").orElseThrow();
    String folder = VERSION_FOLDER + SystemUpgradeController.version(git);
    Map<String, String> files = new LinkedHashMap<>();
    emit(fleet).files().forEach(a -> files.put(a.path(), a.content()));
    // The root Application's path stays self-contained; the Application system-upgrade syncs the
    // folder that references the shared one, and regenerates when either changes.
    assertThat(files.get("clusters/store-005/kustomization.yaml"))
        .contains("- \"system-upgrade.yaml\"")
        .doesNotContain("- \"system-upgrade\"\n");
    assertThat(files.get("clusters/store-005/root.yaml"))
        .contains("argocd.argoproj.io/manifest-generate-paths: \".\"\n")
        .contains("path: \"clusters/store-005\"");
    assertThat(files.get("clusters/store-005/system-upgrade.yaml"))
        .contains("argocd.argoproj.io/manifest-generate-paths: \".;/" + folder + "\"")
        .contains("path: \"clusters/store-005/system-upgrade\"")
        .contains("namespace: \"system-upgrade\"");
    // From OCI the artifact holds the path and the folder at their places: the path is named.
    assertThat(files.get("clusters/store-035/root.yaml"))
        .doesNotContain("manifest-generate-paths")
        .contains("path: \"clusters/store-035\"")
        .contains("targetRevision: \"fleet\"");
    assertThat(files.get("clusters/store-035/system-upgrade.yaml"))
        .doesNotContain("manifest-generate-paths")
        .contains("path: \"clusters/store-035/system-upgrade\"")
        .contains("repoURL: \"oci://registry.example.com/fleet/store-035\"");
    assertThat(oci.gitops().fromOci()).isTrue();
  }

  @Test
  void fluxReadsTheUpgradeFoldersFromTheClustersOwnSource() throws Exception {
    Map<String, String> files = new LinkedHashMap<>();
    emit(fifty()).files().forEach(a -> files.put(a.path(), a.content()));
    assertThat(files.get("clusters/store-007/system-upgrade.yaml"))
        .contains("path: \"./clusters/store-007/system-upgrade/controller\"")
        .contains("kind: \"OCIRepository\"")
        .doesNotContain("GitRepository");
    assertThat(files.get("clusters/store-007/flux-system/gotk-sync.yaml"))
        .contains("path: \"./clusters/store-007\"");
    assertThat(files.get("clusters/store-001/flux-system/gotk-sync.yaml"))
        .contains("!/shared/system-upgrade-controller/v");
  }
}
