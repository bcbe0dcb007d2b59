package dev.fleetc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * docs/diff.md documents every class, every row of the impact table and every approval state of the
 * per-wave summary.
 */
class DiffDocsTest {

  @Test
  void everyClassAndRuleIsDocumented() {
    String docs =
        Revisions.read(Revisions.pairs().resolve("../../../../../../docs/diff.md").normalize());
    for (ChangeClass kind : ChangeClass.values()) {
      assertThat(docs).contains("| `" + kind.id() + "` |");
    }
    for (ImpactRules.Rule rule : ImpactRules.SETTINGS) {
      assertThat(docs)
          .as("docs/diff.md names %s", rule.pattern())
          .contains("`" + rule.pattern() + "`");
    }
    for (WaveInfo.Approval approval : WaveInfo.Approval.values()) {
      assertThat(docs)
          .as("docs/diff.md names the approval %s of the JSON waves", approval.id())
          .contains("`" + approval.id() + "`");
    }
  }
}
