package dev.fleetc.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.status.ClusterStatus.AutopilotStatus;
import dev.fleetc.cli.status.ClusterStatus.GitOpsObject;
import dev.fleetc.cli.status.ClusterStatus.GitOpsStatus;
import dev.fleetc.cli.status.ClusterStatus.NodeStatus;
import dev.fleetc.cli.status.ClusterStatus.PlanState;
import dev.fleetc.cli.status.ClusterStatus.PlanStatus;
import dev.fleetc.compiler.upgrades.RolloutEngine.Health;
import dev.fleetc.compiler.upgrades.RolloutEngine.Verdict;
import dev.fleetc.model.GitOpsEngine;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate of one promoted cluster, from statuses as the probe builds them. */
class RolloutGateTest {

  static final String V = "v1.32.13+k3s1";
  static final String PROMOTED = "1111111111111111111111111111111111111111";

  static Expectation expected(String method) {
    return new Expectation(
        "c",
        "k3s",
        V,
        Map.of("c-1", "control-plane", "c-2", "worker"),
        GitOpsEngine.FLUX,
        "https://r",
        PROMOTED,
        method,
        null,
        false);
  }

  static List<NodeStatus> nodes() {
    return List.of(
        new NodeStatus("c-1", true, false, V, true, true, "control-plane", true),
        new NodeStatus("c-2", true, false, V, true, true, "worker", true));
  }

  static GitOpsStatus flux(String state, String revision) {
    return new GitOpsStatus(
        "flux",
        true,
        List.of(
            new GitOpsObject(
                "Kustomization",
                "flux-system",
                "flux-system",
                state,
                "ReconciliationSucceeded",
                "main@sha1:" + revision,
                revision.equals(PROMOTED),
                null)));
  }

  static List<PlanStatus> plans(PlanState server, PlanState agent, String agentVersion) {
    return List.of(
        new PlanStatus("server-plan", server, V, List.of("c-1"), ""),
        new PlanStatus(
            "agent-plan",
            agent,
            agentVersion,
            agent == PlanState.COMPLETE ? List.of("c-2") : List.of(),
            ""));
  }

  static Health gate(List<PlanStatus> plans, GitOpsStatus gitops) {
    return gate(plans, gitops, null, RolloutGate.Ancestry.NONE);
  }

  static Health gate(
      List<PlanStatus> plans,
      GitOpsStatus gitops,
      AutopilotStatus autopilot,
      RolloutGate.Ancestry ancestry) {
    ClusterStatus status =
        new ClusterStatus(expected("suc"), "c", null, nodes(), List.of(), plans, gitops, autopilot);
    return RolloutGate.health(status, ancestry);
  }

  @Test
  void onTargetWhenEveryNodeWasUpgradedByACompletePlanAndGitOpsAppliedThePromotion() {
    Health h = gate(plans(PlanState.COMPLETE, PlanState.COMPLETE, V), flux("ready", PROMOTED));
    assertThat(h.verdict()).isEqualTo(Verdict.ON_TARGET);
  }

  @Test
  void aVacuouslyCompletePlanLeavesItsNodesWaiting() {
    Health h = gate(plans(PlanState.COMPLETE, PlanState.VACUOUS, V), flux("ready", PROMOTED));
    assertThat(h.verdict()).isEqualTo(Verdict.PENDING);
    assertThat(h.why()).isEqualTo("no plan completed at " + V + " on c-2");
    // complete at another version does not count either
    Health old =
        gate(
            plans(PlanState.COMPLETE, PlanState.COMPLETE, "v1.31.14+k3s1"),
            flux("ready", PROMOTED));
    assertThat(old.why()).contains("on c-2");
    // SUC's image-tag form of the version counts as the build
    assertThat(
            gate(
                    plans(PlanState.COMPLETE, PlanState.COMPLETE, "v1.32.13-k3s1"),
                    flux("ready", PROMOTED))
                .verdict())
        .isEqualTo(Verdict.ON_TARGET);
  }

  @Test
  void aPlanWaitingForItsWindowWaitsAndAFailedOneFails() {
    assertThat(
            gate(
                    plans(PlanState.COMPLETE, PlanState.WAITING_FOR_WINDOW, V),
                    flux("ready", PROMOTED))
                .why())
        .isEqualTo("plan agent-plan waiting-for-window");
    Health failed = gate(plans(PlanState.COMPLETE, PlanState.FAILED, V), flux("ready", PROMOTED));
    assertThat(failed.verdict()).isEqualTo(Verdict.FAILED);
  }

  @Test
  void gitOpsFailingFailsAndAnOlderRevisionWaitsUnlessItDescends() {
    assertThat(
            gate(plans(PlanState.COMPLETE, PlanState.COMPLETE, V), flux("failing", PROMOTED))
                .verdict())
        .isEqualTo(Verdict.FAILED);
    String other = "2222222222222222222222222222222222222222";
    Health older = gate(plans(PlanState.COMPLETE, PlanState.COMPLETE, V), flux("ready", other));
    assertThat(older.verdict()).isEqualTo(Verdict.PENDING);
    assertThat(older.why()).contains("applied main@sha1:" + other + ", not " + PROMOTED);
    RolloutGate.Ancestry descends = (applied, commit) -> applied.endsWith(other);
    assertThat(
            gate(
                    plans(PlanState.COMPLETE, PlanState.COMPLETE, V),
                    flux("ready", other),
                    null,
                    descends)
                .verdict())
        .isEqualTo(Verdict.ON_TARGET);
  }

  @Test
  void unreachableWaitsAndAFailedAutopilotPlanFails() {
    ClusterStatus unreachable =
        new ClusterStatus(
            expected("suc"),
            "c",
            new Unreachable("refused", "connection refused"),
            List.of(),
            List.of(),
            null,
            null);
    assertThat(RolloutGate.health(unreachable, RolloutGate.Ancestry.NONE))
        .isEqualTo(new Health(Verdict.PENDING, "unreachable: refused"));
    Health autopilot =
        gate(
            null,
            flux("ready", PROMOTED),
            new AutopilotStatus(true, "InconsistentTargets", V, List.of(), true),
            RolloutGate.Ancestry.NONE);
    assertThat(autopilot)
        .isEqualTo(new Health(Verdict.FAILED, "autopilot plan InconsistentTargets"));
  }
}
