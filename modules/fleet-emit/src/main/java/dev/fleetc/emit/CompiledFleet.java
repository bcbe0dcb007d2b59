package dev.fleetc.emit;

import java.util.List;

/**
 * A compiled fleet, in memory.
 *
 * @param lock the content of {@code fleet.lock.json}
 * @param lockModel the same lock as an object
 * @param fleetFiles files of the whole fleet at the output root ({@code FLEET.md})
 */
public record CompiledFleet(
    String fleetName,
    List<ClusterOutput> clusters,
    String lock,
    Lock lockModel,
    List<Artifact> fleetFiles) {

  public CompiledFleet {
    clusters = List.copyOf(clusters);
    fleetFiles = List.copyOf(fleetFiles);
  }

  public CompiledFleet(
      String fleetName, List<ClusterOutput> clusters, String lock, Lock lockModel) {
    this(fleetName, clusters, lock, lockModel, List.of());
  }

  /**
   * Every file including the lock's (one, or its parts and root: {@link LockFiles}), in a stable
   * order.
   */
  public List<Artifact> files() {
    List<Artifact> files = new java.util.ArrayList<>();
    files.addAll(fleetFiles);
    clusters.forEach(c -> files.addAll(c.artifacts()));
    LockFiles.write(lockModel, f -> files.add(f.artifact()));
    return files;
  }
}
