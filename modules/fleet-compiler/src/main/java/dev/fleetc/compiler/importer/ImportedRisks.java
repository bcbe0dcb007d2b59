package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.schema.Acknowledgement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The topologies a running cluster has that fleetc refuses in a fleet written from scratch (an even
 * number of etcd or dqlite members, several k0s controllers without a registration address): the
 * import says them in the cluster's {@code acknowledge} list instead of refusing the cluster, since
 * the cluster runs that way today, and warns (FLEET-W039) naming the risk.
 */
final class ImportedRisks {

  private static final Set<String> QUORUM_DATASTORES = Set.of("etcd", "dqlite");

  private ImportedRisks() {}

  /** Adds {@code acknowledge} to the imported cluster (plain maps) when it takes such a risk. */
  static void acknowledge(Map<String, Object> cluster, String file, ImportReport report) {
    String name = String.valueOf(cluster.get("name"));
    String distribution = String.valueOf(cluster.get("distribution"));
    long controlPlane =
        cluster.get("nodes") instanceof List<?> nodes
            ? nodes.stream()
                .filter(n -> n instanceof Map<?, ?> m && "control-plane".equals(m.get("role")))
                .count()
            : 0;
    String datastore =
        cluster.get("datastore") instanceof Map<?, ?> d && d.get("type") != null
            ? String.valueOf(d.get("type"))
            : distribution.equals("microk8s") ? "dqlite" : "etcd";
    // A k0s cluster on an external etcd: its controllers are clients, not members.
    boolean externalEtcd =
        cluster.get("k0s") instanceof Map<?, ?> k0s
            && k0s.get("config") instanceof Map<?, ?> config
            && config.get("storage") instanceof Map<?, ?> storage
            && storage.get("etcd") instanceof Map<?, ?> etcd
            && etcd.containsKey("externalCluster");
    List<String> risks = new ArrayList<>();
    if (QUORUM_DATASTORES.contains(datastore)
        && !externalEtcd
        && controlPlane > 1
        && controlPlane % 2 == 0) {
      risks.add(Acknowledgement.EVEN_CONTROL_PLANE);
      report.acknowledged(
          file,
          "cluster '"
              + name
              + "' runs "
              + controlPlane
              + " "
              + datastore
              + " members: an even number adds no fault tolerance; imported with 'acknowledge: ["
              + Acknowledgement.EVEN_CONTROL_PLANE
              + "]' (fleet validate warns, FLEET-W037)");
    }
    boolean nodeLocalLoadBalancing =
        cluster.get("network") instanceof Map<?, ?> network
            && Boolean.TRUE.equals(network.get("nodeLocalLoadBalancing"));
    if (distribution.equals("k0s")
        && controlPlane > 1
        && cluster.get("apiEndpoint") == null
        && !nodeLocalLoadBalancing) {
      risks.add(Acknowledgement.NO_API_ENDPOINT);
      report.acknowledged(
          file,
          "cluster '"
              + name
              + "' runs "
              + controlPlane
              + " controllers with neither api.externalAddress nor node-local load balancing:"
              + " nodes reach the API through the first controller's address only; imported"
              + " with 'acknowledge: ["
              + Acknowledgement.NO_API_ENDPOINT
              + "]' (fleet validate warns, FLEET-W036)");
    }
    if (!risks.isEmpty()) {
      cluster.put("acknowledge", risks);
    }
  }
}
