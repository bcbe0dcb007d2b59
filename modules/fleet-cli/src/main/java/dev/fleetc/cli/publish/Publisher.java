package dev.fleetc.cli.publish;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import land.oras.ContainerRef;
import land.oras.Descriptor;
import land.oras.Manifest;
import land.oras.Registry;
import land.oras.exception.OrasException;

/**
 * Pushes artifacts through the ORAS Java SDK. One instance is shared by the publishing threads (the
 * SDK's {@link Registry} is thread-safe). Transient failures (a 5xx answer, 429, a reset or
 * timed-out connection) are retried with exponential backoff; anything else fails at once.
 */
final class Publisher {

  /** Attempts per registry call, the first included. */
  static final int ATTEMPTS = 5;

  private final Registry registry;
  private final Destination destination;
  private final String tag;

  Publisher(Destination destination, String tag, boolean insecure) {
    this.destination = destination;
    this.tag = tag;
    Registry.Builder builder = Registry.builder();
    String user = System.getenv("FLEETC_REGISTRY_USERNAME");
    String password = System.getenv("FLEETC_REGISTRY_PASSWORD");
    // Credentials from the environment, or else from the Docker config (~/.docker/config.json,
    // $DOCKER_CONFIG) and its credential helpers, which the SDK's defaults read.
    if (user != null && password != null) {
      builder = builder.defaults(user, password);
    } else {
      builder = builder.defaults();
    }
    this.registry = builder.withInsecure(insecure).build();
  }

  /** {@code HOST/PATH/cluster:tag}. */
  String reference(String cluster) {
    return destination.repository(cluster) + ":" + tag;
  }

  /** The digest the registry holds under the cluster's tag, or null when it holds none. */
  String current(String cluster) {
    ContainerRef ref = ContainerRef.parse(reference(cluster));
    return retrying(
        () -> {
          try {
            Descriptor descriptor = registry.probeDescriptor(ref);
            return descriptor == null ? null : descriptor.getDigest();
          } catch (OrasException e) {
            if (e.getStatusCode() != null && e.getStatusCode() == 404) {
              return null;
            }
            throw e;
          }
        });
  }

  /** Uploads the config and layer blobs (the SDK skips blobs the registry has) and the manifest. */
  void push(String cluster, FluxArtifact artifact) {
    ContainerRef ref = ContainerRef.parse(reference(cluster));
    retrying(() -> registry.pushBlob(ref, FluxArtifact.CONFIG));
    retrying(() -> registry.pushBlob(ref, artifact.layer()));
    String manifest = new String(artifact.manifest(), StandardCharsets.UTF_8);
    retrying(() -> registry.pushManifest(ref, Manifest.fromJson(manifest)));
  }

  /** One registry call. */
  interface Call<T> {
    T call();
  }

  static <T> T retrying(Call<T> call) {
    return retrying(call, 200);
  }

  /** Runs the call, again after {@code backoff}, twice that, ... while it fails transiently. */
  static <T> T retrying(Call<T> call, long firstBackoffMillis) {
    long backoff = firstBackoffMillis;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.call();
      } catch (RuntimeException e) {
        if (attempt >= ATTEMPTS || !isTransient(e)) {
          throw e;
        }
      }
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      backoff *= 2;
    }
  }

  /** 5xx, 429, or a connection that failed underneath. */
  static boolean isTransient(Throwable e) {
    if (e instanceof OrasException oras
        && oras.getStatusCode() != null
        && oras.getStatusCode() > 0) {
      int status = oras.getStatusCode();
      return status >= 500 || status == 429;
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof IOException
          || cause instanceof UncheckedIOException
          || cause instanceof HttpTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
