package dev.fleetc.plan;

import java.util.List;

/**
 * Which class a settings change belongs to, by path: THE table (documented in docs/diff.md). The
 * first rule whose pattern matches wins; a pattern ending in {@code .} matches every path under it.
 * A path no rule matches is a {@link ChangeClass#REPLACE}: what fleetc does not know to be safe on
 * a running cluster is reported as destructive.
 */
public final class ImpactRules {

  /** The nodes a change restarts. */
  public enum Scope {
    NONE,
    CONTROL_PLANE,
    WORKERS,
    ALL
  }

  /**
   * One row.
   *
   * @param withoutGitOps the class when the cluster has no GitOps engine (add-ons are then the
   *     distribution's own, configured on the servers), or {@code null} for the same class
   * @param why the note shown with the change
   */
  public record Rule(
      String pattern, ChangeClass kind, Scope scope, ChangeClass withoutGitOps, String why) {

    boolean matches(String path) {
      return pattern.endsWith(".") ? path.startsWith(pattern) : path.equals(pattern);
    }
  }

  /** Node-level fields ({@code address}, {@code ssh.user}, ...) all reconfigure that node. */
  public static final String NODE_FIELD_NOTE =
      "the node's configuration is rewritten and its service restarts";

  public static final List<Rule> SETTINGS =
      List.of(
          rule(
              "distribution",
              ChangeClass.REPLACE,
              Scope.ALL,
              "a cluster cannot change distribution"),
          rule(
              "datastore.type",
              ChangeClass.REPLACE,
              Scope.ALL,
              "the datastore is chosen when the first server starts"),
          rule(
              "datastore.endpoint",
              ChangeClass.RECONFIGURE,
              Scope.CONTROL_PLANE,
              "the servers restart against the new reference; the data must already be there"),
          rule("kubernetes", ChangeClass.UPGRADE, Scope.ALL, ""),
          rule("version", ChangeClass.UPGRADE, Scope.ALL, ""),
          rule(
              "apiEndpoint",
              ChangeClass.RECONFIGURE,
              Scope.ALL,
              "every node registers with the new address"),
          rule(
              "sans",
              ChangeClass.RECONFIGURE,
              Scope.CONTROL_PLANE,
              "the API certificate is reissued"),
          rule(
              "token",
              ChangeClass.RECONFIGURE,
              Scope.ALL,
              "only the reference changes; the value behind it must stay the same (rotating a"
                  + " token is a separate operation)"),
          rule(
              "agentToken",
              ChangeClass.RECONFIGURE,
              Scope.ALL,
              "K3s: servers accept the agent token once they restart with it, so run the servers"
                  + " before the agents"),
          rule("region", ChangeClass.GITOPS, Scope.NONE, "metadata: no node is touched"),
          rule("labels.", ChangeClass.GITOPS, Scope.NONE, "metadata: no node is touched"),
          rule(
              "network.podCIDR",
              ChangeClass.REPLACE,
              Scope.ALL,
              "the pod network cannot change on a running cluster"),
          rule(
              "network.serviceCIDR",
              ChangeClass.REPLACE,
              Scope.ALL,
              "the service network cannot change on a running cluster"),
          rule(
              "network.provider",
              ChangeClass.REPLACE,
              Scope.ALL,
              "the network provider cannot change on a running cluster"),
          rule(
              "network.nodeLocalLoadBalancing",
              ChangeClass.RECONFIGURE,
              Scope.ALL,
              "workers switch how they reach the control plane"),
          rule("gitops.", ChangeClass.GITOPS, Scope.NONE, "the GitOps bootstrap changes"),
          new Rule(
              "addons.",
              ChangeClass.GITOPS,
              Scope.NONE,
              ChangeClass.RECONFIGURE,
              "delivered through the GitOps path"),
          rule("components.", ChangeClass.GITOPS, Scope.NONE, "a pinned component version"),
          rule(
              "rollout.held",
              ChangeClass.UPGRADE,
              Scope.NONE,
              "held: the cluster's rollout wave is not promoted yet; its nodes keep their version"
                  + " until fleet rollout next promotes it"),
          rule("rollout.wave", ChangeClass.GITOPS, Scope.NONE, "the cluster's rollout wave"),
          rule(
              "upgrades.",
              ChangeClass.GITOPS,
              Scope.NONE,
              "how the next upgrade runs: no node is touched now"),
          rule(
              "k3s.server.cluster-cidr",
              ChangeClass.REPLACE,
              Scope.ALL,
              "cannot change on a running cluster"),
          rule(
              "k3s.server.service-cidr",
              ChangeClass.REPLACE,
              Scope.ALL,
              "cannot change on a running cluster"),
          rule(
              "k3s.server.cluster-dns",
              ChangeClass.REPLACE,
              Scope.ALL,
              "cannot change on a running cluster"),
          rule(
              "k3s.server.cluster-domain",
              ChangeClass.REPLACE,
              Scope.ALL,
              "cannot change on a running cluster"),
          rule(
              "k3s.server.flannel-backend",
              ChangeClass.REPLACE,
              Scope.ALL,
              "the network provider cannot change on a running cluster"),
          rule("k3s.server.", ChangeClass.RECONFIGURE, Scope.CONTROL_PLANE, "K3s server setting"),
          rule("k3s.agent.", ChangeClass.RECONFIGURE, Scope.WORKERS, "K3s agent setting"),
          rule("k0s.", ChangeClass.RECONFIGURE, Scope.ALL, "k0s setting"),
          rule("microk8s.", ChangeClass.RECONFIGURE, Scope.ALL, "MicroK8s setting"));

  private static final Rule UNKNOWN =
      rule("", ChangeClass.REPLACE, Scope.ALL, "fleetc does not know this can change in place");

  private ImpactRules() {}

  private static Rule rule(String pattern, ChangeClass kind, Scope scope, String why) {
    return new Rule(pattern, kind, scope, null, why);
  }

  /** The rule for a settings path. */
  public static Rule forSetting(String path) {
    for (Rule rule : SETTINGS) {
      if (rule.matches(path)) {
        return rule;
      }
    }
    return UNKNOWN;
  }
}
