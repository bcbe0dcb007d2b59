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
