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
        .contains("rollout.held: (none) → v1.32.13+k3s1 (held: wave eu)");
    assertThat(PlanMarkdown.render(plan)).contains("v1.32.13+k3s1 (held: wave eu)");
    assertThat(PlanJson.render(plan)).contains("\"subject\": \"rollout.held\"");

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
