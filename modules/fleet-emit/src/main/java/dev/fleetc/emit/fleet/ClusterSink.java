package dev.fleetc.emit.fleet;

import dev.fleetc.emit.ClusterOutput;

/**
 * Receives each compiled cluster from {@link FleetEmitter#emit(dev.fleetc.model.Fleet,
 * java.util.function.Predicate, String, ClusterSink)}, one at a time, in the order of the clusters'
 * names. The emitter keeps nothing of an output once the sink returns, so a sink that drops it
 * keeps the compile's memory bounded.
 *
 * @param <E> what the sink may throw (an I/O failure of the writer); it stops the emit
 */
@FunctionalInterface
public interface ClusterSink<E extends Exception> {

  void accept(ClusterOutput output) throws E;

  /**
   * Work on a cluster's output that may run ahead of {@link #accept}, on the emitting threads, in
   * any order: reading what is on disk to compare with, say, so that the ordered {@code accept}
   * does not do it alone. It must be thread-safe, change nothing, and not throw (a failure is for
   * {@code accept} to report, in order).
   */
  default void prepare(ClusterOutput output) {}
}
