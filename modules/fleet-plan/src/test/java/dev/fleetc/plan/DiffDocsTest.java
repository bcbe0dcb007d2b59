package dev.fleetc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** docs/diff.md documents every class and every row of the impact table. */
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
  }
}
