package dev.fleetc.cli.status;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Why a cluster could not be read.
 *
 * @param kind {@code timeout}, {@code refused}, {@code tls}, {@code dns}, {@code no-route}, {@code
 *     unauthorized}, {@code no-context} or {@code error}
 * @param detail one line for a human, from the client (escaped when printed)
 */
public record Unreachable(String kind, String detail) {

  /** Sorts a failure of the first request into a kind, walking the cause chain. */
  public static Unreachable of(Throwable failure) {
    if (failure instanceof KubernetesClientException k
        && (k.getCode() == 401 || k.getCode() == 403)) {
      return new Unreachable("unauthorized", "HTTP " + k.getCode() + " from the API server");
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return new Unreachable("tls", "TLS handshake failed: " + t.getMessage());
      }
      if (t instanceof HttpConnectTimeoutException) {
        return new Unreachable("timeout", "connect timed out");
      }
      if (t instanceof HttpTimeoutException
          || t instanceof SocketTimeoutException
          || t instanceof TimeoutException) {
        return new Unreachable("timeout", "no answer in time");
      }
      if (t instanceof ConnectException) {
        String message = String.valueOf(t.getMessage());
        if (message.contains("timed out")) {
          return new Unreachable("timeout", "connect timed out");
        }
        return new Unreachable("refused", "connection refused");
      }
      if (t instanceof UnknownHostException) {
        return new Unreachable("dns", "unknown host " + t.getMessage());
      }
      if (t instanceof NoRouteToHostException) {
        return new Unreachable("no-route", "no route to host");
      }
      if (t instanceof java.io.IOException
          && String.valueOf(t.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("ssl")) {
        return new Unreachable("tls", t.getMessage());
      }
    }
    return new Unreachable("error", String.valueOf(failure.getMessage()));
  }
}
