package dev.fleetc.emit;

import dev.fleetc.model.Cluster;
import java.util.List;

/**
 * Emits files every cluster may need whatever its distribution (GitOps bootstrap, add-ons,
 * datastore scripts). Distribution-specific files come from a {@link TargetEmitter}.
 */
public interface ClusterEmitter {

  List<Artifact> emit(Cluster cluster);

  /**
   * Does this emitter's first-use work ahead of time (its templates, compiled and rendered once
   * with an empty scope), so that it can run on another thread while the fleet is still being
   * compiled. Changes nothing any output depends on; optional.
   */
  default void prepare() {}
}
