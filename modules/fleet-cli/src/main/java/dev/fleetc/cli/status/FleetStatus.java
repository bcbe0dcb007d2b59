package dev.fleetc.cli.status;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Probes clusters in parallel: at most {@code concurrency} at once, one fabric8 client per cluster
 * (closed after its probe), each request bounded by the timeout and never retried.
 */
public final class FleetStatus {

  /** The context of a cluster: {@code pattern} with {@code {cluster}} replaced by its name. */
  public static String contextName(String pattern, String cluster) {
    return pattern.replace("{cluster}", cluster);
  }

  /** One factory for every client (found once, not through the service loader per cluster). */
  private static final io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory HTTP =
      new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory();

  /**
   * One JSON mapper for every client: each client would otherwise build its own and register every
   * Kubernetes model type in it, the largest part of a client's cost with 1,000 clusters.
   */
  private static final io.fabric8.kubernetes.client.utils.KubernetesSerialization JSON =
      new io.fabric8.kubernetes.client.utils.KubernetesSerialization();

  private FleetStatus() {}

  public static List<ClusterStatus> probe(
      List<Expectation> clusters,
      Kubeconfig kubeconfig,
      String contextPattern,
      int timeoutSeconds,
      int concurrency) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(concurrency, clusters.size())),
            runnable -> {
              Thread thread = new Thread(runnable, "fleet-status");
              thread.setDaemon(true);
              return thread;
            });
    try {
      List<Future<ClusterStatus>> futures = new ArrayList<>();
      for (Expectation expected : clusters) {
        String context = contextName(contextPattern, expected.cluster());
        futures.add(pool.submit(() -> probeOne(expected, kubeconfig, context, timeoutSeconds)));
      }
      List<ClusterStatus> result = new ArrayList<>();
      for (Future<ClusterStatus> future : futures) {
        result.add(future.get());
      }
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static ClusterStatus probeOne(
      Expectation expected, Kubeconfig kubeconfig, String context, int timeoutSeconds) {
    Optional<Config> config;
    try {
      config = kubeconfig.clientConfig(context);
    } catch (RuntimeException e) {
      return new ClusterStatus(
          expected,
          context,
          new Unreachable("error", "context " + context + ": " + e.getMessage()),
          List.of(),
          List.of(),
          null,
          null);
    }
    if (config.isEmpty()) {
      return new ClusterStatus(
          expected,
          context,
          new Unreachable("no-context", "no context named " + context + " in the kubeconfig"),
          List.of(),
          List.of(),
          null,
          null);
    }
    Config c = config.get();
    c.setConnectionTimeout(timeoutSeconds * 1000);
    c.setRequestTimeout(timeoutSeconds * 1000);
    c.setRequestRetryBackoffLimit(0);
    c.setWatchReconnectLimit(0);
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(c)
            .withHttpClientFactory(HTTP)
            .withKubernetesSerialization(JSON)
            .build()) {
      return ClusterProbe.probe(client, context, expected);
    } catch (RuntimeException e) {
      return new ClusterStatus(
          expected, context, Unreachable.of(e), List.of(), List.of(), null, null);
    }
  }
}
