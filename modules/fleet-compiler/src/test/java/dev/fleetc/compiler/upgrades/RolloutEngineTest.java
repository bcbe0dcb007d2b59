package dev.fleetc.compiler.upgrades;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.RolloutState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Rollout semantics: a version bump starts a rollout that promotes the first batch only; the others
 * keep their previous version (effective version) until {@code next} promotes them, after the soak
 * and the approvals their waves need. Times come from the caller.
 */
class RolloutEngineTest {

  private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

  private static String fleet(String minor) {
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
    String[][] shops = {
      {"canary", "eu-west"}, {"eu-1", "eu-central"}, {"eu-2", "eu-central"},
      {"us-1", "us-east"}, {"us-2", "us-east"}, {"us-3", "us-east"}
    };
    int i = 1;
    for (String[] shop : shops) {
      text.append(
          "  - {name: %s, region: %s, token: {secretRef: env:T}, nodes: [{name: n-%d, address: 10.0.%d.1, role: control-plane}]}\n"
              .formatted(shop[0], shop[1], i, i));
      i++;
    }
    text.append(
        """
        rollout:
          waves:
            - {name: canary, clusters: [canary], soak: 24h}
            - {name: eu, selector: {region: eu-central}, maxConcurrent: 1, soak: 4h, approval: true}
            - {name: rest, selector: {}, maxConcurrent: 50%}
        """);
    return text.toString();
  }

  private static Fleet compile(String minor) {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", fleet(minor));
    // Kubernetes 1.31 is past upstream support at the catalog's date (FLEET-W025/W026): not what
    // these tests are about; every other diagnostic is.
    assertThat(result.diagnostics())
        .as(String.valueOf(result.diagnostics()))
        .filteredOn(d -> !d.code().equals("FLEET-W025") && !d.code().equals("FLEET-W026"))
        .isEmpty();
    return result.fleet().orElseThrow();
  }

  private static Map<String, String> versions(Fleet fleet) {
    return fleet.clusters().stream()
        .collect(Collectors.toMap(Cluster::name, c -> c.release().version()));
  }

  @Test
  void withoutRolloutEveryClusterTakesTheDeclaredVersionAndNoStateIsKept() {
    Fleet declared = new Fleet("shops", "fleet.yaml", compile("1.32").clusters()); // no rollout
    RolloutEngine.Step step = RolloutEngine.compile(declared, Optional.empty(), T0);
    assertThat(step.fleet()).isSameAs(declared);
    assertThat(step.state()).isEmpty();
  }

  @Test
  void aVersionBumpPromotesTheFirstBatchOnlyAndNextMovesWaveByWave() {
    // The first compile records what runs: nothing to roll out.
    RolloutEngine.Step first = RolloutEngine.compile(compile("1.31"), Optional.empty(), T0);
    assertThat(first.started()).isFalse();
    assertThat(first.state().orElseThrow().versions()).containsEntry("us-1", "v1.31.14+k3s1");

    // The bump: only the canary moves; the lock of every other cluster keeps its version.
    Fleet bumped = compile("1.32");
    RolloutEngine.Step start = RolloutEngine.compile(bumped, first.state(), T0.plusSeconds(60));
    assertThat(start.started()).isTrue();
    assertThat(start.promoted()).containsExactly("canary");
    assertThat(versions(start.fleet()))
        .containsEntry("canary", "v1.32.13+k3s1")
        .containsEntry("eu-1", "v1.31.14+k3s1")
        .containsEntry("us-3", "v1.31.14+k3s1");
    Cluster held = start.fleet().cluster("eu-1").orElseThrow();
    assertThat(held.release().kubernetesMinor()).isEqualTo("1.31");
    assertThat(start.fleet().rollout().held()).containsEntry("eu-1", "v1.32.13+k3s1");
    assertThat(start.fleet().rollout().held()).doesNotContainKey("canary");
    RolloutState state = start.state().orElseThrow();
    assertThat(state.rollout().startedAt()).isEqualTo("2026-12-01T08:01:00Z");
    assertThat(state.rollout().clusters().get("us-2"))
        .isEqualTo(new RolloutState.Change("v1.31.14+k3s1", "v1.32.13+k3s1"));

    // Compiling again changes nothing: same effective fleet, same state.
    RolloutEngine.Step again = RolloutEngine.compile(bumped, start.state(), T0.plusSeconds(3600));
    assertThat(again.started()).isFalse();
    assertThat(again.state()).isEqualTo(start.state());
    assertThat(versions(again.fleet())).isEqualTo(versions(start.fleet()));

    // The canary soaks 24 h; then the eu wave needs an approval; then one eu cluster per batch.
    assertThat(RolloutEngine.next(bumped, state, T0.plus(Duration.ofHours(2))).message())
        .isEqualTo("the last batch soaks until 2026-12-02T08:01:00Z");
    Instant day = T0.plus(Duration.ofHours(25));
    RolloutEngine.Next waiting = RolloutEngine.next(bumped, state, day);
    assertThat(waiting.state()).isEmpty();
    assertThat(waiting.message()).contains("wave eu needs approval");
    state = RolloutEngine.approve(state, "eu", "alice", day).state().orElseThrow();
    RolloutEngine.Next eu1 = RolloutEngine.next(bumped, state, day);
    assertThat(eu1.message()).isEqualTo("wave eu: promoted eu-1");
    state = eu1.state().orElseThrow();
    assertThat(versions(RolloutEngine.compile(bumped, Optional.of(state), day).fleet()))
        .containsEntry("eu-1", "v1.32.13+k3s1")
        .containsEntry("eu-2", "v1.31.14+k3s1");
    Instant later = day.plus(Duration.ofHours(5));
    state = RolloutEngine.next(bumped, state, later).state().orElseThrow();
    later = later.plus(Duration.ofHours(5));
    RolloutEngine.Next rest = RolloutEngine.next(bumped, state, later);
    assertThat(rest.message()).isEqualTo("wave rest: promoted us-1, us-2"); // 50 % of 3, rounded up
    state = rest.state().orElseThrow();

    // Paused: nothing moves until resumed.
    RolloutState paused = RolloutEngine.pause(state, true).state().orElseThrow();
    assertThat(RolloutEngine.next(bumped, paused, later).message()).contains("paused");
    state =
        RolloutEngine.next(bumped, RolloutEngine.pause(paused, false).state().orElseThrow(), later)
            .state()
            .orElseThrow();
    assertThat(state.rollout().complete()).isTrue();
    RolloutEngine.Step done = RolloutEngine.compile(bumped, Optional.of(state), later);
    assertThat(done.fleet().rollout().held()).isEmpty();
    assertThat(versions(done.fleet()).values()).containsOnly("v1.32.13+k3s1");
    assertThat(RolloutEngine.next(bumped, state, later).message()).startsWith("no rollout");
  }

  @Test
  void aNewTargetMidRolloutStartsAnotherFromWhatEachClusterRuns() {
    RolloutEngine.Step first = RolloutEngine.compile(compile("1.31"), Optional.empty(), T0);
    RolloutEngine.Step to132 = RolloutEngine.compile(compile("1.32"), first.state(), T0);
    String patched =
        fleet("1.32")
            .replace("kubernetes: \"1.32\",", "kubernetes: \"1.32\", version: v1.32.14+k3s1,");
    Fleet newer = new FleetCompiler().compile("fleet.yaml", patched).fleet().orElseThrow();
    RolloutEngine.Step again = RolloutEngine.compile(newer, to132.state(), T0.plusSeconds(10));
    assertThat(again.refused()).isEmpty();
    assertThat(again.started()).isTrue();
    RolloutState.Run run = again.state().orElseThrow().rollout();
    assertThat(run.clusters().get("canary").previous()).isEqualTo("v1.32.13+k3s1");
    assertThat(run.clusters().get("us-1").previous()).isEqualTo("v1.31.14+k3s1");
    assertThat(run.clusters().get("us-1").target()).isEqualTo("v1.32.14+k3s1");
    assertThat(versions(again.fleet()))
        .containsEntry("canary", "v1.32.14+k3s1")
        .containsEntry("us-1", "v1.31.14+k3s1");
  }

  @Test
  void aTargetOlderThanWhatRunsOrMoreThanOneMinorAheadIsRefused() {
    RolloutEngine.Step at131 = RolloutEngine.compile(compile("1.31"), Optional.empty(), T0);
    RolloutEngine.Step skip = RolloutEngine.compile(compile("1.33"), at131.state(), T0);
    assertThat(skip.refused())
        .hasSize(6)
        .first()
        .asString()
        .contains("'canary' runs v1.31.14+k3s1", "skips a Kubernetes minor", "declare 1.32 first");
    assertThat(skip.state()).isEqualTo(at131.state());

    RolloutEngine.Step to132 = RolloutEngine.compile(compile("1.32"), at131.state(), T0);
    RolloutEngine.Step back = RolloutEngine.compile(compile("1.31"), to132.state(), T0);
    assertThat(back.refused())
        .singleElement()
        .asString()
        .contains("'canary' runs v1.32.13+k3s1, newer than the declared v1.31.14+k3s1");
    assertThat(RolloutEngine.checkStep("c", "v1.31.14+k3s2", "v1.31.14+k3s1")).isPresent();
    assertThat(RolloutEngine.checkStep("c", "v1.31.9+k3s1", "v1.31.14+k3s1")).isEmpty();
    assertThat(RolloutEngine.checkStep("c", "1.31/stable", "1.32/stable")).isEmpty();
    assertThat(RolloutEngine.checkStep("c", "v1.32.1+k0s.0", "v1.31.14+k0s.0")).isPresent();
  }

  @Test
  void aK3sBuildFromAnEarlierMonthThanTheRunningOneIsRefusedWithTheOldestBuildThatIsNot() {
    ReleaseCatalog catalog = ReleaseCatalog.builtIn();
    // v1.35.9+k3s1 came out 2026-09-30, v1.36.3+k3s1 2026-08-04: a newer minor, an older build.
    Optional<RolloutEngine.Refusal> refusal =
        RolloutEngine.checkMonth("c", "v1.35.9+k3s1", "v1.36.3+k3s1", "1.36", catalog);
    assertThat(refusal).isPresent();
    assertThat(refusal.get().code().code()).isEqualTo("FLEET-E110");
    assertThat(refusal.get().message())
        .contains("released 2026-09-30", "released 2026-08-04", "earlier month");
    assertThat(refusal.get().hint())
        .isEqualTo("declare v1.36.5+k3s1 or later (released 2026-09-30)");
    // The same month is enough (the image compares year and month), and unknown dates are not
    // judged.
    assertThat(RolloutEngine.checkMonth("c", "v1.35.9+k3s1", "v1.36.5+k3s1", "1.36", catalog))
        .isEmpty();
    assertThat(RolloutEngine.checkMonth("c", "v1.35.4+k3s1", "v1.36.0+k3s1", "1.36", catalog))
        .isEmpty();
    assertThat(RolloutEngine.checkMonth("c", "v1.35.9+k3s1", "v1.36.99+k3s1", "1.36", catalog))
        .isEmpty();
  }

  @Test
  void thePromotionChecksAreLocatedAtTheDeclaredVersion() {
    String text =
        fleet("1.36")
            .replace("kubernetes: \"1.36\",", "kubernetes: \"1.36\", version: v1.36.3+k3s1,");
    CompileResult result = new FleetCompiler().compile("fleet.yaml", text);
    Fleet declared = result.fleet().orElseThrow();
    RolloutState running =
        new RolloutState(
            "shops",
            declared.clusters().stream()
                .collect(Collectors.toMap(Cluster::name, c -> "v1.35.9+k3s1")),
            null);
    RolloutEngine.Step step = RolloutEngine.compile(declared, Optional.of(running), T0);
    assertThat(step.refusals()).hasSize(6);
    assertThat(step.refusals())
        .allSatisfy(
            d -> {
              assertThat(d.code()).isEqualTo("FLEET-E110");
              assertThat(d.position().line()).isEqualTo(4);
              assertThat(d.position().column())
                  .isEqualTo(text.lines().toList().get(3).indexOf("v1.36.3") + 1);
            });
    assertThat(step.state()).contains(running);
  }

  @Test
  void theStateRoundTripsThroughItsJson() throws Exception {
    RolloutEngine.Step first = RolloutEngine.compile(compile("1.31"), Optional.empty(), T0);
    RolloutState state =
        RolloutEngine.compile(compile("1.32"), first.state(), T0).state().orElseThrow();
    state = RolloutEngine.approve(state, "eu", "bob@example.com", T0).state().orElseThrow();
    String json =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .writeValueAsString(RolloutStateJson.toJson(state));
    assertThat(RolloutStateJson.read(json)).isEqualTo(state);
  }
}
