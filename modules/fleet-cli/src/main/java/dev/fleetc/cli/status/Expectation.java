package dev.fleetc.cli.status;

import dev.fleetc.model.Cluster;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.Node;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fleet file compiles to for one cluster, as far as a live cluster can show it.
 *
 * @param nodes the nodes that register with the API server, by name, with their role id; k0s
 *     controllers that run no workloads are left out (they are not Kubernetes nodes)
 * @param version the distribution's exact build (K3s/k0s tag) or MicroK8s channel
 * @param repository the GitOps repository, or {@code null} without GitOps
 * @param revision the commit the GitOps engine should have applied, or {@code null} when unknown
 */
public record Expectation(
    String cluster,
    String distribution,
    String version,
    Map<String, String> nodes,
    GitOpsEngine engine,
    String repository,
    String revision) {

  public Expectation {
    nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
  }

  public static Expectation of(Cluster cluster, String revision) {
    Map<String, String> nodes = new TreeMap<>();
    for (Node node : cluster.nodes()) {
      boolean registers =
          cluster.distribution() != Distribution.K0S
              || !node.isControlPlane()
              || node.controlPlaneWorker()
              || cluster.nodes().size() == 1;
      if (registers) {
        nodes.put(node.name(), node.role().id());
      }
    }
    GitOpsEngine engine = cluster.gitops() == null ? GitOpsEngine.NONE : cluster.gitops().engine();
    return new Expectation(
        cluster.name(),
        cluster.distribution().id(),
        cluster.release().version(),
        nodes,
        engine,
        engine == GitOpsEngine.NONE ? null : cluster.gitops().repository(),
        engine == GitOpsEngine.NONE ? null : revision);
  }

  /**
   * Whether a kubelet reports the expected build: K3s exactly ({@code v1.31.14+k3s1}); k0s by the
   * Kubernetes version before {@code +} (the tag {@code v1.31.2+k0s.0} reports {@code
   * v1.31.2+k0s}); MicroK8s by the channel's minor ({@code 1.31/stable} runs any {@code v1.31.x}).
   */
  public boolean kubeletMatches(String kubeletVersion) {
    if (kubeletVersion == null) {
      return false;
    }
    if (version.contains("/")) {
      String minor = version.substring(0, version.indexOf('/'));
      return kubeletVersion.startsWith("v" + minor + ".");
    }
    if (distribution.equals("k3s")) {
      return kubeletVersion.equals(version);
    }
    return beforePlus(kubeletVersion).equals(beforePlus(version));
  }

  private static String beforePlus(String version) {
    int plus = version.indexOf('+');
    return plus < 0 ? version : version.substring(0, plus);
  }

  /** Whether an applied revision ({@code main@sha1:abc...}, {@code abc...}) is the expected one. */
  public boolean revisionMatches(String applied) {
    if (revision == null) {
      return true;
    }
    if (applied == null || applied.isEmpty()) {
      return false;
    }
    String sha = applied;
    int colon = sha.lastIndexOf(':');
    if (colon >= 0) {
      sha = sha.substring(colon + 1);
    } else if (sha.contains("@")) {
      sha = sha.substring(sha.lastIndexOf('@') + 1);
    }
    return sha.length() >= 7
        && revision.length() >= 7
        && (sha.startsWith(revision) || revision.startsWith(sha));
  }
}
