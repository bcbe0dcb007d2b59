package dev.fleetc.emit;

import dev.fleetc.model.Cluster;
import dev.fleetc.model.Distribution;
import java.util.List;

/** Emits what one distribution needs to stand up a cluster (node files, scripts, runbook). */
public interface TargetEmitter {

  Distribution distribution();

  /** The files for one cluster; paths come from {@link OutputLayout}. */
  List<Artifact> emit(Cluster cluster);

  /**
   * Does this emitter's first-use work ahead of time (its templates, compiled and rendered once
   * with an empty scope), so that it can run on another thread while the fleet is still being
   * compiled. Changes nothing any output depends on; optional.
   */
  default void prepare() {}
}
