package dev.fleetc.emit.fleet;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ClusterEmitter;
import dev.fleetc.emit.ClusterOutput;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.TargetEmitter;
import dev.fleetc.emit.cloudinit.CloudInitUserData;
import dev.fleetc.emit.datastore.PostgresDatastoreEmitter;
import dev.fleetc.emit.gitops.GitOpsEmitter;
import dev.fleetc.emit.gitops.SharedFolders;
import dev.fleetc.emit.k0s.K0sEmitter;
import dev.fleetc.emit.k3s.K3sEmitter;
import dev.fleetc.emit.microk8s.MicroK8sEmitter;
import dev.fleetc.emit.overview.FleetOverview;
import dev.fleetc.emit.support.YamlWriter;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.Rollout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Runs every emitter over a fleet and builds the lock. */
public final class FleetEmitter {

  private final Map<Distribution, TargetEmitter> targets = new EnumMap<>(Distribution.class);
  private final List<ClusterEmitter> common;

  public FleetEmitter(List<TargetEmitter> targets, List<ClusterEmitter> common) {
    targets.forEach(t -> this.targets.put(t.distribution(), t));
    this.common = List.copyOf(common);
  }

  /** Every emitter fleetc has. */
  public static FleetEmitter standard() {
    return new FleetEmitter(
        List.of(new K3sEmitter(), new K0sEmitter(), new MicroK8sEmitter()),
        List.of(new GitOpsEmitter(), new PostgresDatastoreEmitter()));
  }

  /**
   * Compiles the selected clusters into memory: every file of every cluster. For tests, {@code
   * fleet diff} and the warm-up; {@code fleet compile} streams instead ({@link #emit(Fleet,
   * Predicate, String, ClusterSink)}).
   *
   * @param generator the {@code generator} field of the lock, e.g. {@code fleetc 0.1.0}
   * @throws IllegalArgumentException when a selected cluster's distribution has no emitter (callers
   *     check {@link #supports} first and report it as a diagnostic)
   */
  public CompiledFleet emit(Fleet fleet, Predicate<Cluster> selected, String generator) {
    List<ClusterOutput> outputs = new ArrayList<>();
    StreamedFleet streamed = emit(fleet, selected, generator, outputs::add);
    return new CompiledFleet(
        fleet.name(), outputs, streamed.lock().toJson(), streamed.lock(), streamed.fleetFiles());
  }

  /**
   * Does the emit stack's first-use work (the YAML writer, every emitter's templates) so that a
   * caller can run it on another thread while the fleet is still being compiled: on a cold JVM the
   * first emit of the canonical fleet is otherwise ~200 ms against 16 ms warm
   * (docs/performance.md). Pure: changes nothing any output depends on.
   */
  public void prepare() {
    YamlWriter.prepare();
    targets.values().forEach(TargetEmitter::prepare);
    common.forEach(ClusterEmitter::prepare);
    CloudInitUserData.prepare();
  }

  /**
   * Compiles the selected clusters and hands each one's files to {@code sink} as soon as it and
   * every cluster before it (by name) are done: a bounded window of clusters is emitted in
   * parallel, and the sink sees them one at a time in the fixed order of their names, so what it
   * writes is the same on every run. The emitter keeps only the lock's entries of a cluster (paths,
   * kinds, digests), never its files' content.
   *
   * @param generator the {@code generator} field of the lock, e.g. {@code fleetc 0.1.0}
   * @throws IllegalArgumentException when a selected cluster's distribution has no emitter
   * @throws E when the sink fails; no cluster is handed over after that
   */
  public <E extends Exception> StreamedFleet emit(
      Fleet fleet, Predicate<Cluster> selected, String generator, ClusterSink<E> sink) throws E {
    List<Cluster> chosen =
        fleet.clusters().stream()
            .filter(selected)
            .sorted(Comparator.comparing(Cluster::name))
            .toList();
    for (Cluster cluster : chosen) {
      if (!targets.containsKey(cluster.distribution())) {
        throw new IllegalArgumentException(cluster.distribution().id() + " is not supported yet");
      }
    }
    List<Lock.LockCluster> entries = new ArrayList<>();
    ClusterSink<E> recording =
        new ClusterSink<>() {
          @Override
          public void accept(ClusterOutput output) throws E {
            entries.add(lockCluster(output, fleet.rollout()));
            sink.accept(output);
          }

          @Override
          public void prepare(ClusterOutput output) {
            sink.prepare(output);
          }
        };
    if (chosen.size() < 2) {
      for (Cluster cluster : chosen) {
        recording.accept(emitCluster(cluster));
      }
    } else {
      new OrderedWindow(this::emitCluster).run(chosen, recording);
    }
    // FLEET.md, then the shared folders of every cluster of the fleet (not only the selected
    // ones: a cluster kept from the previous lock by `compile --cluster` may use them).
    List<Artifact> fleetFiles = new ArrayList<>();
    fleetFiles.add(FleetOverview.of(fleet));
    fleetFiles.addAll(SharedFolders.files(fleet.clusters()));
    fleetFiles.forEach(Artifact::sha256);
    Lock lock =
        new Lock(
            fleet.name(),
            generator,
            fleetFiles.stream().map(Lock.LockArtifact::of).toList(),
            entries);
    return new StreamedFleet(fleet.name(), chosen.size(), lock, fleetFiles);
  }

  private ClusterOutput emitCluster(Cluster cluster) {
    List<Artifact> artifacts = new ArrayList<>(targets.get(cluster.distribution()).emit(cluster));
    common.forEach(e -> artifacts.addAll(e.emit(cluster)));
    // Built from the node files above, not rendered again.
    artifacts.addAll(CloudInitUserData.emit(cluster, artifacts));
    checkUnique(cluster, artifacts);
    artifacts.sort(Comparator.comparing(Artifact::path));
    // Hashed here, on the parallel stream, rather than one by one when the lock is built.
    artifacts.forEach(Artifact::sha256);
    return new ClusterOutput(cluster, artifacts);
  }

  public static Lock lock(Fleet fleet, List<ClusterOutput> outputs, String generator) {
    return new Lock(
        fleet.name(),
        generator,
        outputs.stream().map(o -> lockCluster(o, fleet.rollout())).toList());
  }

  /** A cluster's entry in the lock: what is kept of it once its files are written. */
  static Lock.LockCluster lockCluster(ClusterOutput output, Rollout rollout) {
    Cluster c = output.cluster();
    // The GitOps path is listed once something is compiled into it.
    String prefix = c.gitops().path() + "/";
    boolean gitops =
        c.gitops().engine() != dev.fleetc.model.GitOpsEngine.NONE
            && output.artifacts().stream().anyMatch(a -> a.path().startsWith(prefix));
    return new Lock.LockCluster(
        c.name(),
        c.distribution().id(),
        c.release().version(),
        c.datastore().type().id(),
        c.gitops().engine().id(),
        gitops ? c.gitops().path() : null,
        rollout == null ? null : rollout.waveOf().get(c.name()),
        rollout == null ? null : rollout.targetOf(c),
        rollout == null ? null : c.release().version(),
        gitops ? SharedFolders.of(c) : List.of(),
        output.artifacts().stream().map(Lock.LockArtifact::of).toList());
  }

  private static void checkUnique(Cluster cluster, List<Artifact> artifacts) {
    Set<String> seen = new HashSet<>();
    for (Artifact a : artifacts) {
      if (!seen.add(a.path())) {
        throw new IllegalStateException(
            "two files of cluster " + cluster.name() + " at " + a.path());
      }
    }
  }
}
