package dev.fleetc.compiler.upgrades;

import dev.fleetc.compiler.catalog.KnownBuilds;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.Provenance;
import dev.fleetc.model.Release;
import dev.fleetc.model.Rollout;
import dev.fleetc.model.RolloutState;
import dev.fleetc.model.SourcePosition;
import dev.fleetc.model.UpgradeMethod;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rollout semantics, as a pure function: the declared fleet and the recorded state in, the
 * effective fleet and the next state out. A cluster's <em>effective version</em> is its rollout
 * target once its wave's batch is promoted, else its previous version; every generated file pins
 * the effective version. The compile that first sees a new target starts a rollout and promotes its
 * first batch only. "Now" is the caller's: nothing here reads a clock.
 */
public final class RolloutEngine {

  private static final Pattern MINOR = Pattern.compile("^v?(1\\.[0-9]{1,3})[.+/-]");

  private RolloutEngine() {}

  /**
   * The outcome of a compile.
   *
   * @param fleet the effective fleet: held clusters at their previous version, {@link
   *     Rollout#held()} naming their targets
   * @param state the state to record, or empty for a fleet without {@code rollout:} (no file)
   * @param started whether this compile started a rollout
   * @param promoted the clusters promoted by this compile, in name order
   * @param refusals why the declared versions cannot be rolled out (a target older than what a
   *     cluster runs, more than one minor above it, or a K3s build from an earlier month than the
   *     running one), located at the declared version; when not empty, nothing may be written
   */
  public record Step(
      Fleet fleet,
      Optional<RolloutState> state,
      boolean started,
      List<String> promoted,
      List<Diagnostic> refusals) {

    Step(Fleet fleet, Optional<RolloutState> state, boolean started, List<String> promoted) {
      this(fleet, state, started, promoted, List.of());
    }

    /** The refusals as one line each: message and hint. */
    public List<String> refused() {
      return refusals.stream()
          .map(d -> d.hint().isEmpty() ? d.message() : d.message() + "; " + d.hint())
          .toList();
    }
  }

  /**
   * Applies the recorded state to a declared fleet; {@code now} stamps what this compile starts.
   */
  public static Step compile(Fleet declared, Optional<RolloutState> recorded, Instant now) {
    return compile(declared, recorded, now, ReleaseCatalog.builtIn());
  }

  /** {@link #compile(Fleet, Optional, Instant)} with the release dates of {@code catalog}. */
  public static Step compile(
      Fleet declared, Optional<RolloutState> recorded, Instant now, ReleaseCatalog catalog) {
    Optional<Rollout> rollout = declared.rolloutIfAny();
    if (rollout.isEmpty()) {
      return new Step(declared, Optional.empty(), false, List.of());
    }
    RolloutState.Run run = recorded.map(RolloutState::rollout).orElse(null);
    Set<String> promoted = run == null ? Set.of() : promotedIn(run);
    Map<String, RolloutState.Change> changing = new TreeMap<>();
    for (Cluster cluster : declared.clusters()) {
      String running = running(cluster, recorded, run, promoted);
      if (!running.equals(cluster.release().version())) {
        changing.put(cluster.name(), new RolloutState.Change(running, cluster.release().version()));
      }
    }
    Diagnostics refusals = new Diagnostics();
    for (Cluster cluster : declared.clusters()) {
      RolloutState.Change change = changing.get(cluster.name());
      if (change != null) {
        refuse(cluster, change.previous(), catalog, refusals);
      }
    }
    if (refusals.hasErrors()) {
      return new Step(declared, recorded, false, List.of(), refusals.all());
    }
    boolean started = false;
    List<String> promotedNow = List.of();
    if (!changing.isEmpty() && !continues(run, changing)) {
      run =
          new RolloutState.Run(timestamp(now), false, changing, progress(rollout.get(), changing));
      Optional<Promotion> first = nextBatch(rollout.get(), run, now);
      if (first.isPresent() && first.get().batch().isPresent()) {
        run = first.get().run();
        promotedNow = first.get().batch().get();
      }
      started = true;
      promoted = promotedIn(run);
    }
    return effective(declared, rollout.get(), run, promoted, started, promotedNow);
  }

  /**
   * What {@code fleet rollout next} decided: the state to record, or the reason nothing moves.
   *
   * @param state the new state, or empty when nothing was promoted
   * @param message what happened, for a person
   */
  public record Next(Optional<RolloutState> state, String message) {}

  /**
   * Promotes the next batch of the recorded rollout, when it may move: not paused, the last batch's
   * soak over, the next wave approved if it needs it. That the promoted clusters are healthy at the
   * target is the caller's assertion (CI or a person checked them): fleetc cannot see the clusters.
   */
  public static Next next(Fleet declared, RolloutState state, Instant now) {
    Optional<Rollout> rollout = declared.rolloutIfAny();
    RolloutState.Run run = state.rollout();
    if (rollout.isEmpty()) {
      return new Next(Optional.empty(), "the fleet declares no rollout");
    }
    if (run == null || run.complete()) {
      return new Next(Optional.empty(), "no rollout in progress: every cluster is at its target");
    }
    if (run.paused()) {
      return new Next(Optional.empty(), "the rollout is paused: fleet rollout resume");
    }
    Optional<Instant> soakedAt = soakEnds(rollout.get(), run);
    if (soakedAt.isPresent() && soakedAt.get().isAfter(now)) {
      return new Next(Optional.empty(), "the last batch soaks until " + timestamp(soakedAt.get()));
    }
    Optional<Promotion> promotion = nextBatch(rollout.get(), run, now);
    if (promotion.isEmpty()) {
      return new Next(Optional.empty(), "no rollout in progress");
    }
    if (promotion.get().needsApproval()) {
      return new Next(
          Optional.empty(),
          "wave "
              + promotion.get().wave()
              + " needs approval: fleet rollout approve "
              + promotion.get().wave()
              + " --by NAME");
    }
    List<String> batch = promotion.get().batch().orElseThrow();
    RolloutState.Run promoted = promotion.get().run();
    Map<String, String> versions = new TreeMap<>(state.versions());
    batch.forEach(c -> versions.put(c, promoted.clusters().get(c).target()));
    return new Next(
        Optional.of(new RolloutState(state.fleet(), versions, promoted)),
        "wave " + promotion.get().wave() + ": promoted " + String.join(", ", batch));
  }

  /** When the last promoted batch's soak (its wave's {@code soak}) is over, if any batch. */
  static Optional<Instant> soakEnds(Rollout rollout, RolloutState.Run run) {
    Instant last = null;
    java.time.Duration soak = java.time.Duration.ZERO;
    for (RolloutState.WaveProgress wave : run.waves()) {
      for (RolloutState.Batch batch : wave.batches()) {
        Instant at = Instant.parse(batch.promotedAt());
        if (last == null || !at.isBefore(last)) {
          last = at;
          soak = rollout.wave(wave.name()).map(Rollout.Wave::soak).orElse(java.time.Duration.ZERO);
        }
      }
    }
    return last == null ? Optional.empty() : Optional.of(last.plus(soak));
  }

  /** The state with a person's approval of a wave of the current rollout recorded. */
  public static Next approve(RolloutState state, String wave, String by, Instant now) {
    RolloutState.Run run = state.rollout();
    if (run == null || run.complete() || run.wave(wave).isEmpty()) {
      return new Next(Optional.empty(), "wave " + wave + " has nothing to approve");
    }
    List<RolloutState.WaveProgress> waves = new ArrayList<>();
    for (RolloutState.WaveProgress p : run.waves()) {
      if (p.name().equals(wave)) {
        List<RolloutState.Approval> approvals = new ArrayList<>(p.approvals());
        approvals.add(new RolloutState.Approval(by, timestamp(now)));
        waves.add(new RolloutState.WaveProgress(p.name(), p.batches(), approvals));
      } else {
        waves.add(p);
      }
    }
    return new Next(
        Optional.of(
            new RolloutState(
                state.fleet(),
                state.versions(),
                new RolloutState.Run(run.startedAt(), run.paused(), run.clusters(), waves))),
        "wave " + wave + " approved by " + by);
  }

  /** The state with the current rollout paused or resumed. */
  public static Next pause(RolloutState state, boolean paused) {
    RolloutState.Run run = state.rollout();
    if (run == null || run.complete()) {
      return new Next(Optional.empty(), "no rollout in progress");
    }
    return new Next(
        Optional.of(
            new RolloutState(
                state.fleet(),
                state.versions(),
                new RolloutState.Run(run.startedAt(), paused, run.clusters(), run.waves()))),
        paused ? "rollout paused" : "rollout resumed");
  }

  private static final Pattern NUMBERS =
      Pattern.compile(
          "^v?1\\.([0-9]{1,3})(?:\\.([0-9]{1,3}))?(?:[^+]*\\+k(?:3s|0s\\.)([0-9]{1,3}))?");

  /**
   * Reports why a cluster cannot go from what it runs to its declared version in one rollout, at
   * the declared version: never down (FLEET-E111), never past one minor (FLEET-E112), and for a K3s
   * cluster upgraded by the system-upgrade-controller never to a build released in an earlier month
   * than the running one (FLEET-E110: the rancher/k3s-upgrade image refuses it).
   */
  static void refuse(Cluster cluster, String running, ReleaseCatalog catalog, Diagnostics out) {
    String target = cluster.release().version();
    SourcePosition at = versionPosition(cluster);
    Optional<Refusal> step = checkStepRefusal(cluster.name(), running, target);
    if (step.isPresent()) {
      out.error(step.get().code(), at, step.get().message(), step.get().hint());
      return;
    }
    if (cluster.distribution() == Distribution.K3S
        && cluster.upgrades().method() == UpgradeMethod.SUC) {
      checkMonth(cluster.name(), running, target, cluster.release().kubernetesMinor(), catalog)
          .ifPresent(r -> out.error(r.code(), at, r.message(), r.hint()));
    }
  }

  /** A refusal before it is located. */
  record Refusal(ErrorCode code, String message, String hint) {}

  /**
   * Why a cluster cannot go from what it runs to its declared version in one rollout: never down
   * (K3s and k0s refuse it, and a rebuilt node would fall behind its peers), never past one minor
   * (Kubernetes supports one minor at a time).
   */
  static Optional<String> checkStep(String cluster, String running, String target) {
    return checkStepRefusal(cluster, running, target).map(r -> r.message() + "; " + r.hint());
  }

  private static Optional<Refusal> checkStepRefusal(String cluster, String running, String target) {
    Matcher from = NUMBERS.matcher(running);
    Matcher to = NUMBERS.matcher(target);
    if (!from.find() || !to.find()) {
      return Optional.empty();
    }
    int fromMinor = Integer.parseInt(from.group(1));
    int toMinor = Integer.parseInt(to.group(1));
    if (toMinor > fromMinor + 1) {
      return Optional.of(
          new Refusal(
              ErrorCode.ROLLOUT_SKIPS_MINOR,
              "cluster '"
                  + cluster
                  + "' runs "
                  + running
                  + ": "
                  + target
                  + " skips a Kubernetes minor",
              "upgrade one minor at a time (declare 1." + (fromMinor + 1) + " first)"));
    }
    int order = Integer.compare(toMinor, fromMinor);
    if (order == 0) {
      order = Integer.compare(number(to, 2), number(from, 2));
    }
    if (order == 0) {
      order = Integer.compare(number(to, 3), number(from, 3));
    }
    if (order < 0) {
      return Optional.of(
          new Refusal(
              ErrorCode.ROLLOUT_DOWNGRADE,
              "cluster '"
                  + cluster
                  + "' runs "
                  + running
                  + ", newer than the declared "
                  + target
                  + ": fleetc never downgrades",
              "declare " + running + " or later"));
    }
    return Optional.empty();
  }

  /**
   * The rancher/k3s-upgrade image replaces the K3s binary only when the new build's year and month
   * are not earlier than the running one's (k3s-io/k3s-upgrade scripts/upgrade.sh, {@code
   * compare_build_dates}): a newer patch of an older minor can be older than what runs. Judged by
   * the catalog's release dates; unknown dates are not judged.
   */
  static Optional<Refusal> checkMonth(
      String cluster, String running, String target, String targetMinor, ReleaseCatalog catalog) {
    KnownBuilds builds = catalog.knownBuilds();
    Optional<LocalDate> runningDate = builds.released("k3s", running);
    Optional<LocalDate> targetDate = builds.released("k3s", target);
    if (runningDate.isEmpty() || targetDate.isEmpty()) {
      return Optional.empty();
    }
    YearMonth runningMonth = YearMonth.from(runningDate.get());
    if (!YearMonth.from(targetDate.get()).isBefore(runningMonth)) {
      return Optional.empty();
    }
    Optional<String> instead = builds.oldestReleasedFrom("k3s", targetMinor, runningMonth);
    return Optional.of(
        new Refusal(
            ErrorCode.K3S_UPGRADE_MONTH,
            "cluster '"
                + cluster
                + "' runs "
                + running
                + " (released "
                + runningDate.get()
                + "): "
                + target
                + " was released "
                + targetDate.get()
                + ", in an earlier month, and the system-upgrade-controller's k3s-upgrade image"
                + " refuses a build from an earlier month than the running one",
            instead
                .map(
                    b ->
                        "declare "
                            + b
                            + " or later (released "
                            + builds.released("k3s", b).get()
                            + ")")
                .orElse(
                    "declare a "
                        + targetMinor
                        + " build released in "
                        + runningMonth
                        + " or later")));
  }

  /** Where the cluster's version is declared: its {@code version}, else its {@code kubernetes}. */
  private static SourcePosition versionPosition(Cluster cluster) {
    for (String key : List.of("version", "kubernetes")) {
      Provenance p = cluster.provenance().get(key);
      if (p != null && p.position().isKnown()) {
        return p.position();
      }
    }
    return Optional.ofNullable(cluster.provenance().get("name"))
        .map(Provenance::position)
        .orElse(SourcePosition.NONE);
  }

  private static int number(Matcher m, int group) {
    return m.group(group) == null ? 0 : Integer.parseInt(m.group(group));
  }

  /** What a cluster runs according to the state: its rollout position, else its last version. */
  private static String running(
      Cluster cluster,
      Optional<RolloutState> recorded,
      RolloutState.Run run,
      Set<String> promoted) {
    RolloutState.Change change = run == null ? null : run.clusters().get(cluster.name());
    if (change != null) {
      return promoted.contains(cluster.name()) ? change.target() : change.previous();
    }
    return recorded
        .map(s -> s.versions().get(cluster.name()))
        .orElse(cluster.release().version()); // a new cluster, or no state yet: nothing to hold
  }

  /** Whether the recorded rollout already moves every changing cluster to its declared target. */
  private static boolean continues(
      RolloutState.Run run, Map<String, RolloutState.Change> changing) {
    if (run == null) {
      return false;
    }
    for (Map.Entry<String, RolloutState.Change> e : changing.entrySet()) {
      RolloutState.Change recorded = run.clusters().get(e.getKey());
      if (recorded == null || !recorded.target().equals(e.getValue().target())) {
        return false;
      }
    }
    return true;
  }

  private static List<RolloutState.WaveProgress> progress(
      Rollout rollout, Map<String, RolloutState.Change> changing) {
    Set<String> waves = new HashSet<>();
    changing.keySet().forEach(c -> waves.add(rollout.waveOf().get(c)));
    List<RolloutState.WaveProgress> out = new ArrayList<>();
    for (Rollout.Wave wave : rollout.waves()) {
      if (waves.contains(wave.name())) {
        out.add(new RolloutState.WaveProgress(wave.name(), List.of(), List.of()));
      }
    }
    return out;
  }

  /**
   * The next batch of a run: the first wave (in order) with clusters not yet promoted, its next
   * {@code maxConcurrent} of them in name order. Empty batch when the wave waits for approval.
   *
   * @param run the run so far
   * @return empty when every cluster is promoted
   */
  static Optional<Promotion> nextBatch(Rollout rollout, RolloutState.Run run, Instant now) {
    Set<String> promoted = promotedIn(run);
    for (RolloutState.WaveProgress progress : run.waves()) {
      Rollout.Wave wave = rollout.wave(progress.name()).orElse(null);
      if (wave == null) {
        continue;
      }
      List<String> members =
          run.clusters().keySet().stream()
              .filter(c -> wave.name().equals(rollout.waveOf().get(c)))
              .toList();
      List<String> waiting = members.stream().filter(c -> !promoted.contains(c)).toList();
      if (waiting.isEmpty()) {
        continue;
      }
      if (wave.approval() && progress.approvals().isEmpty()) {
        return Optional.of(new Promotion(run, Optional.empty(), wave.name(), true));
      }
      int size = Math.min(waiting.size(), wave.maxConcurrent().of(members.size()));
      List<String> batch = waiting.subList(0, size);
      List<RolloutState.WaveProgress> waves = new ArrayList<>();
      for (RolloutState.WaveProgress p : run.waves()) {
        if (p == progress) {
          List<RolloutState.Batch> batches = new ArrayList<>(p.batches());
          batches.add(new RolloutState.Batch(batch, timestamp(now)));
          waves.add(new RolloutState.WaveProgress(p.name(), batches, p.approvals()));
        } else {
          waves.add(p);
        }
      }
      return Optional.of(
          new Promotion(
              new RolloutState.Run(run.startedAt(), run.paused(), run.clusters(), waves),
              Optional.of(batch),
              wave.name(),
              false));
    }
    return Optional.empty();
  }

  /**
   * A promotion decided.
   *
   * @param batch the clusters promoted, or empty when the wave waits for approval
   */
  record Promotion(
      RolloutState.Run run, Optional<List<String>> batch, String wave, boolean needsApproval) {}

  static Set<String> promotedIn(RolloutState.Run run) {
    Set<String> promoted = new HashSet<>();
    run.waves().forEach(w -> w.batches().forEach(b -> promoted.addAll(b.clusters())));
    return promoted;
  }

  private static Step effective(
      Fleet declared,
      Rollout rollout,
      RolloutState.Run run,
      Set<String> promoted,
      boolean started,
      List<String> promotedNow) {
    List<Cluster> clusters = new ArrayList<>(declared.clusters().size());
    Map<String, String> held = new LinkedHashMap<>();
    Map<String, String> versions = new TreeMap<>();
    for (Cluster cluster : declared.clusters()) {
      RolloutState.Change change = run == null ? null : run.clusters().get(cluster.name());
      String target = cluster.release().version();
      // Held: in the rollout to this very target, its batch not promoted yet.
      String effective =
          change != null && change.target().equals(target) && !promoted.contains(cluster.name())
              ? change.previous()
              : target;
      versions.put(cluster.name(), effective);
      if (effective.equals(target)) {
        clusters.add(cluster);
      } else {
        held.put(cluster.name(), target);
        clusters.add(cluster.withRelease(at(cluster.release(), effective)));
      }
    }
    Fleet fleet =
        new Fleet(declared.name(), declared.sourceFile(), clusters, rollout.holding(held));
    RolloutState state = new RolloutState(declared.name(), versions, run);
    return new Step(fleet, Optional.of(state), started, promotedNow);
  }

  /** The release at another build of the same distribution; components stay as declared. */
  private static Release at(Release declared, String version) {
    Matcher minor = MINOR.matcher(version);
    return new Release(
        minor.find() ? minor.group(1) : declared.kubernetesMinor(), version, declared.components());
  }

  /** An instant as the state file records it: UTC, whole seconds. */
  public static String timestamp(Instant now) {
    return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
  }
}
