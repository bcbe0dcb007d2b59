package dev.fleetc.emit;

import dev.fleetc.model.Cluster;
import dev.fleetc.model.Distribution;
import java.util.List;

/** Emits what one distribution needs to stand up a cluster (node files, scripts, runbook). */
public interface TargetEmitter {

  Distribution distribution();

  /** The files for one cluster; paths come from {@link OutputLayout}. */
  List<Artifact> emit(Cluster cluster);
}
