package dev.fleetc.cli.status;

import java.util.List;

/**
 * One cluster as read. Every string that came from the cluster is raw here; {@link StatusReport}
 * escapes it for the terminal.
 *
 * @param unreachable why the cluster could not be read, or {@code null} when it was
 * @param upgrade one entry per system-upgrade-controller Plan ({@code null}: SUC not installed)
 * @param gitops the GitOps objects read ({@code null}: the cluster declares no GitOps)
 * @param autopilot the k0s Autopilot plan ({@code null}: not a k0s cluster, or not read)
 */
public record ClusterStatus(
    Expectation expected,
    String context,
    Unreachable unreachable,
    List<NodeStatus> nodes,
    List<String> missing,
    List<PlanStatus> upgrade,
    GitOpsStatus gitops,
    AutopilotStatus autopilot) {

  /** Without an Autopilot reading. */
  public ClusterStatus(
      Expectation expected,
      String context,
      Unreachable unreachable,
      List<NodeStatus> nodes,
      List<String> missing,
      List<PlanStatus> upgrade,
      GitOpsStatus gitops) {
    this(expected, context, unreachable, nodes, missing, upgrade, gitops, null);
  }

  /**
   * The k0s Autopilot plan ({@code autopilot.k0sproject.io/v1beta2} {@code Plan} named {@code
   * autopilot}, cluster-scoped).
   *
   * @param installed false when the API server answered 404 (no CRD, or no plan named autopilot)
   * @param state {@code status.state} as Autopilot writes it ({@code Completed}, {@code
   *     SchedulableWait}, {@code InconsistentTargets}...), or {@code null}
   * @param version the version of its {@code k0supdate} command, or {@code null}
   * @param nodes the nodes whose update signal completed
   * @param failed whether the state ends the plan without success
   */
  public record AutopilotStatus(
      boolean installed, String state, String version, List<String> nodes, boolean failed) {

    /** Completed: the plan ran to its end. */
    public boolean completed() {
      return "Completed".equals(state);
    }
  }

  public boolean reachable() {
    return unreachable == null;
  }

  /**
   * A live node.
   *
   * @param role the role its labels show ({@code control-plane}, {@code worker}), or {@code null}
   *     when they do not say
   * @param roleMatches false when the fleet declares the node with another role
   */
  public record NodeStatus(
      String name,
      boolean ready,
      boolean cordoned,
      String kubeletVersion,
      boolean expected,
      boolean versionMatches,
      String role,
      boolean roleMatches) {

    public NodeStatus(
        String name,
        boolean ready,
        boolean cordoned,
        String kubeletVersion,
        boolean expected,
        boolean versionMatches) {
      this(name, ready, cordoned, kubeletVersion, expected, versionMatches, null, true);
    }
  }

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
        || (autopilot != null && autopilot.failed())
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
            && nodes.stream()
                .allMatch(
                    n -> n.expected() && !n.cordoned() && n.versionMatches() && n.roleMatches());
    boolean upgradeOk =
        upgrade == null
            || upgrade.stream()
                .allMatch(p -> p.state() == PlanState.COMPLETE || p.state() == PlanState.VACUOUS);
    boolean gitopsOk =
        gitops == null
            || gitops.objects().stream()
                .allMatch(o -> o.state().equals("ready") && o.revisionMatches());
    boolean autopilotOk = autopilot == null || !autopilot.installed() || autopilot.completed();
    return nodesOk && upgradeOk && gitopsOk && autopilotOk;
  }

  /** {@code converged}, {@code not-yet} (drift or in progress) or {@code unhealthy}. */
  public String verdict() {
    return unhealthy() ? "unhealthy" : converged() ? "converged" : "not-yet";
  }
}
