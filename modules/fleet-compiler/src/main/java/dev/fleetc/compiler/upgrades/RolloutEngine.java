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
   * Promotes the next batch of the recorded rollout when it may move, without looking at the
   * clusters: the caller asserts the promoted ones are healthy ({@code fleet rollout next
   * --no-live}). Soak counts from each batch's promotion.
   */
  public static Next next(Fleet declared, RolloutState state, Instant now) {
    Decision decision = advance(declared, state, null, now);
    return new Next(
        decision.outcome() == Outcome.PROMOTED ? decision.state() : Optional.empty(),
        decision.message());
  }

  /** How a promoted cluster stands against its gate. */
  public enum Verdict {
    /** Every node Ready, schedulable and at the target; upgrades complete; GitOps applied. */
    ON_TARGET,
    /** Not there yet (upgrading, a node NotReady, GitOps not applied, unreachable...). */
    PENDING,
    /** Failed: an upgrade job failed, GitOps failing, or not on target within the deadline. */
    FAILED
  }

  /**
   * A promoted cluster's gate, as read from the cluster by the caller.
   *
   * @param why for a person (empty when on target)
   */
  public record Health(Verdict verdict, String why) {
    public static final Health ON_TARGET = new Health(Verdict.ON_TARGET, "");
  }

  /** What {@code fleet rollout next} did. */
  public enum Outcome {
    /** No rollout in progress (none, complete, aborted). */
    NOTHING,
    /** A batch was promoted. */
    PROMOTED,
    /** Nothing may move yet: a promoted cluster is not on target, soaking, approval, paused. */
    WAITING,
    /** Too many clusters of a wave failed their gate: the rollout is halted (or was). */
    HALTED
  }

  /**
   * The decision of {@code fleet rollout next}.
   *
   * @param state the state to record, or empty when it does not change
   * @param wave the wave the decision is about (promoted, waiting or halted), or {@code null}
   * @param promoted the clusters promoted, in name order
   * @param gates the gate of every promoted cluster evaluated, by cluster name (empty without live
   *     health)
   */
  public record Decision(
      Outcome outcome,
      Optional<RolloutState> state,
      String wave,
      List<String> promoted,
      Map<String, Health> gates,
      String message) {}

  /**
   * Decides what {@code fleet rollout next} does. With {@code health} (the gate of the promoted
   * clusters, read live by the caller; {@code null} for the caller's assertion that they are
   * healthy): each batch whose clusters are all on target (or failed) records when it first was; a
   * cluster not on target within {@code progressDeadline} of its promotion counts as failed; more
   * failures in a wave than its {@code maxFailures} halts the rollout (recorded, with why); any
   * promoted cluster not on target yet waits. Then the wave rules: the last batch's soak counted
   * from when it was on target, the next wave's approval; then the next batch ({@code
   * maxConcurrent} of its wave) is promoted. Nothing ever rolls back.
   */
  public static Decision advance(
      Fleet declared, RolloutState state, Map<String, Health> health, Instant now) {
    Optional<Rollout> declaredRollout = declared.rolloutIfAny();
    RolloutState.Run run = state.rollout();
    if (declaredRollout.isEmpty()) {
      return decision(Outcome.NOTHING, "the fleet declares no rollout");
    }
    Rollout rollout = declaredRollout.get();
    if (run == null || run.complete() && (health == null || settled(run))) {
      return decision(Outcome.NOTHING, "no rollout in progress: every cluster is at its target");
    }
    if (run.aborted() != null) {
      return decision(
          Outcome.NOTHING,
          "the rollout was "
              + run.aborted().reason()
              + " at "
              + run.aborted().at()
              + ": the clusters not promoted stay at their previous version"
              + " (declare another version to start a new rollout)");
    }
    if (run.halted() != null) {
      return decision(
          Outcome.HALTED,
          "the rollout halted at "
              + run.halted().at()
              + ": "
              + run.halted().reason()
              + " (fix the clusters, then fleet rollout resume)");
    }
    if (run.paused()) {
      return decision(Outcome.WAITING, "the rollout is paused: fleet rollout resume");
    }
    Map<String, Health> gates = new TreeMap<>();
    RolloutState.Run updated = run;
    if (health != null) {
      Gated gated = gate(rollout, run, health, now, gates);
      updated = gated.run();
      if (gated.halt() != null) {
        // No batch counts as on target in a halted run: its soak starts after the resume.
        RolloutState.Run halted =
            run.withStop(true, new RolloutState.Stop(timestamp(now), gated.halt()), null);
        return new Decision(
            Outcome.HALTED,
            Optional.of(new RolloutState(state.fleet(), state.versions(), halted)),
            gated.wave(),
            List.of(),
            gates,
            "halted: " + gated.halt());
      }
      if (!gated.pending().isEmpty()) {
        List<String> pending = gated.pending();
        return new Decision(
            Outcome.WAITING,
            changed(state, run, updated),
            gated.wave(),
            List.of(),
            gates,
            "waiting for "
                + pending.size()
                + " promoted cluster"
                + (pending.size() == 1 ? "" : "s")
                + " to be healthy at the target: "
                + String.join("; ", pending.subList(0, Math.min(5, pending.size())))
                + (pending.size() > 5 ? "; ..." : ""));
      }
    }
    Optional<RolloutState> recorded = changed(state, run, updated);
    if (updated.complete()) {
      return new Decision(
          Outcome.NOTHING,
          recorded,
          lastWave(updated),
          List.of(),
          gates,
          "rollout complete: every cluster of it is healthy at its target");
    }
    Optional<Instant> soakedAt = soakEnds(rollout, updated);
    if (soakedAt.isPresent() && soakedAt.get().isAfter(now)) {
      return new Decision(
          Outcome.WAITING,
          recorded,
          lastWave(updated),
          List.of(),
          gates,
          "the last batch soaks until " + timestamp(soakedAt.get()));
    }
    Optional<Promotion> promotion = nextBatch(rollout, updated, now);
    if (promotion.isEmpty()) {
      return new Decision(
          Outcome.NOTHING, recorded, null, List.of(), gates, "no rollout in progress");
    }
    if (promotion.get().needsApproval()) {
      return new Decision(
          Outcome.WAITING,
          recorded,
          promotion.get().wave(),
          List.of(),
          gates,
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
    return new Decision(
        Outcome.PROMOTED,
        Optional.of(new RolloutState(state.fleet(), versions, promoted)),
        promotion.get().wave(),
        List.copyOf(batch),
        gates,
        "wave " + promotion.get().wave() + ": promoted " + String.join(", ", batch));
  }

  private static Optional<RolloutState> changed(
      RolloutState state, RolloutState.Run before, RolloutState.Run after) {
    return after.equals(before)
        ? Optional.empty()
        : Optional.of(new RolloutState(state.fleet(), state.versions(), after));
  }

  /**
   * Whether every batch of a run was seen on target: a complete run that is not is still gated by
   * {@code fleet rollout next}.
   */
  public static boolean settled(RolloutState.Run run) {
    return run.waves().stream()
        .flatMap(w -> w.batches().stream())
        .allMatch(b -> b.onTargetAt() != null);
  }

  private static Decision decision(Outcome outcome, String message) {
    return new Decision(outcome, Optional.empty(), null, List.of(), Map.of(), message);
  }

  /**
   * The gates applied to a run.
   *
   * @param run the run with the batches seen on target stamped
   * @param pending the promoted clusters not on target yet, each with why
   * @param halt why the rollout halts, or {@code null}
   * @param wave the wave of the first pending or halting cluster
   */
  private record Gated(RolloutState.Run run, List<String> pending, String halt, String wave) {}

  private static Gated gate(
      Rollout rollout,
      RolloutState.Run run,
      Map<String, Health> health,
      Instant now,
      Map<String, Health> gates) {
    List<String> pending = new ArrayList<>();
    String pendingWave = null;
    String halt = null;
    String haltWave = null;
    List<RolloutState.WaveProgress> waves = new ArrayList<>();
    for (RolloutState.WaveProgress progress : run.waves()) {
      List<String> failed = new ArrayList<>();
      List<RolloutState.Batch> batches = new ArrayList<>();
      for (RolloutState.Batch batch : progress.batches()) {
        boolean settled = true;
        Instant deadline = Instant.parse(batch.promotedAt()).plus(rollout.progressDeadline());
        for (String cluster : batch.clusters()) {
          Health h =
              health.getOrDefault(cluster, new Health(Verdict.PENDING, "its status was not read"));
          if (h.verdict() == Verdict.PENDING && now.isAfter(deadline)) {
            h =
                new Health(
                    Verdict.FAILED,
                    "not healthy at the target within progressDeadline "
                        + DurationText.format(rollout.progressDeadline())
                        + " of its promotion at "
                        + batch.promotedAt()
                        + ": "
                        + h.why());
          }
          gates.put(cluster, h);
          if (h.verdict() == Verdict.PENDING) {
            settled = false;
            pending.add(cluster + ": " + h.why());
            pendingWave = pendingWave == null ? progress.name() : pendingWave;
          } else if (h.verdict() == Verdict.FAILED) {
            failed.add(cluster + ": " + h.why());
          }
        }
        batches.add(
            settled && batch.onTargetAt() == null
                ? new RolloutState.Batch(batch.clusters(), batch.promotedAt(), timestamp(now))
                : batch);
      }
      waves.add(new RolloutState.WaveProgress(progress.name(), batches, progress.approvals()));
      Rollout.Wave wave = rollout.wave(progress.name()).orElse(null);
      if (halt == null && !failed.isEmpty() && wave != null) {
        int members =
            (int)
                run.clusters().keySet().stream()
                    .filter(c -> progress.name().equals(rollout.waveOf().get(c)))
                    .count();
        // An absolute count is what it says (0: none may fail); a percentage rounds up.
        int allowed =
            wave.maxFailures().percent()
                ? wave.maxFailures().of(members)
                : wave.maxFailures().value();
        if (failed.size() > allowed) {
          haltWave = progress.name();
          halt =
              RolloutStateJson.reason(
                  "wave "
                      + progress.name()
                      + ": "
                      + failed.size()
                      + " cluster"
                      + (failed.size() == 1 ? "" : "s")
                      + " failed, more than maxFailures "
                      + wave.maxFailures()
                      + ": "
                      + String.join("; ", failed.subList(0, Math.min(5, failed.size())))
                      + (failed.size() > 5 ? "; ..." : ""));
        }
      }
    }
    return new Gated(run.withWaves(waves), pending, halt, halt != null ? haltWave : pendingWave);
  }

  private static String lastWave(RolloutState.Run run) {
    String last = null;
    for (RolloutState.WaveProgress wave : run.waves()) {
      if (!wave.batches().isEmpty()) {
        last = wave.name();
      }
    }
    return last;
  }

  /** When the last promoted batch's soak (its wave's {@code soak}) is over, if any batch. */
  static Optional<Instant> soakEnds(Rollout rollout, RolloutState.Run run) {
    RolloutState.Batch last = null;
    java.time.Duration soak = java.time.Duration.ZERO;
    for (RolloutState.WaveProgress wave : run.waves()) {
      for (RolloutState.Batch batch : wave.batches()) {
        if (last == null
            || !Instant.parse(batch.promotedAt()).isBefore(Instant.parse(last.promotedAt()))) {
          last = batch;
          soak = rollout.wave(wave.name()).map(Rollout.Wave::soak).orElse(java.time.Duration.ZERO);
        }
      }
    }
    if (last == null) {
      return Optional.empty();
    }
    // Counted from when the batch was seen on target (fleet rollout next, live), else from its
    // promotion (--no-live: the caller asserts health).
    String from = last.onTargetAt() != null ? last.onTargetAt() : last.promotedAt();
    return Optional.of(Instant.parse(from).plus(soak));
  }

  /** The state with a person's approval of a wave of the current rollout recorded. */
  public static Next approve(RolloutState state, String wave, String by, Instant now) {
    RolloutState.Run run = state.rollout();
    if (run == null || run.complete() || run.aborted() != null || run.wave(wave).isEmpty()) {
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
        Optional.of(new RolloutState(state.fleet(), state.versions(), run.withWaves(waves))),
        "wave " + wave + " approved by " + by);
  }

  /**
   * The state with the current rollout paused or resumed. Resuming also clears a halt: the next
   * {@code fleet rollout next} evaluates the gates again (and halts again if they still fail).
   */
  public static Next pause(RolloutState state, boolean paused) {
    RolloutState.Run run = state.rollout();
    if (run == null || run.complete() || run.aborted() != null) {
      return new Next(Optional.empty(), "no rollout in progress");
    }
    if (run.paused() == paused && (paused || run.halted() == null)) {
      return new Next(
          Optional.empty(), paused ? "the rollout is paused already" : "the rollout is not paused");
    }
    return new Next(
        Optional.of(
            new RolloutState(
                state.fleet(),
                state.versions(),
                run.withStop(paused, paused ? run.halted() : null, null))),
        paused ? "rollout paused" : "rollout resumed");
  }

  /**
   * The state with the current rollout aborted: the clusters not promoted yet keep their previous
   * version (every later compile pins them there) and nothing more is promoted. Promoted clusters
   * keep the target: nothing ever rolls back. Declaring another version starts a new rollout.
   */
  public static Next abort(RolloutState state, String by, Instant now) {
    RolloutState.Run run = state.rollout();
    if (run == null || run.complete() || run.aborted() != null) {
      return new Next(Optional.empty(), "no rollout in progress");
    }
    List<String> pinned = run.clusters().keySet().stream().filter(c -> !run.promoted(c)).toList();
    String reason = "aborted" + (by == null ? "" : " by " + by);
    return new Next(
        Optional.of(
            new RolloutState(
                state.fleet(),
                state.versions(),
                run.withStop(
                    run.paused(), run.halted(), new RolloutState.Stop(timestamp(now), reason)))),
        "rollout "
            + reason
            + "; "
            + pinned.size()
            + " cluster"
            + (pinned.size() == 1 ? "" : "s")
            + " stay at their previous version"
            + (pinned.isEmpty()
                ? ""
                : ": "
                    + String.join(", ", pinned.subList(0, Math.min(10, pinned.size())))
                    + (pinned.size() > 10 ? ", ..." : "")));
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
          new Promotion(run.withWaves(waves), Optional.of(batch), wave.name(), false));
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
