package dev.fleetc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.model.Fleet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The laws every plan obeys, on generated fleets. */
class PlanLawsTest {

  private static final List<String> CLUSTER_NAMES = List.of("alpha", "beta", "gamma", "delta");

  /** One generated cluster; equal names on both sides make overlapping clusters and nodes. */
  record ClusterSpec(
      String name,
      String minor,
      String store,
      int controlPlane,
      List<Integer> workers,
      String env) {

    String yaml(long nodeSeed) {
      int index = CLUSTER_NAMES.indexOf(name) + 1;
      StringBuilder y = new StringBuilder();
      y.append("  - name: ").append(name).append('\n');
      y.append("    kubernetes: \"").append(minor).append("\"\n");
      y.append("    labels: {env: ").append(env).append("}\n");
      y.append("    apiEndpoint: 10.").append(index).append(".0.100\n");
      y.append("    token: {secretRef: env:TOKEN_").append(index).append("}\n");
      if (store.equals("postgres")) {
        y.append("    datastore: {type: postgres, endpoint: {secretRef: env:DB_")
            .append(index)
            .append("}}\n");
      } else {
        y.append("    datastore: {type: ").append(store).append("}\n");
      }
      y.append("    nodes:\n");
      for (int i = 1; i <= controlPlane; i++) {
        y.append(node(index, "cp-" + i, i, "control-plane"));
      }
      // Workers may come in any order: the emitted files do not depend on it.
      List<Integer> shuffled = new ArrayList<>(workers);
      java.util.Collections.shuffle(shuffled, new Random(nodeSeed));
      for (int w : shuffled) {
        y.append(node(index, "w-" + w, 10 + w, "worker"));
      }
      return y.toString();
    }

    private String node(int cluster, String node, int host, String role) {
      return "      - {name: "
          + name
          + "-"
          + node
          + ", address: 10."
          + cluster
          + ".0."
          + host
          + ", role: "
          + role
          + "}\n";
    }
  }

  @Provide
  Arbitrary<List<ClusterSpec>> fleets() {
    Arbitrary<ClusterSpec> cluster =
        Combinators.combine(
                Arbitraries.of(CLUSTER_NAMES),
                Arbitraries.of("1.30", "1.31", "1.32"),
                Arbitraries.of("etcd", "sqlite", "postgres"),
                Arbitraries.of(1, 2, 3),
                Arbitraries.of(1, 2, 3).set().ofMaxSize(3).map(s -> s.stream().sorted().toList()),
                Arbitraries.of("prod", "dev"))
            .as(
                (name, minor, store, cp, workers, env) ->
                    new ClusterSpec(
                        name,
                        minor,
                        store,
                        switch (store) {
                          case "etcd" -> cp == 2 ? 3 : cp;
                          case "sqlite" -> 1;
                          default -> cp;
                        },
                        workers,
                        env));
    return cluster.list().ofMinSize(1).ofMaxSize(4).uniqueElements(ClusterSpec::name);
  }

  static String text(List<ClusterSpec> clusters, long seed) {
    StringBuilder y =
        new StringBuilder(
            "apiVersion: fleetc.dev/v1alpha1\nkind: Fleet\nmetadata: {name: laws}\n"
                + "defaults: {distribution: k3s, kubernetes: \"1.31\"}\nclusters:\n");
    clusters.forEach(c -> y.append(c.yaml(seed)));
    return y.toString();
  }

  @Property(tries = 40)
  void aRevisionComparedWithItselfHasNoChanges(@ForAll("fleets") List<ClusterSpec> fleet) {
    String text = text(fleet, 1);
    Plan plan = Planner.plan(Revisions.compiled(text), Revisions.compiled(text));
    assertThat(plan.isEmpty()).as(PlanJson.render(plan)).isTrue();
    assertThat(plan.unchanged()).isEqualTo(fleet.size());
    Plan folders = Planner.plan(Revisions.folder(text), Revisions.folder(text));
    assertThat(folders.isEmpty()).isTrue();
  }

  @Property(tries = 40)
  void swappingTheSidesMirrorsThePlan(
      @ForAll("fleets") List<ClusterSpec> a, @ForAll("fleets") List<ClusterSpec> b) {
    Revision left = Revisions.compiled(text(a, 1));
    Revision right = Revisions.compiled(text(b, 1));
    List<String> forward =
        Planner.plan(left, right).changes().stream().map(PlanLawsTest::mirrored).sorted().toList();
    List<String> backward =
        Planner.plan(right, left).changes().stream().map(PlanLawsTest::asIs).sorted().toList();
    assertThat(forward).isEqualTo(backward);
  }

  @Property(tries = 40)
  void thePlanDoesNotDependOnTheOrderOfClustersOrWorkers(
      @ForAll("fleets") List<ClusterSpec> a,
      @ForAll("fleets") List<ClusterSpec> b,
      @ForAll long seed) {
    Plan declared = Planner.plan(Revisions.compiled(text(a, 1)), Revisions.compiled(text(b, 1)));
    Plan shuffled =
        Planner.plan(
            Revisions.compiled(text(shuffle(a, seed), seed)),
            Revisions.compiled(text(shuffle(b, seed + 1), seed + 1)));
    assertThat(PlanJson.render(shuffled)).isEqualTo(PlanJson.render(declared));
  }

  /**
   * Control-plane order does change emitted files (the first server initialises etcd), so the full
   * node-order law is checked on the models alone.
   */
  @Property(tries = 40)
  void theModelPlanDoesNotDependOnTheOrderOfNodes(
      @ForAll("fleets") List<ClusterSpec> a,
      @ForAll("fleets") List<ClusterSpec> b,
      @ForAll long seed) {
    Plan declared = Planner.plan(modelOnly(text(a, 1), 0), modelOnly(text(b, 1), 0));
    Plan shuffled = Planner.plan(modelOnly(text(a, 1), seed), modelOnly(text(b, 1), seed + 1));
    assertThat(PlanJson.render(shuffled)).isEqualTo(PlanJson.render(declared));
  }

  private static Revision modelOnly(String text, long seed) {
    Fleet fleet = Revisions.fleet(text);
    if (seed != 0) {
      Random random = new Random(seed);
      List<dev.fleetc.model.Cluster> clusters = new ArrayList<>();
      for (dev.fleetc.model.Cluster c : fleet.clusters()) {
        List<dev.fleetc.model.Node> nodes = new ArrayList<>(c.nodes());
        java.util.Collections.shuffle(nodes, random);
        clusters.add(
            new dev.fleetc.model.Cluster(
                c.name(),
                c.profile(),
                c.region(),
                c.labels(),
                c.distribution(),
                c.release(),
                c.datastore(),
                c.apiEndpoint(),
                c.sans(),
                c.token(),
                nodes,
                c.network(),
                c.gitops(),
                c.addons(),
                c.extensions(),
                c.provenance(),
                c.agentToken(),
                c.firstBootDeadline(),
                c.upgrades()));
      }
      java.util.Collections.shuffle(clusters, random);
      fleet = new Fleet(fleet.name(), fleet.sourceFile(), clusters);
    }
    return Revision.compiled(
        fleet,
        new CompiledFleet(
            fleet.name(), List.of(), "", FleetEmitter.lock(fleet, List.of(), "fleetc test")));
  }

  private static List<ClusterSpec> shuffle(List<ClusterSpec> clusters, long seed) {
    List<ClusterSpec> copy = new ArrayList<>(clusters);
    java.util.Collections.shuffle(copy, new Random(seed));
    return copy;
  }

  private static String mirrored(Change c) {
    return key(c.kind().mirror(), c.cluster(), c.subject(), c.after(), c.before(), c);
  }

  private static String asIs(Change c) {
    return key(c.kind(), c.cluster(), c.subject(), c.before(), c.after(), c);
  }

  private static String key(
      ChangeClass kind, String cluster, String subject, String before, String after, Change c) {
    return String.join(
        " | ",
        cluster,
        kind.id(),
        subject,
        before,
        after,
        String.join(",", c.nodes().stream().sorted(Comparator.naturalOrder()).toList()),
        String.join(",", c.files()));
  }
}
