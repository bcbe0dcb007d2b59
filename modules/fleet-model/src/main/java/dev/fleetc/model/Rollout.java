package dev.fleetc.model;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The fleet-level order in which a version change reaches the clusters.
 *
 * @param waves in order; a cluster belongs to the first wave that matches it
 * @param progressDeadline how long a promoted batch may take to become healthy at the target
 * @param waveOf every cluster's wave name, by cluster name (each cluster in exactly one wave)
 * @param held the target version of each cluster that a rollout holds at its previous version (its
 *     wave or batch not promoted yet), by cluster name; empty when nothing is held
 */
public record Rollout(
    List<Wave> waves,
    Duration progressDeadline,
    Map<String, String> waveOf,
    Map<String, String> held) {

  public Rollout {
    waves = List.copyOf(waves);
    waveOf = Collections.unmodifiableMap(new TreeMap<>(waveOf));
    held = Collections.unmodifiableMap(new TreeMap<>(held));
  }

  /** The waves as declared, nothing held. */
  public Rollout(List<Wave> waves, Duration progressDeadline, Map<String, String> waveOf) {
    this(waves, progressDeadline, waveOf, Map.of());
  }

  /** This rollout holding these clusters (cluster name to target version). */
  public Rollout holding(Map<String, String> heldTargets) {
    return new Rollout(waves, progressDeadline, waveOf, heldTargets);
  }

  /** The version a cluster is on its way to: its held target, else the one it runs. */
  public String targetOf(Cluster cluster) {
    return held.getOrDefault(cluster.name(), cluster.release().version());
  }

  public Optional<Wave> wave(String name) {
    return waves.stream().filter(w -> w.name().equals(name)).findFirst();
  }

  /** The wave of a cluster; every cluster of the fleet has one. */
  public Wave waveOf(String cluster) {
    String name = waveOf.get(cluster);
    if (name == null) {
      throw new IllegalArgumentException("cluster " + cluster + " is in no wave");
    }
    return wave(name).orElseThrow();
  }

  /** The clusters of a wave, in name order. */
  public List<String> members(String wave) {
    return waveOf.entrySet().stream()
        .filter(e -> e.getValue().equals(wave))
        .map(Map.Entry::getKey)
        .toList();
  }

  /**
   * One wave.
   *
   * @param clusters clusters named explicitly (may be empty)
   * @param region the region a cluster must have to match, or empty for any
   * @param labels labels a cluster must carry (all of them) to match
   * @param catchAll neither names nor a selector: matches every cluster not taken before
   * @param maxConcurrent how many of its clusters are promoted at once
   * @param soak how long a batch must stay healthy before the next is promoted
   * @param maxFailures how many of its clusters may fail before the rollout pauses
   * @param approval whether a person must approve before the wave starts
   */
  public record Wave(
      String name,
      List<String> clusters,
      String region,
      Map<String, String> labels,
      boolean catchAll,
      Amount maxConcurrent,
      Duration soak,
      Amount maxFailures,
      boolean approval) {

    public Wave {
      clusters = List.copyOf(clusters);
      labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** Whether the wave's names or selector take this cluster (first matching wave wins). */
    public boolean matches(Cluster cluster) {
      if (catchAll || clusters.contains(cluster.name())) {
        return true;
      }
      boolean selects = !region.isEmpty() || !labels.isEmpty();
      return selects
          && (region.isEmpty() || region.equals(cluster.region()))
          && labels.entrySet().stream()
              .allMatch(l -> l.getValue().equals(cluster.labels().get(l.getKey())));
    }
  }

  /**
   * A count, absolute or a percentage of a total.
   *
   * @param value the number, or the percentage (1 to 100)
   */
  public record Amount(int value, boolean percent) {

    public static final Amount ALL = new Amount(100, true);

    /** How many of {@code total}: a percentage rounds up, and is never less than one. */
    public int of(int total) {
      if (!percent) {
        return value;
      }
      return (int) Math.max(1, Math.min(total, ((long) total * value + 99) / 100));
    }

    @Override
    public String toString() {
      return percent ? value + "%" : Integer.toString(value);
    }
  }
}
