package dev.fleetc.emit;

import dev.fleetc.model.Cluster;
import java.util.List;

/**
 * Emits files every cluster may need whatever its distribution (GitOps bootstrap, add-ons,
 * datastore scripts). Distribution-specific files come from a {@link TargetEmitter}.
 */
public interface ClusterEmitter {

  List<Artifact> emit(Cluster cluster);
}
