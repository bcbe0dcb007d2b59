package dev.fleetc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.upgrades.RolloutEngine;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.RolloutState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code fleet diff} of a version bump in a fleet with rollout waves: the promoted batch is an
 * upgrade of its nodes; every held cluster shows {@code upgrade} of {@code rollout.held} (its
 * target and wave) and touches no node and no file; in text, Markdown and JSON alike.
 */
class RolloutPlanTest {

  private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

  private static String fleet(String minor) {
    return """
        apiVersion: fleetc.dev/v1alpha1
        kind: Fleet
        metadata: {name: shops}
        defaults: {kubernetes: "MINOR", distribution: k3s, datastore: {type: sqlite}}
        clusters:
          - {name: canary, region: eu-west, token: {secretRef: env:T}, nodes: [{name: c-1, address: 10.0.1.1, role: control-plane}]}
          - {name: eu-1, region: eu-central, token: {secretRef: env:T}, nodes: [{name: e-1, address: 10.0.2.1, role: control-plane}]}
        rollout:
          waves:
            - {name: canary, clusters: [canary]}
            - {name: eu, selector: {}}
        """
        .replace("MINOR", minor);
  }

  private static Revision revision(Fleet fleet) {
    return Revision.compiled(fleet, Revisions.emit(fleet));
  }

  /**
   * A lock is untrusted: its wave names reach the terminal escaped and stay one code span (one
   * table cell) in Markdown, whatever they hold.
   */
  @Test
  void aWaveNameFromALockIsEscapedInEveryFormat() {
    String hostile = "eu\u001b[2J`|\n| x";
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    settings.put("version", "v1.31.14+k3s1");
    settings.put("rollout.wave", hostile);
    ClusterState old =
        new ClusterState(
            "s", false, settings, true, java.util.Map.of(), true, java.util.Map.of(), null);
    java.util.Map<String, String> heldSettings = new java.util.LinkedHashMap<>(settings);
    heldSettings.put("rollout.held", "v1.32.13+k3s1 (held: wave " + hostile + ")");
    ClusterState now =
        new ClusterState(
            "s", false, heldSettings, true, java.util.Map.of(), true, java.util.Map.of(), null);
    Plan plan =
        Planner.plan(
            new Revision(java.util.Map.of("s", old), p -> Optional.empty(), true),
            new Revision(java.util.Map.of("s", now), p -> Optional.empty(), true));
    assertThat(plan.waves())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.held().clusters()).isEqualTo(1);
              assertThat(w.approval()).isEqualTo(WaveInfo.Approval.UNKNOWN);
            });
    String text = new PlanText(false).render(plan);
    assertThat(text).doesNotContain("\u001b").contains("upgrade (held: wave eu\\u001b[2J`|\\n| x)");
    String markdown = PlanMarkdown.render(plan);
    String unescapedPipe = "(?<!\\\\)\\|";
    assertThat(markdown.lines().filter(l -> l.startsWith("| ``eu")))
        .singleElement()
        .satisfies(l -> assertThat(l.split(unescapedPipe)).hasSize(7));
    assertThat(markdown.lines().filter(l -> l.contains("**upgrade** (held: wave")))
        .singleElement()
        .satisfies(l -> assertThat(l.split(unescapedPipe)).hasSize(4));
    assertThat(PlanJson.render(plan)).contains("\"approval\": \"unknown\"");
  }

  @Test
  void theCanaryUpgradesAndTheRestIsHeldByItsWave() {
    RolloutEngine.Step before =
        RolloutEngine.compile(Revisions.fleet(fleet("1.31")), Optional.empty(), NOW);
    Optional<RolloutState> state = before.state();
    RolloutEngine.Step after = RolloutEngine.compile(Revisions.fleet(fleet("1.32")), state, NOW);
    Plan plan = Planner.plan(revision(before.fleet()), revision(after.fleet()));

    assertThat(plan.changes())
        .filteredOn(c -> c.cluster().equals("canary"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(ChangeClass.UPGRADE);
              assertThat(c.subject()).isEqualTo("version");
              assertThat(c.nodes()).containsExactly("c-1");
            });
    assertThat(plan.changes())
        .filteredOn(c -> c.cluster().equals("eu-1"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.kind()).isEqualTo(ChangeClass.UPGRADE);
              assertThat(c.subject()).isEqualTo("rollout.held");
              assertThat(c.after()).isEqualTo("v1.32.13+k3s1 (held: wave eu)");
              assertThat(c.nodes()).isEmpty();
              assertThat(c.files()).isEmpty();
              assertThat(c.notes().toString()).contains("held");
            });
    assertThat(new PlanText(false).render(plan))
        .contains("rollout.held: (none) → v1.32.13+k3s1 (held: wave eu)")
        .contains("^ canary  upgrade\n", "^ eu-1  upgrade (held: wave eu)\n")
        .contains(
            "Rollout waves, in order:\n"
                + "  canary  1 cluster (1 node): 1 upgrading now (1 node), 0 held, 0 unchanged\n"
                + "  eu      1 cluster (1 node): 0 upgrading now, 1 held (1 node), 0 unchanged\n");
    assertThat(PlanMarkdown.render(plan))
        .contains("v1.32.13+k3s1 (held: wave eu)")
        .contains("| `eu-1` | **upgrade** (held: wave `eu`) |")
        .contains("| `eu` | 1 (1 node) | 0 | 1 (1 node) | 0 | not required |");
    assertThat(PlanJson.render(plan))
        .contains("\"subject\": \"rollout.held\"")
        .contains("\"wave\": \"eu\",\n      \"held\": true")
        .contains("\"approvalNeeded\": false");
    assertThat(plan.waves())
        .extracting(w -> w.name() + " " + w.upgrading().clusters() + " " + w.held().clusters())
        .containsExactly("canary 1 0", "eu 0 1");

    // Released from its hold: the version change is the upgrade, no second change.
    RolloutState promoted =
        RolloutEngine.next(Revisions.fleet(fleet("1.32")), after.state().orElseThrow(), NOW)
            .state()
            .orElseThrow();
    RolloutEngine.Step released =
        RolloutEngine.compile(Revisions.fleet(fleet("1.32")), Optional.of(promoted), NOW);
    Plan next = Planner.plan(revision(after.fleet()), revision(released.fleet()));
    assertThat(next.changes())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.cluster()).isEqualTo("eu-1");
              assertThat(c.subject()).isEqualTo("version");
              assertThat(c.nodes()).containsExactly("e-1");
            });
  }
}
