package dev.fleetc.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code fleet.rollout.json} (beside the fleet file, committed, machine-written) records: each
 * cluster's effective version at the last compile and the current (or last) rollout. Timestamps are
 * ISO-8601 UTC instants taken from the caller's clock, never read inside the compiler.
 *
 * @param fleet the fleet's name (a state of another fleet is refused)
 * @param versions each cluster's effective version at the last compile, by cluster name
 * @param rollout the current or last rollout, or {@code null} when there has been none
 */
public record RolloutState(String fleet, Map<String, String> versions, Run rollout) {

  /** The format this version of fleetc reads and writes. */
  public static final int FORMAT_VERSION = 1;

  public RolloutState {
    versions = Collections.unmodifiableMap(new TreeMap<>(versions));
  }

  public Optional<Run> rolloutIfAny() {
    return Optional.ofNullable(rollout);
  }

  /**
   * One rollout: the clusters whose version changes, and the waves' progress.
   *
   * @param startedAt when the compile that first saw the new target ran
   * @param paused set by a person: no batch is promoted while it is
   * @param clusters each changing cluster's version before the rollout and its target, by name
   * @param waves progress, in the fleet's wave order (waves without changing clusters omitted)
   * @param halted why {@code fleet rollout next} stopped the rollout (too many clusters failed its
   *     gate), or {@code null}; {@code fleet rollout resume} clears it
   * @param aborted set by {@code fleet rollout abort}: the clusters not promoted stay at their
   *     previous version, nothing more is promoted; {@code null} otherwise
   */
  public record Run(
      String startedAt,
      boolean paused,
      Map<String, Change> clusters,
      List<WaveProgress> waves,
      Stop halted,
      Stop aborted) {
    public Run {
      clusters = Collections.unmodifiableMap(new TreeMap<>(clusters));
      waves = List.copyOf(waves);
    }

    /** A run neither halted nor aborted. */
    public Run(
        String startedAt, boolean paused, Map<String, Change> clusters, List<WaveProgress> waves) {
      this(startedAt, paused, clusters, waves, null, null);
    }

    /** This run with other wave progress. */
    public Run withWaves(List<WaveProgress> newWaves) {
      return new Run(startedAt, paused, clusters, newWaves, halted, aborted);
    }

    /** This run paused or not, and halted or not. */
    public Run withStop(boolean nowPaused, Stop nowHalted, Stop nowAborted) {
      return new Run(startedAt, nowPaused, clusters, waves, nowHalted, nowAborted);
    }

    public boolean promoted(String cluster) {
      return waves.stream()
          .flatMap(w -> w.batches().stream())
          .anyMatch(b -> b.clusters().contains(cluster));
    }

    public Optional<WaveProgress> wave(String name) {
      return waves.stream().filter(w -> w.name().equals(name)).findFirst();
    }

    /** Whether every changing cluster has been promoted. */
    public boolean complete() {
      return clusters.keySet().stream().allMatch(this::promoted);
    }
  }

  /** A cluster's version before the rollout and the one it moves to. */
  public record Change(String previous, String target) {}

  /**
   * One wave's progress.
   *
   * @param batches the batches promoted so far, in order
   * @param approvals who approved the wave, when
   */
  public record WaveProgress(String name, List<Batch> batches, List<Approval> approvals) {
    public WaveProgress {
      batches = List.copyOf(batches);
      approvals = List.copyOf(approvals);
    }
  }

  /**
   * Clusters promoted together (their effective version became the target) at one time.
   *
   * @param onTargetAt when {@code fleet rollout next} first saw every cluster of the batch healthy
   *     at the target (its soak counts from then), or {@code null} while it has not
   */
  public record Batch(List<String> clusters, String promotedAt, String onTargetAt) {
    public Batch {
      clusters = List.copyOf(clusters);
    }

    /** A batch just promoted. */
    public Batch(List<String> clusters, String promotedAt) {
      this(clusters, promotedAt, null);
    }
  }

  /**
   * Why and when a rollout stopped.
   *
   * @param reason for a person: plain text, written by fleetc
   */
  public record Stop(String at, String reason) {}

  public record Approval(String by, String at) {}
}
