package dev.fleetc.emit.fleet;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.Lock;
import java.util.List;

/**
 * What a streamed emit keeps once every cluster went to the sink: the lock (paths, kinds and
 * digests, never a file's content) and the files of the whole fleet.
 *
 * @param clusters how many clusters were emitted
 * @param lock the lock of the emitted clusters, with {@code fleetFiles} listed
 * @param fleetFiles files of the whole fleet at the output root ({@code FLEET.md})
 */
public record StreamedFleet(String fleetName, int clusters, Lock lock, List<Artifact> fleetFiles) {

  public StreamedFleet {
    fleetFiles = List.copyOf(fleetFiles);
  }
}
