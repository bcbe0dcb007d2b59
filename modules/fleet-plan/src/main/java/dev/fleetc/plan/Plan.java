package dev.fleetc.plan;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The plan of a fleet change: per cluster, every change classified by impact.
 *
 * @param clusters only clusters with changes, sorted by name
 * @param unchanged how many clusters exist on both sides and do not change
 * @param waves per rollout wave of the new side, in wave order, what the plan does to it; empty
 *     when the new side has no rollout waves
 */
public record Plan(List<ClusterPlan> clusters, int unchanged, List<WaveSummary> waves) {

  /** The version of the JSON document ({@code formatVersion}); bumped on incompatible changes. */
  public static final int FORMAT_VERSION = 1;

  public Plan {
    clusters = List.copyOf(clusters);
    waves = List.copyOf(waves);
  }

  /** A plan of a fleet without rollout waves. */
  public Plan(List<ClusterPlan> clusters, int unchanged) {
    this(clusters, unchanged, List.of());
  }

  public boolean isEmpty() {
    return clusters.isEmpty();
  }

  public List<Change> changes() {
    return clusters.stream().flatMap(c -> c.changes().stream()).toList();
  }

  public boolean has(ChangeClass kind) {
    return changes().stream().anyMatch(c -> c.kind() == kind);
  }

  /** True when a change is flagged as not allowed (see {@link Change#allowed()}). */
  public boolean hasNotAllowed() {
    return changes().stream().anyMatch(c -> !c.allowed());
  }

  /** How many changes of each class, in class order, zeros left out. */
  public Map<ChangeClass, Integer> counts() {
    Map<ChangeClass, Integer> counts = new EnumMap<>(ChangeClass.class);
    changes().forEach(c -> counts.merge(c.kind(), 1, Integer::sum));
    return counts;
  }
}
