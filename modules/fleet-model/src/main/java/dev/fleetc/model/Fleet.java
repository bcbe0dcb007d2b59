package dev.fleetc.model;

import java.util.List;
import java.util.Optional;

/**
 * A whole fleet, as declared in one file.
 *
 * @param sourceFile the name the file was read under, for messages
 * @param rollout the waves a version change goes through, or {@code null}: every cluster at once
 */
public record Fleet(String name, String sourceFile, List<Cluster> clusters, Rollout rollout) {

  public Fleet {
    clusters = List.copyOf(clusters);
  }

  /** A fleet without rollout waves. */
  public Fleet(String name, String sourceFile, List<Cluster> clusters) {
    this(name, sourceFile, clusters, null);
  }

  public Optional<Rollout> rolloutIfAny() {
    return Optional.ofNullable(rollout);
  }

  public Optional<Cluster> cluster(String clusterName) {
    return clusters.stream().filter(c -> c.name().equals(clusterName)).findFirst();
  }
}
