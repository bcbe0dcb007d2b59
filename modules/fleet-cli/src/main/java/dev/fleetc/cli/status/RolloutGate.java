package dev.fleetc.cli.status;

import dev.fleetc.cli.status.ClusterStatus.GitOpsObject;
import dev.fleetc.cli.status.ClusterStatus.NodeStatus;
import dev.fleetc.cli.status.ClusterStatus.PlanState;
import dev.fleetc.cli.status.ClusterStatus.PlanStatus;
import dev.fleetc.compiler.upgrades.RolloutEngine.Health;
import dev.fleetc.compiler.upgrades.RolloutEngine.Verdict;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The gate of a promoted cluster, from its live status: on target when every expected node is
 * present, Ready, schedulable and at the effective version, the upgrade objects completed at that
 * version <em>with</em> nodes, and GitOps healthy at the promoting commit or a descendant of it.
 * Failed (counted against the wave's {@code maxFailures}) when an upgrade job or the Autopilot plan
 * failed or a GitOps object fails; anything else is pending (a node NotReady while it upgrades, an
 * unreachable cluster: {@code progressDeadline} turns a pending cluster into a failed one).
 */
public final class RolloutGate {

  /** Whether a revision a GitOps engine applied is a given commit or descends from it. */
  @FunctionalInterface
  public interface Ancestry {
    boolean descends(String applied, String commit);

    /** Without a repository to look in: only the commit itself. */
    Ancestry NONE = (applied, commit) -> false;
  }

  private RolloutGate() {}

  public static Health health(ClusterStatus c, Ancestry ancestry) {
    Expectation e = c.expected();
    if (!c.reachable()) {
      return pending("unreachable: " + c.unreachable().kind());
    }
    if (c.upgrade() != null) {
      for (PlanStatus plan : c.upgrade()) {
        if (plan.state() == PlanState.FAILED) {
          return failed("plan " + plan.name() + " failed: " + plan.detail());
        }
      }
    }
    if (c.autopilot() != null && c.autopilot().failed()) {
      return failed("autopilot plan " + c.autopilot().state());
    }
    if (c.gitops() != null) {
      for (GitOpsObject o : c.gitops().objects()) {
        if (o.state().equals("failing")) {
          return failed(o.kind() + " " + o.namespace() + "/" + o.name() + " " + o.health());
        }
      }
    }
    if (!c.missing().isEmpty()) {
      return pending("nodes not registered: " + names(c.missing()));
    }
    for (NodeStatus n : c.nodes()) {
      if (!n.ready()) {
        return pending("node " + n.name() + " NotReady");
      }
      if (n.cordoned()) {
        return pending("node " + n.name() + " cordoned");
      }
      if (!n.versionMatches()) {
        return pending("node " + n.name() + " runs " + n.kubeletVersion() + ", not " + e.version());
      }
    }
    if ("suc".equals(e.method()) && c.upgrade() != null && !c.upgrade().isEmpty()) {
      Set<String> covered = new HashSet<>();
      for (PlanStatus plan : c.upgrade()) {
        switch (plan.state()) {
          case IN_PROGRESS, PENDING, WAITING_FOR_WINDOW -> {
            return pending("plan " + plan.name() + " " + plan.state().id());
          }
          case COMPLETE -> {
            if (e.upgradeVersionMatches(plan.latestVersion())) {
              covered.addAll(plan.nodes());
            }
          }
          default -> {}
        }
      }
      // SUC calls a Plan whose selector matched nothing Complete: every node must have been
      // upgraded by a Plan at the target.
      List<String> uncovered = new ArrayList<>();
      c.nodes().stream()
          .map(NodeStatus::name)
          .filter(n -> !covered.contains(n))
          .forEach(uncovered::add);
      if (!uncovered.isEmpty()) {
        return pending("no plan completed at " + e.version() + " on " + names(uncovered));
      }
    }
    if ("autopilot".equals(e.method()) && c.autopilot() != null && c.autopilot().installed()) {
      if (!c.autopilot().completed()) {
        return pending("autopilot plan " + c.autopilot().state());
      }
    }
    if (c.gitops() != null) {
      if (!c.gitops().installed() || c.gitops().objects().isEmpty()) {
        return pending(c.gitops().engine() + " not installed");
      }
      for (GitOpsObject o : c.gitops().objects()) {
        String what = o.kind() + " " + o.namespace() + "/" + o.name();
        if (!o.state().equals("ready")) {
          return pending(what + " " + o.state());
        }
        if (!o.revisionMatches()
            && (o.revision() == null || !ancestry.descends(o.revision(), e.revision()))) {
          return pending(
              what
                  + " applied "
                  + (o.revision() == null ? "nothing" : o.revision())
                  + ", not "
                  + e.revision()
                  + " or a later commit");
        }
      }
    }
    return Health.ON_TARGET;
  }

  private static String names(List<String> names) {
    return String.join(", ", names.subList(0, Math.min(5, names.size())))
        + (names.size() > 5 ? ", ..." : "");
  }

  private static Health pending(String why) {
    return new Health(Verdict.PENDING, why);
  }

  private static Health failed(String why) {
    return new Health(Verdict.FAILED, why);
  }
}
