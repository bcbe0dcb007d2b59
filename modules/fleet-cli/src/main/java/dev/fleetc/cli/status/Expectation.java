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
 * @param version the distribution's exact build (K3s/k0s tag) or MicroK8s channel that the nodes
 *     should run: the effective version when the fleet has a rollout
 * @param repository the GitOps repository, or with {@code gitops.source: oci} the cluster's
 *     artifact {@code oci://host/path/<cluster>}; {@code null} without GitOps
 * @param revision the commit the GitOps engine should have applied, or from a registry the
 *     artifact's manifest digest ({@code sha256:...}); {@code null} when unknown
 * @param method how the cluster's nodes upgrade ({@code suc}, {@code k0sctl}, ...), or {@code null}
 * @param rollout the cluster's place in the fleet's rollout, or {@code null} without {@code
 *     rollout:}
 * @param fromOci whether the engine pulls an OCI artifact (Flux: an OCIRepository)
 */
public record Expectation(
    String cluster,
    String distribution,
    String version,
    Map<String, String> nodes,
    GitOpsEngine engine,
    String repository,
    String revision,
    String method,
    Place rollout,
    boolean fromOci) {

  /**
   * Where a cluster stands in the rollout, as the lock records it.
   *
   * @param targetVersion the version the fleet file declares
   * @param effectiveVersion the version its files pin (its previous one while its wave is held)
   */
  public record Place(String wave, String targetVersion, String effectiveVersion) {}

  public Expectation {
    nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
  }

  /** Without upgrade method, rollout and OCI source (tests of the matching rules). */
  public Expectation(
      String cluster,
      String distribution,
      String version,
      Map<String, String> nodes,
      GitOpsEngine engine,
      String repository,
      String revision) {
    this(cluster, distribution, version, nodes, engine, repository, revision, null, null, false);
  }

  /**
   * What a cluster of the effective fleet (its version the effective one) should show.
   *
   * @param rollout the fleet's rollout (held targets included), or {@code null}
   */
  public static Expectation of(Cluster cluster, String revision, dev.fleetc.model.Rollout rollout) {
    return of(cluster, revision, null, rollout);
  }

  /**
   * @param revision the Git commit, for a cluster that syncs Git
   * @param artifactDigest the digest {@code fleet publish} recorded for the cluster's artifact, for
   *     a cluster that pulls it ({@code null}: no revision is compared)
   * @param rollout the fleet's rollout (held targets included), or {@code null}
   */
  public static Expectation of(
      Cluster cluster, String revision, String artifactDigest, dev.fleetc.model.Rollout rollout) {
    Expectation e = of(cluster, revision, artifactDigest);
    if (rollout == null || !rollout.waveOf().containsKey(cluster.name())) {
      return e;
    }
    return new Expectation(
        e.cluster,
        e.distribution,
        e.version,
        e.nodes,
        e.engine,
        e.repository,
        e.revision,
        e.method,
        new Place(
            rollout.waveOf().get(cluster.name()),
            rollout.targetOf(cluster),
            cluster.release().version()),
        e.fromOci);
  }

  public static Expectation of(Cluster cluster, String revision) {
    return of(cluster, revision, (String) null);
  }

  /**
   * @param revision the Git commit, for a cluster that syncs Git
   * @param artifactDigest the digest {@code fleet publish} recorded for the cluster's artifact, for
   *     a cluster that pulls it ({@code null}: no revision is compared)
   */
  public static Expectation of(Cluster cluster, String revision, String artifactDigest) {
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
    if (engine != GitOpsEngine.NONE && cluster.gitops().fromOci()) {
      return new Expectation(
          cluster.name(),
          cluster.distribution().id(),
          cluster.release().version(),
          nodes,
          engine,
          cluster.gitops().registry().artifact(cluster.name()),
          artifactDigest,
          cluster.upgrades() == null ? null : cluster.upgrades().method().id(),
          null,
          true);
    }
    return new Expectation(
        cluster.name(),
        cluster.distribution().id(),
        cluster.release().version(),
        nodes,
        engine,
        engine == GitOpsEngine.NONE ? null : cluster.gitops().repository(),
        engine == GitOpsEngine.NONE ? null : revision,
        cluster.upgrades() == null ? null : cluster.upgrades().method().id(),
        null,
        false);
  }

  /**
   * The role a live node shows through the labels its distribution sets, or {@code null} when they
   * do not say: K3s servers and k0s controllers that run workloads carry {@code
   * node-role.kubernetes.io/control-plane=true} (K3s agents and k0s workers carry no role label);
   * MicroK8s labels control-plane nodes {@code node.kubernetes.io/microk8s-controlplane} and
   * workers {@code node.kubernetes.io/microk8s-worker}.
   */
  public String observedRole(Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (distribution.equals("microk8s")) {
      if (l.containsKey("node.kubernetes.io/microk8s-controlplane")) {
        return "control-plane";
      }
      return l.containsKey("node.kubernetes.io/microk8s-worker") ? "worker" : null;
    }
    return l.containsKey("node-role.kubernetes.io/control-plane") ? "control-plane" : "worker";
  }

  /**
   * Whether a kubelet reports the exact build for a version string the upgrade machinery reports
   * (SUC's {@code latestVersion}, an Autopilot command's {@code version}): the same rules as a
   * kubelet's, with the image-tag form ({@code v1.31.14-k3s1}) read as the build.
   */
  public boolean upgradeVersionMatches(String reported) {
    if (reported == null) {
      return false;
    }
    String build = reported.replaceFirst("-(k3s[0-9]+|k0s\\.[0-9]+)$", "+$1");
    return build.equals(version) || kubeletMatches(build);
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

  /**
   * Whether an applied revision ({@code main@sha1:abc...}, {@code abc...}; from a registry Flux's
   * {@code latest@sha256:abc...} or Argo CD's {@code sha256:abc...}) is the expected one.
   */
  public boolean revisionMatches(String applied) {
    if (revision == null) {
      return true;
    }
    if (applied == null || applied.isEmpty()) {
      return false;
    }
    if (fromOci) {
      // A digest is compared whole: a prefix of a content address proves nothing.
      return applied.endsWith("@" + revision) || applied.equals(revision);
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
