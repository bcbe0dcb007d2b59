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
  void aK0sctlYamlChangedOnlyInSpecOptionsTouchesNoNode() {
    // From folders there is no model: the k0sctl.yaml itself shows that only how the next upgrade
    // runs changed (spec.options), which k0sctl carries out at the next version change.
    Plan plan =
        Planner.plan(
            Revisions.folder(side("upgrades-settings-k0s", "old")),
            Revisions.folder(side("upgrades-settings-k0s", "new")));
    Change options =
        plan.changes().stream()
            .filter(c -> c.files().contains("bootstrap/shop/k0sctl.yaml"))
            .findFirst()
            .orElseThrow();
    assertThat(options.kind()).isEqualTo(ChangeClass.GITOPS);
    assertThat(options.subject()).isEqualTo("k0sctl spec.options");
    assertThat(options.nodes()).isEmpty();
    assertThat(options.before())
        .isEqualTo(
            "drain.deleteEmptyDirData=true, drain.enabled=true, drain.force=false,"
                + " drain.timeout=10m");
    assertThat(options.after())
        .isEqualTo(
            "concurrency.limit=2, concurrency.workerDisruptionPercent=100,"
                + " drain.deleteEmptyDirData=true, drain.enabled=true, drain.force=true,"
                + " drain.timeout=20m");
    assertThat(classes(plan)).containsExactlyEntriesOf(Map.of("shop", "gitops,gitops"));

    // A new worker changes spec.hosts as well: that is k0sctl work on the hosts.
    String old = side("upgrades-settings-k0s", "old");
    String grown =
        side("upgrades-settings-k0s", "new")
            .replace(
                "      - {name: shop-w-2, address: 10.1.0.22, role: worker}\n",
                "      - {name: shop-w-2, address: 10.1.0.22, role: worker}\n"
                    + "      - {name: shop-w-3, address: 10.1.0.23, role: worker}\n");
    assertThat(grown).contains("shop-w-3");
    Plan grownPlan = Planner.plan(Revisions.folder(old), Revisions.folder(grown));
    assertThat(grownPlan.changes())
        .filteredOn(c -> c.files().contains("bootstrap/shop/k0sctl.yaml"))
        .singleElement()
        .satisfies(c -> assertThat(c.kind()).isEqualTo(ChangeClass.RECONFIGURE));
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
