package dev.fleetc.emit.gitops;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.support.YamlWriter;
import dev.fleetc.emit.upgrades.SystemUpgradeController;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.GitOpsEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Folders of the output tree's {@code shared/} that clusters' GitOps paths reference by a relative
 * path instead of each holding a copy: today the vendored system-upgrade-controller release, one
 * folder per pinned version ({@code shared/system-upgrade-controller/v0.20.1}). Its files are
 * written once per fleet and listed once in the lock (its {@code files}); each cluster's lock entry
 * names the folders it uses ({@code shared}), so that {@code fleet diff} attributes a change of
 * them to every such cluster, and {@code fleet publish} packs them into its artifact.
 */
public final class SharedFolders {

  private SharedFolders() {}

  /** The shared folders the cluster's GitOps path references, sorted; empty for most clusters. */
  public static List<String> of(Cluster cluster) {
    if (cluster.gitops().engine() == GitOpsEngine.NONE
        || !SystemUpgradeController.applies(cluster)) {
      return List.of();
    }
    return List.of(SystemUpgradeController.sharedFolder(SystemUpgradeController.version(cluster)));
  }

  /**
   * The files of every shared folder some of {@code clusters} use, in path order: a kustomization
   * over the release assets, and the two assets unchanged (their bytes and digests read once per
   * process).
   */
  public static List<Artifact> files(Iterable<Cluster> clusters) {
    TreeSet<String> versions = new TreeSet<>();
    for (Cluster cluster : clusters) {
      if (!of(cluster).isEmpty()) {
        versions.add(SystemUpgradeController.version(cluster));
      }
    }
    List<Artifact> out = new ArrayList<>();
    for (String version : versions) {
      String folder = SystemUpgradeController.sharedFolder(version);
      out.add(SystemUpgradeController.crdFile(version, folder + "/crd.yaml"));
      out.add(
          Artifact.of(
              folder + "/kustomization.yaml",
              ArtifactKind.MANIFEST,
              YamlWriter.write(
                  Objects.kustomization(
                      null, List.of("crd.yaml", "system-upgrade-controller.yaml")))));
      out.add(
          SystemUpgradeController.controllerFile(
              version, folder + "/system-upgrade-controller.yaml"));
    }
    return out;
  }
}
