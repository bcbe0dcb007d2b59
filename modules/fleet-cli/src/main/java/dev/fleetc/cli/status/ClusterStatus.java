package dev.fleetc.cli.status;

import java.util.List;

/**
 * One cluster as read. Every string that came from the cluster is raw here; {@link StatusReport}
 * escapes it for the terminal.
 *
 * @param unreachable why the cluster could not be read, or {@code null} when it was
 * @param upgrade one entry per system-upgrade-controller Plan ({@code null}: SUC not installed)
 * @param gitops the GitOps objects read ({@code null}: the cluster declares no GitOps)
 */
public record ClusterStatus(
    Expectation expected,
    String context,
    Unreachable unreachable,
    List<NodeStatus> nodes,
    List<String> missing,
    List<PlanStatus> upgrade,
    GitOpsStatus gitops) {

  public boolean reachable() {
    return unreachable == null;
  }

  /** A live node. */
  public record NodeStatus(
      String name,
      boolean ready,
      boolean cordoned,
      String kubeletVersion,
      boolean expected,
      boolean versionMatches) {}

  /** The state of one upgrade Plan. */
  public enum PlanState {
    COMPLETE("complete"),
    VACUOUS("vacuously-complete"),
    IN_PROGRESS("in-progress"),
    WAITING_FOR_WINDOW("waiting-for-window"),
    FAILED("failed"),
    PENDING("pending");

    final String id;

    PlanState(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  /**
   * @param nodes the nodes the Plan completed on (labelled with its latest hash)
   * @param detail failed jobs, applying nodes or the window, for a human
   */
  public record PlanStatus(
      String name, PlanState state, String latestVersion, List<String> nodes, String detail) {}

  /** One GitOps object: a Flux Kustomization or GitRepository, or an Argo CD Application. */
  public record GitOpsObject(
      String kind,
      String namespace,
      String name,
      String state,
      String health,
      String revision,
      boolean revisionMatches,
      String message) {}

  /**
   * @param installed false when the API server does not know the engine's resources (HTTP 404)
   */
  public record GitOpsStatus(String engine, boolean installed, List<GitOpsObject> objects) {}

  public long count(java.util.function.Predicate<NodeStatus> which) {
    return nodes.stream().filter(which).count();
  }

  /** Something is broken: unreachable, a node NotReady, a failed upgrade, GitOps failing. */
  public boolean unhealthy() {
    if (!reachable()) {
      return true;
    }
    return nodes.stream().anyMatch(n -> !n.ready())
        || (upgrade != null && upgrade.stream().anyMatch(p -> p.state() == PlanState.FAILED))
        || (gitops != null
            && (!gitops.installed()
                || gitops.objects().isEmpty()
                || gitops.objects().stream().anyMatch(o -> o.state().equals("failing"))));
  }

  /** The cluster is what the fleet says, at rest. */
  public boolean converged() {
    if (unhealthy()) {
      return false;
    }
    boolean nodesOk =
        missing.isEmpty()
            && nodes.stream().allMatch(n -> n.expected() && !n.cordoned() && n.versionMatches());
    boolean upgradeOk =
        upgrade == null
            || upgrade.stream()
                .allMatch(p -> p.state() == PlanState.COMPLETE || p.state() == PlanState.VACUOUS);
    boolean gitopsOk =
        gitops == null
            || gitops.objects().stream()
                .allMatch(o -> o.state().equals("ready") && o.revisionMatches());
    return nodesOk && upgradeOk && gitopsOk;
  }

  /** {@code converged}, {@code not-yet} (drift or in progress) or {@code unhealthy}. */
  public String verdict() {
    return unhealthy() ? "unhealthy" : converged() ? "converged" : "not-yet";
  }
}
