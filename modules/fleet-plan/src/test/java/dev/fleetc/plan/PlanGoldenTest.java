package dev.fleetc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Each folder under {@code pairs/} holds {@code old.fleet.yaml} and {@code new.fleet.yaml}; the
 * plan between them is compared, in all three formats, with {@code expected.txt}, {@code
 * expected.md} and {@code expected.json} there ({@code -Dfleetc.updateGolden=true} rewrites them).
 */
class PlanGoldenTest {

  static Plan plan(String pair) {
    Path dir = Revisions.pairs().resolve(pair);
    return Planner.plan(
        Revisions.compiled(Revisions.read(dir.resolve("old.fleet.yaml"))),
        Revisions.compiled(Revisions.read(dir.resolve("new.fleet.yaml"))));
  }

  @TestFactory
  Stream<DynamicTest> everyPairMatchesItsExpectedPlan() throws IOException {
    List<Path> dirs;
    try (Stream<Path> list = Files.list(Revisions.pairs())) {
      dirs = list.filter(Files::isDirectory).sorted().toList();
    }
    assertThat(dirs).hasSizeGreaterThanOrEqualTo(10);
    return dirs.stream()
        .map(
            dir ->
                DynamicTest.dynamicTest(
                    dir.getFileName().toString(),
                    () -> {
                      Plan plan = plan(dir.getFileName().toString());
                      golden(dir.resolve("expected.txt"), new PlanText(false).render(plan));
                      golden(dir.resolve("expected.md"), PlanMarkdown.render(plan));
                      golden(dir.resolve("expected.json"), PlanJson.render(plan));
                    }));
  }

  private static void golden(Path file, String actual) throws IOException {
    if (Boolean.getBoolean("fleetc.updateGolden")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(file).as("%s is missing; run with -Dfleetc.updateGolden=true", file).exists();
    assertThat(actual)
        .as("%s differs; run with -Dfleetc.updateGolden=true and review the diff", file)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void theCanonicalPairHasOneChangeOfEveryClass() {
    Plan plan = plan("canonical");
    assertThat(plan.counts().keySet()).isEqualTo(EnumSet.allOf(ChangeClass.class));
    assertThat(plan.counts().values()).allMatch(n -> n == 1);
    assertThat(plan.clusters())
        .extracting(ClusterPlan::cluster)
        .containsExactly("dev", "platform-ap", "platform-us", "prod-ap", "prod-us", "staging");
    assertThat(plan.unchanged()).isEqualTo(1);
    Change upgrade = only(plan, ChangeClass.UPGRADE);
    assertThat(upgrade.cluster()).isEqualTo("staging");
    assertThat(upgrade.before()).startsWith("v1.31.4+k3s1");
    assertThat(upgrade.after()).startsWith("v1.32.13+k3s1");
    assertThat(upgrade.nodes()).containsExactly("stg-cp-1", "stg-cp-2", "stg-w-1");
    assertThat(upgrade.allowed()).isTrue();
    Change replace = only(plan, ChangeClass.REPLACE);
    assertThat(replace.subject()).isEqualTo("network.podCIDR");
    Change reconfigure = only(plan, ChangeClass.RECONFIGURE);
    assertThat(reconfigure.nodes()).containsExactly("us-w-2");
    assertThat(reconfigure.files()).contains("bootstrap/prod-us/nodes/us-w-2/config.yaml");
    assertThat(only(plan, ChangeClass.GITOPS).nodes()).isEmpty();
    assertThat(only(plan, ChangeClass.CREATE).files())
        .contains("bootstrap/prod-ap/nodes/ap-cp-1/install.sh");
  }

  @Test
  void identicalRevisionsHaveNoChanges() {
    Plan plan = plan("no-change");
    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.unchanged()).isEqualTo(3);
  }

  @Test
  void removingTwoOfThreeEtcdMembersLosesQuorum() {
    Plan plan = plan("quorum-loss");
    assertThat(plan.changes())
        .extracting(Change::kind)
        .containsExactly(ChangeClass.REMOVE_NODE, ChangeClass.REMOVE_NODE);
    assertThat(plan.changes().stream().filter(c -> c.kind() == ChangeClass.REMOVE_NODE))
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.allowed()).isFalse();
              assertThat(c.notes()).anyMatch(n -> n.text().contains("loses quorum"));
              assertThat(c.notes()).anyMatch(n -> n.text().contains("single etcd member"));
            });
  }

  @Test
  void skippedMinorsAndDowngradesAreNotAllowed() {
    assertThat(only(plan("upgrade-skips-minor"), ChangeClass.UPGRADE).notes())
        .anyMatch(n -> n.kind() == Note.Kind.NOT_ALLOWED && n.text().contains("skips a minor"));
    assertThat(plan("downgrade").changes())
        .filteredOn(c -> c.kind() == ChangeClass.UPGRADE)
        .hasSize(3)
        .allSatisfy(c -> assertThat(c.allowed()).isFalse());
    Change patch = only(plan("upgrade-patch"), ChangeClass.UPGRADE);
    assertThat(patch.allowed()).isTrue();
    assertThat(Planner.compareVersions("v1.31.4+k3s1", "v1.31.14+k3s1")).isNegative();
  }

  @Test
  void destructiveAndInPlaceChangesAreTold() {
    assertThat(only(plan("replace-datastore"), ChangeClass.REPLACE).subject())
        .isEqualTo("datastore.type");
    Plan server = plan("reconfigure-server");
    assertThat(server.changes()).extracting(Change::kind).containsOnly(ChangeClass.RECONFIGURE);
    assertThat(server.changes())
        .allSatisfy(c -> assertThat(c.nodes()).containsExactly("cp-1", "cp-2", "cp-3"));
    Plan gitops = plan("gitops-branch");
    assertThat(gitops.changes()).extracting(Change::kind).containsOnly(ChangeClass.GITOPS);
    assertThat(gitops.changes()).allSatisfy(c -> assertThat(c.nodes()).isEmpty());
    Plan role = plan("node-changes-role");
    assertThat(role.changes())
        .filteredOn(c -> c.subject().equals("nodes.shop-w-1"))
        .extracting(Change::kind)
        .containsExactly(ChangeClass.REMOVE_NODE, ChangeClass.ADD_NODE);
  }

  @Test
  void addingAnAgentTokenReconfiguresEveryNodeInPlace() {
    Plan plan = plan("agent-token");
    Change change = only(plan, ChangeClass.RECONFIGURE);
    assertThat(change.subject()).isEqualTo("agentToken");
    assertThat(change.nodes()).containsExactly("cp-1", "w-1");
    assertThat(plan.changes()).extracting(Change::kind).containsOnly(ChangeClass.RECONFIGURE);
  }

  private static Change only(Plan plan, ChangeClass kind) {
    List<Change> found = plan.changes().stream().filter(c -> c.kind() == kind).toList();
    assertThat(found).as("%s changes in %s", kind, plan).hasSize(1);
    return found.get(0);
  }
}
