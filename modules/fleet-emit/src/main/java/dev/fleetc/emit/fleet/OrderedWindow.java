package dev.fleetc.emit.fleet;

import dev.fleetc.emit.ClusterOutput;
import dev.fleetc.model.Cluster;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Emits clusters on a few threads, at most {@link #WINDOW} ahead of the sink, and hands them to the
 * sink in the order given. Memory is bounded by the window, not by the fleet: a cluster's output is
 * referenced only from its future until the sink has taken it.
 */
final class OrderedWindow {

  /** One thread per core: emitting is pure CPU work. */
  static final int THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

  /**
   * Clusters in flight or done but not yet taken: enough that a slow cluster does not leave the
   * threads idle, few enough that their files (about 100 KiB a cluster) stay a few MiB.
   */
  static final int WINDOW = 8 * THREADS;

  private final Function<Cluster, ClusterOutput> emit;

  OrderedWindow(Function<Cluster, ClusterOutput> emit) {
    this.emit = emit;
  }

  <E extends Exception> void run(List<Cluster> clusters, ClusterSink<E> sink) throws E {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(THREADS, clusters.size()),
            task -> {
              Thread thread = new Thread(task, "fleetc-emit");
              thread.setDaemon(true); // never keeps the JVM alive after a failure
              return thread;
            });
    try {
      ArrayDeque<Future<ClusterOutput>> inFlight = new ArrayDeque<>();
      Iterator<Cluster> next = clusters.iterator();
      while (next.hasNext() || !inFlight.isEmpty()) {
        while (inFlight.size() < WINDOW && next.hasNext()) {
          Cluster cluster = next.next();
          inFlight.add(
              pool.submit(
                  () -> {
                    ClusterOutput output = emit.apply(cluster);
                    sink.prepare(output);
                    return output;
                  }));
        }
        sink.accept(take(inFlight.poll()));
      }
    } finally {
      pool.shutdownNow(); // after a failure: the clusters still in flight are dropped
    }
  }

  /** The output of one cluster, or what its emitter threw (emitters are pure: nothing to undo). */
  private static ClusterOutput take(Future<ClusterOutput> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while emitting");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
