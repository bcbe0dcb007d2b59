package dev.fleetc.emit.runbook;

import dev.fleetc.model.Cluster;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Node;
import dev.fleetc.model.SecretRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The secret references a K3s or MicroK8s node's install script reads, in the order it reads. */
public final class NodeSecrets {

  private NodeSecrets() {}

  /**
   * A K3s node's token (agents take the agent token when there is one), a server's agent token and
   * the datastore endpoint of servers on PostgreSQL; a MicroK8s node's cluster token.
   */
  public static List<SecretRef> of(Cluster cluster, Node node) {
    List<SecretRef> secrets = new ArrayList<>();
    if (cluster.distribution() == Distribution.MICROK8S) {
      cluster.tokenIfAny().ifPresent(secrets::add);
      return secrets;
    }
    k3sJoinToken(cluster, node).ifPresent(secrets::add);
    if (node.isControlPlane()) {
      cluster.agentTokenIfAny().ifPresent(secrets::add);
    }
    if (node.isControlPlane() && cluster.datastore().type() == DatastoreType.POSTGRES) {
      secrets.add(cluster.datastore().endpoint());
    }
    return secrets;
  }

  /** The token a K3s node joins with: agents take the agent token when there is one. */
  public static Optional<SecretRef> k3sJoinToken(Cluster cluster, Node node) {
    if (!node.isControlPlane() && cluster.agentToken() != null) {
      return cluster.agentTokenIfAny();
    }
    return cluster.tokenIfAny();
  }

  /** Every secret reference of the cluster's nodes, once each, in node order. */
  public static List<SecretRef> ofCluster(Cluster cluster) {
    List<SecretRef> all = new ArrayList<>();
    for (Node node : cluster.nodes()) {
      for (SecretRef ref : of(cluster, node)) {
        if (!all.contains(ref)) {
          all.add(ref);
        }
      }
    }
    return all;
  }
}
