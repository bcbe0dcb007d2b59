package dev.fleetc.emit;

import dev.fleetc.model.Cluster;
import dev.fleetc.model.Node;

/**
 * Where each file goes under the output root. The GitOps path ({@code clusters/<name>} unless the
 * fleet says otherwise) holds Kubernetes objects only; everything that runs on machines goes under
 * {@code bootstrap/<name>/}.
 */
public final class OutputLayout {

  public static final String LOCK_FILE = "fleet.lock.json";

  /**
   * The top-level folder of files that several clusters' GitOps paths reference instead of each
   * holding a copy (the vendored system-upgrade-controller). No {@code gitops.path} may start with
   * it ({@code SafePaths.RESERVED_TOP_LEVEL}).
   */
  public static final String SHARED = "shared";

  /** Whether {@code path} is a file of the shared folder. */
  public static boolean isShared(String path) {
    return path.startsWith(SHARED + "/");
  }

  /**
   * {@code target} (a path of the output tree) relative to the folder {@code from}: as many {@code
   * ..} as {@code from} has segments, then {@code target}. Both are normalized relative paths.
   */
  public static String relative(String from, String target) {
    StringBuilder up = new StringBuilder();
    for (int i = 0; i < from.split("/").length; i++) {
      up.append("../");
    }
    return up + target;
  }

  private OutputLayout() {}

  public static String bootstrap(Cluster cluster) {
    return "bootstrap/" + cluster.name();
  }

  public static String node(Cluster cluster, Node node) {
    return bootstrap(cluster) + "/nodes/" + node.name();
  }

  /** The datastore provisioning script: {@code bootstrap/<cluster>/datastore.sql}. */
  public static String datastoreSql(Cluster cluster) {
    return bootstrap(cluster) + "/datastore.sql";
  }

  public static String runbook(Cluster cluster) {
    return bootstrap(cluster) + "/RUNBOOK.md";
  }

  public static String gitops(Cluster cluster) {
    return cluster.gitops().path();
  }
}
