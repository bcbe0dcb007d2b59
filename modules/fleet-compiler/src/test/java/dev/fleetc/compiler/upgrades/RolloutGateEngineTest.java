package dev.fleetc.compiler.upgrades;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.upgrades.RolloutEngine.Decision;
import dev.fleetc.compiler.upgrades.RolloutEngine.Health;
import dev.fleetc.compiler.upgrades.RolloutEngine.Outcome;
import dev.fleetc.compiler.upgrades.RolloutEngine.Verdict;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.RolloutState;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link RolloutEngine#advance} with the live gate: batches stamped when on target, soak counted
 * from then, progressDeadline, maxFailures (absolute and percentage), halts recorded and kept in
 * the state file, abort.
 */
class RolloutGateEngineTest {

  private static final tools.jackson.databind.ObjectMapper JSON =
      tools.jackson.databind.json.JsonMapper.builder().build();

  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

  private static Fleet compile(String minor) {
    StringBuilder text =
        new StringBuilder(
            """
            apiVersion: fleetc.dev/v1alpha1
            kind: Fleet
            metadata: {name: shops}
            defaults: {kubernetes: "MINOR", distribution: k3s, datastore: {type: sqlite}}
            clusters:
            """
                .replace("MINOR", minor));
    for (int i = 1; i <= 5; i++) {
      text.append(
          "  - {name: s%d, token: {secretRef: env:T}, nodes: [{name: n-%d, address: 10.0.%d.1, role: control-plane}]}\n"
              .formatted(i, i, i));
    }
    text.append(
        """
        rollout:
          progressDeadline: 1h
          waves:
            - {name: canary, clusters: [s1], soak: 2h}
            - {name: rest, selector: {}, maxFailures: 25%}
        """);
    CompileResult result = new FleetCompiler().compile("fleet.yaml", text.toString());
    return result.fleet().orElseThrow();
  }

  private static RolloutState started() {
    RolloutState first = RolloutEngine.compile(compile("1.31"), Optional.empty(), T0).state().get();
    return RolloutEngine.compile(compile("1.32"), Optional.of(first), T0).state().orElseThrow();
  }

  private static Map<String, Health> all(Verdict verdict, String... clusters) {
    Map<String, Health> health = new HashMap<>();
    for (String c : clusters) {
      health.put(c, new Health(verdict, verdict == Verdict.ON_TARGET ? "" : "why " + c));
    }
    return health;
  }

  @Test
  void soakCountsFromWhenTheBatchWasOnTargetNotFromItsPromotion() {
    Fleet fleet = compile("1.32");
    RolloutState state = started();
    Decision pending = RolloutEngine.advance(fleet, state, all(Verdict.PENDING, "s1"), T0);
    assertThat(pending.outcome()).isEqualTo(Outcome.WAITING);
    assertThat(pending.state()).isEmpty();
    assertThat(pending.message()).contains("s1: why s1");

    Instant onTarget = T0.plus(Duration.ofMinutes(40));
    Decision soaking = RolloutEngine.advance(fleet, state, all(Verdict.ON_TARGET, "s1"), onTarget);
    assertThat(soaking.outcome()).isEqualTo(Outcome.WAITING);
    assertThat(soaking.message()).contains("soaks until 2026-12-01T10:40:00Z");
    RolloutState stamped = soaking.state().orElseThrow();
    assertThat(stamped.rollout().waves().get(0).batches().get(0).onTargetAt())
        .isEqualTo("2026-12-01T08:40:00Z");
    // Without the live gate the soak would be over at 10:00: counted from the promotion.
    assertThat(RolloutEngine.next(fleet, state, T0.plus(Duration.ofMinutes(121))).state())
        .isPresent();
    assertThat(
            RolloutEngine.advance(
                    fleet, stamped, all(Verdict.ON_TARGET, "s1"), T0.plus(Duration.ofMinutes(121)))
                .outcome())
        .isEqualTo(Outcome.WAITING);
    Decision promoted =
        RolloutEngine.advance(
            fleet, stamped, all(Verdict.ON_TARGET, "s1"), T0.plus(Duration.ofMinutes(161)));
    assertThat(promoted.outcome()).isEqualTo(Outcome.PROMOTED);
    assertThat(promoted.promoted()).containsExactly("s2", "s3", "s4", "s5");
    // The state file round-trips what the gate recorded.
    RolloutState written = promoted.state().orElseThrow();
    assertThat(RolloutStateJson.read(JSON.writeValueAsString(RolloutStateJson.toJson(written))))
        .isEqualTo(written);
  }

  @Test
  void pendingPastProgressDeadlineFailsAndFailuresBeyondMaxFailuresHalt() {
    Fleet fleet = compile("1.32");
    RolloutState state = started();
    Instant late = T0.plus(Duration.ofMinutes(61));
    Decision halted = RolloutEngine.advance(fleet, state, all(Verdict.PENDING, "s1"), late);
    assertThat(halted.outcome()).isEqualTo(Outcome.HALTED);
    assertThat(halted.message())
        .contains("wave canary: 1 cluster failed, more than maxFailures 0")
        .contains("not healthy at the target within progressDeadline 1h");
    RolloutState.Run run = halted.state().orElseThrow().rollout();
    assertThat(run.paused()).isTrue();
    assertThat(run.halted().at()).isEqualTo("2026-12-01T09:01:00Z");
    // Halted stays halted, whatever the clusters say now; resume clears it.
    RolloutState recorded = halted.state().get();
    assertThat(RolloutEngine.advance(fleet, recorded, all(Verdict.ON_TARGET, "s1"), late).outcome())
        .isEqualTo(Outcome.HALTED);
    RolloutState resumed = RolloutEngine.pause(recorded, false).state().orElseThrow();
    assertThat(resumed.rollout().halted()).isNull();
    assertThat(resumed.rollout().paused()).isFalse();

    // 25% of four clusters: one may fail, two halt.
    RolloutState rest =
        RolloutEngine.advance(
                fleet, resumed, all(Verdict.ON_TARGET, "s1"), T0.plus(Duration.ofHours(5)))
            .state()
            .orElseThrow();
    rest =
        RolloutEngine.advance(
                fleet, rest, all(Verdict.ON_TARGET, "s1"), T0.plus(Duration.ofHours(8)))
            .state()
            .orElseThrow();
    assertThat(rest.rollout().complete()).isTrue();
    Map<String, Health> oneFailed = all(Verdict.ON_TARGET, "s1", "s2", "s3", "s4");
    oneFailed.put("s5", new Health(Verdict.FAILED, "plan server-plan failed"));
    Decision complete = RolloutEngine.advance(fleet, rest, oneFailed, T0.plus(Duration.ofHours(8)));
    assertThat(complete.outcome()).isEqualTo(Outcome.NOTHING);
    assertThat(complete.message()).contains("rollout complete");
    Map<String, Health> twoFailed = new HashMap<>(oneFailed);
    twoFailed.put("s4", new Health(Verdict.FAILED, "Application argocd/shop Degraded"));
    Decision halt = RolloutEngine.advance(fleet, rest, twoFailed, T0.plus(Duration.ofHours(8)));
    assertThat(halt.outcome()).isEqualTo(Outcome.HALTED);
    assertThat(halt.message()).contains("wave rest: 2 clusters failed, more than maxFailures 25%");
  }

  @Test
  void abortPinsTheClustersNotPromotedAndNextHasNothingToDo() {
    Fleet fleet = compile("1.32");
    RolloutState state = started();
    RolloutState aborted =
        RolloutEngine.abort(state, "bob", T0.plusSeconds(60)).state().orElseThrow();
    assertThat(aborted.rollout().aborted().reason()).isEqualTo("aborted by bob");
    Decision next =
        RolloutEngine.advance(
            fleet, aborted, all(Verdict.ON_TARGET, "s1"), T0.plus(Duration.ofDays(1)));
    assertThat(next.outcome()).isEqualTo(Outcome.NOTHING);
    RolloutEngine.Step compiled =
        RolloutEngine.compile(fleet, Optional.of(aborted), T0.plus(Duration.ofDays(1)));
    assertThat(compiled.state()).contains(aborted);
    assertThat(compiled.fleet().cluster("s1").orElseThrow().release().version())
        .isEqualTo("v1.32.13+k3s1");
    assertThat(compiled.fleet().cluster("s2").orElseThrow().release().version())
        .isEqualTo("v1.31.14+k3s1");
    assertThat(RolloutEngine.approve(aborted, "rest", "alice", T0).state()).isEmpty();
    assertThat(RolloutEngine.abort(aborted, "bob", T0).state()).isEmpty();
  }

  @Test
  void aRecordedReasonIsOneLineAndAnUnreadableOneIsRefused() {
    assertThat(RolloutStateJson.reason("a\u001b[31m\nb\u2028c")).isEqualTo("a [31m b c");
    String json =
        JSON.writeValueAsString(RolloutStateJson.toJson(started()))
            .replace(
                "\"paused\":false",
                "\"paused\":true,\"halted\":{\"at\":\"2026-12-01T08:00:00Z\",\"reason\":\"x\\u001by\"}");
    assertThat(json).contains("halted");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RolloutStateJson.read(json))
        .hasMessageContaining("rollout.halted.reason");
  }
}
