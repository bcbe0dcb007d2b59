package dev.fleetc.model;

import java.util.List;
import java.util.Optional;

/**
 * A whole fleet, as declared in one file.
 *
 * @param sourceFile the name the file was read under, for messages
 */
public record Fleet(String name, String sourceFile, List<Cluster> clusters) {

  public Fleet {
    clusters = List.copyOf(clusters);
  }

  public Optional<Cluster> cluster(String clusterName) {
    return clusters.stream().filter(c -> c.name().equals(clusterName)).findFirst();
  }
}
