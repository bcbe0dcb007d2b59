package dev.fleetc.emit;

import dev.fleetc.model.Cluster;
import java.util.List;

/** Everything compiled for one cluster, in a stable order. */
public record ClusterOutput(Cluster cluster, List<Artifact> artifacts) {

  public ClusterOutput {
    artifacts = List.copyOf(artifacts);
  }
}
