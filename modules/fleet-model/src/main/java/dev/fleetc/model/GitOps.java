package dev.fleetc.model;

import java.util.Locale;

/**
 * How the cluster reconciles itself from Git.
 *
 * @param path the folder of the GitOps repository that this cluster syncs, relative to the
 *     repository root and {@code /}-separated (e.g. {@code clusters/prod-eu})
 * @param auth the credentials the engine uses for the repository ({@link GitAuth#NONE} when the
 *     fleet gives none)
 * @param registry where the engine pulls the cluster's path from when {@code gitops.source: oci},
 *     or {@code null} when it syncs the Git repository itself ({@code gitops.source: git})
 */
public record GitOps(
    GitOpsEngine engine,
    String repository,
    String branch,
    String path,
    GitAuth auth,
    OciSource registry) {

  public GitOps {
    auth = auth == null ? GitAuth.NONE : auth;
  }

  public GitOps(GitOpsEngine engine, String repository, String branch, String path, GitAuth auth) {
    this(engine, repository, branch, path, auth, null);
  }

  public GitOps(GitOpsEngine engine, String repository, String branch, String path) {
    this(engine, repository, branch, path, GitAuth.NONE, null);
  }

  /** Whether the engine pulls the cluster's artifact from an OCI registry instead of Git. */
  public boolean fromOci() {
    return registry != null;
  }

  /** {@code https}, {@code http}, {@code ssh}, or the empty string for anything else. */
  public String scheme() {
    int colon = repository.indexOf("://");
    return colon < 0 ? "" : repository.substring(0, colon).toLowerCase(Locale.ROOT);
  }

  public boolean overSsh() {
    return scheme().equals("ssh");
  }

  /** The repository's host name, without user and port (empty when the URL has none). */
  public String host() {
    int colon = repository.indexOf("://");
    if (colon < 0) {
      return "";
    }
    String rest = repository.substring(colon + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      return end < 0 ? authority : authority.substring(1, end);
    }
    int port = authority.indexOf(':');
    return (port < 0 ? authority : authority.substring(0, port)).toLowerCase(Locale.ROOT);
  }

  /** The port given in the URL, or -1. */
  public int port() {
    int colon = repository.indexOf("://");
    if (colon < 0) {
      return -1;
    }
    String rest = repository.substring(colon + 3);
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    int close = authority.lastIndexOf(']');
    int sep = authority.lastIndexOf(':');
    if (sep < 0 || sep < close) {
      return -1;
    }
    try {
      return Integer.parseInt(authority.substring(sep + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
