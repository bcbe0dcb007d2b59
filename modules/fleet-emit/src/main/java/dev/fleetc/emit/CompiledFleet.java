package dev.fleetc.emit;

import java.util.List;

/**
 * A compiled fleet, in memory.
 *
 * @param lock the content of {@code fleet.lock.json}
 * @param lockModel the same lock as an object
 */
public record CompiledFleet(
    String fleetName, List<ClusterOutput> clusters, String lock, Lock lockModel) {

  public CompiledFleet {
    clusters = List.copyOf(clusters);
  }

  /** Every file including the lock, in a stable order. */
  public List<Artifact> files() {
    List<Artifact> files = new java.util.ArrayList<>();
    clusters.forEach(c -> files.addAll(c.artifacts()));
    files.add(Artifact.of(OutputLayout.LOCK_FILE, ArtifactKind.OTHER, lock));
    return files;
  }
}
