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
   */
  public record Run(
      String startedAt, boolean paused, Map<String, Change> clusters, List<WaveProgress> waves) {
    public Run {
      clusters = Collections.unmodifiableMap(new TreeMap<>(clusters));
      waves = List.copyOf(waves);
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

  /** Clusters promoted together (their effective version became the target) at one time. */
  public record Batch(List<String> clusters, String promotedAt) {
    public Batch {
      clusters = List.copyOf(clusters);
    }
  }

  public record Approval(String by, String at) {}
}
