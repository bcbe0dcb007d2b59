package dev.fleetc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Output folders are compared through their locks: lock fields and file digests. */
class FolderRevisionTest {

  private static String side(String pair, String name) {
    Path dir = Revisions.pairs().resolve(pair);
    return Revisions.read(dir.resolve(name + ".fleet.yaml"));
  }

  private static Map<String, String> classes(Plan plan) {
    return plan.clusters().stream()
        .collect(
            Collectors.toMap(
                ClusterPlan::cluster,
                c ->
                    c.changes().stream()
                        .map(ch -> ch.kind().id())
                        .collect(Collectors.joining(","))));
  }

  @Test
  void twoFoldersGiveTheSameClassesAsTheFleetsForCompiledClusters() {
    Plan plan =
        Planner.plan(
            Revisions.folder(side("canonical", "old")), Revisions.folder(side("canonical", "new")));
    assertThat(classes(plan))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "dev", "gitops",
                "platform-ap", "destroy",
                // A folder has no model: a changed k0sctl.yaml is re-applied, whatever changed in
                // it (the fleet-side plan knows the pod CIDR changed and says replace).
                "platform-us", "reconfigure",
                "prod-ap", "create",
                "prod-us", "remove-node,add-node,reconfigure",
                "staging", "upgrade,gitops"));
    Change reconfigure =
        plan.changes().stream()
            .filter(c -> c.kind() == ChangeClass.RECONFIGURE && c.cluster().equals("prod-us"))
            .findFirst()
            .orElseThrow();
    assertThat(reconfigure.subject()).isEqualTo("files");
    assertThat(reconfigure.nodes()).containsExactly("us-w-2");
    Change upgrade =
        plan.changes().stream()
            .filter(c -> c.kind() == ChangeClass.UPGRADE)
            .findFirst()
            .orElseThrow();
    assertThat(upgrade.before()).isEqualTo("v1.31.4+k3s1 (Kubernetes 1.31)");
  }

  @Test
  void aFolderAgainstAFleetIgnoresClustersTheFolderCannotHold() {
    Plan plan =
        Planner.plan(
            Revisions.folder(side("canonical", "old")),
            Revisions.compiled(side("canonical", "new")));
    assertThat(classes(plan).keySet())
        .containsExactlyInAnyOrder(
            "dev", "platform-ap", "platform-us", "prod-ap", "prod-us", "staging");
    assertThat(
            Planner.plan(
                    Revisions.folder(side("canonical", "old")),
                    Revisions.compiled(side("canonical", "old")))
                .isEmpty())
        .isTrue();
  }

  @Test
  void aDatastoreChangeInTheLockIsAReplace() {
    Plan plan =
        Planner.plan(
            Revisions.folder(side("replace-datastore", "old")),
            Revisions.folder(side("replace-datastore", "new")));
    assertThat(plan.changes())
        .extracting(Change::kind)
        .contains(ChangeClass.REPLACE)
        .doesNotContain(ChangeClass.CREATE, ChangeClass.DESTROY);
    assertThat(plan.clusters().get(0).action()).isEqualTo(ChangeClass.REPLACE);
  }

  @Test
  void kubernetesMinorIsReadFromEveryDistributionsVersion() {
    assertThat(Revision.kubernetesMinor("v1.31.4+k3s1")).isEqualTo("1.31");
    assertThat(Revision.kubernetesMinor("v1.32.2+k0s.0")).isEqualTo("1.32");
    assertThat(Revision.kubernetesMinor("1.30/stable")).isEqualTo("1.30");
  }
}
