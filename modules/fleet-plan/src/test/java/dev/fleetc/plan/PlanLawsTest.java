package dev.fleetc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.upgrades.RolloutEngine;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.RolloutState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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

  /**
   * The per-wave summary is the clusters' rows counted: every cluster of the new side is in exactly
   * one wave; a wave's "upgrading now" are its rows with a {@code version} upgrade, its "held" the
   * clusters the rollout engine holds (and that do not upgrade now), the rest "unchanged"; node
   * counts are those clusters' nodes. A compiled folder's lock gives the same counts (for the waves
   * that have clusters: a lock only knows a wave through its clusters).
   */
  @Property(tries = 25)
  void theWaveSummaryCountsTheClustersRows(
      @ForAll("fleets") List<ClusterSpec> fleet,
      @ForAll @net.jqwik.api.constraints.Size(4) List<Boolean> bumps,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 4) int nexts,
      @ForAll boolean approve) {
    List<ClusterSpec> bumped = new ArrayList<>();
    for (int i = 0; i < fleet.size(); i++) {
      ClusterSpec c = fleet.get(i);
      String minor =
          bumps.get(i) && !c.minor().equals("1.32")
              ? "1." + (Integer.parseInt(c.minor().substring(2)) + 1)
              : c.minor();
      bumped.add(
          new ClusterSpec(c.name(), minor, c.store(), c.controlPlane(), c.workers(), c.env()));
    }
    Instant t0 = Instant.parse("2026-12-01T08:00:00Z");
    RolloutEngine.Step start =
        RolloutEngine.compile(Revisions.fleet(withWaves(text(fleet, 1))), Optional.empty(), t0);
    Fleet declared = Revisions.fleet(withWaves(text(bumped, 1)));
    RolloutEngine.Step bump = RolloutEngine.compile(declared, start.state(), t0);
    RolloutState state = bump.state().orElseThrow();
    if (approve) {
      state = RolloutEngine.approve(state, "prod", "alice", t0).state().orElse(state);
    }
    for (int i = 1; i <= nexts; i++) {
      state =
          RolloutEngine.next(declared, state, t0.plus(Duration.ofDays(i))).state().orElse(state);
    }
    Fleet effective = RolloutEngine.compile(declared, Optional.of(state), t0).fleet();
    java.util.Set<String> approved = new java.util.HashSet<>();
    state
        .rolloutIfAny()
        .ifPresent(
            run ->
                run.waves().stream()
                    .filter(w -> !w.approvals().isEmpty())
                    .forEach(w -> approved.add(w.name())));
    Revision after = Revision.compiled(effective, Revisions.emit(effective), approved);
    Plan plan =
        Planner.plan(Revision.compiled(start.fleet(), Revisions.emit(start.fleet())), after);

    assertThat(plan.waves()).extracting(WaveSummary::name).containsExactly("prod", "rest");
    assertThat(plan.waves().stream().mapToInt(w -> w.clusters().clusters()).sum())
        .isEqualTo(effective.clusters().size());
    for (WaveSummary wave : plan.waves()) {
      List<dev.fleetc.model.Cluster> members =
          effective.clusters().stream()
              .filter(c -> wave.name().equals(effective.rollout().waveOf().get(c.name())))
              .toList();
      List<String> upgrading =
          plan.clusters().stream()
              .filter(c -> wave.name().equals(c.wave()) && c.upgradesNow())
              .map(ClusterPlan::cluster)
              .toList();
      List<String> held =
          members.stream()
              .map(dev.fleetc.model.Cluster::name)
              .filter(effective.rollout().held()::containsKey)
              .filter(c -> !upgrading.contains(c))
              .toList();
      assertThat(wave.clusters()).isEqualTo(count(members, members));
      assertThat(wave.upgrading()).isEqualTo(count(members, upgrading));
      assertThat(wave.held()).isEqualTo(count(members, held));
      assertThat(wave.unchanged().clusters())
          .isEqualTo(members.size() - upgrading.size() - held.size());
      assertThat(wave.approvalNeeded())
          .isEqualTo(
              !approved.contains(wave.name()) && wave.name().equals("prod") && !held.isEmpty());
    }
    for (ClusterPlan row : plan.clusters()) {
      assertThat(row.wave()).isEqualTo(effective.rollout().waveOf().get(row.cluster()));
      assertThat(row.held()).isEqualTo(effective.rollout().held().containsKey(row.cluster()));
      if (row.upgradeHeld()) {
        assertThat(row.changes())
            .filteredOn(c -> c.kind() == ChangeClass.UPGRADE)
            .allMatch(c -> c.nodes().isEmpty() && c.files().isEmpty());
      }
    }

    CompiledFleet compiled = Revisions.emit(effective);
    java.util.Map<String, String> files = new java.util.HashMap<>();
    compiled.files().forEach(a -> files.put(a.path(), a.content()));
    Revision folder =
        Revision.fromLock(
            dev.fleetc.emit.Lock.parse(compiled.lock()), p -> Optional.ofNullable(files.get(p)));
    Plan fromFolder =
        Planner.plan(Revision.compiled(start.fleet(), Revisions.emit(start.fleet())), folder);
    assertThat(fromFolder.waves())
        .extracting(w -> List.of(w.name(), w.clusters(), w.upgrading(), w.held(), w.unchanged()))
        .isEqualTo(
            plan.waves().stream()
                .filter(w -> w.clusters().clusters() > 0) // a lock names only waves with clusters
                .map(w -> List.of(w.name(), w.clusters(), w.upgrading(), w.held(), w.unchanged()))
                .toList());
  }

  private static WaveSummary.Count count(
      List<dev.fleetc.model.Cluster> members, java.util.Collection<?> names) {
    int clusters = 0;
    int nodes = 0;
    for (dev.fleetc.model.Cluster c : members) {
      if (names.contains(c) || names.contains(c.name())) {
        clusters++;
        nodes += c.nodes().size();
      }
    }
    return new WaveSummary.Count(clusters, nodes);
  }

  /** Production clusters first, one at a time, behind an approval; then the rest, half at once. */
  private static String withWaves(String text) {
    return text
        + "rollout:\n  waves:\n"
        + "    - {name: prod, selector: {labels: {env: prod}}, maxConcurrent: 1, soak: 1h,"
        + " approval: true}\n"
        + "    - {name: rest, selector: {}, maxConcurrent: 50%, soak: 1h}\n";
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
