package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.k0s.K0sRules;
import dev.fleetc.compiler.k3s.K3sRules;
import dev.fleetc.compiler.microk8s.MicroK8sRules;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.schema.Acknowledgement;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The topologies a running cluster has that fleetc refuses in a fleet written from scratch (an even
 * number of etcd or dqlite members, several k0s controllers without a registration address, an
 * ingress controller that every imported node's taint keeps off): the import says them in the
 * cluster's {@code acknowledge} list instead of refusing the cluster, since the cluster runs that
 * way today, and warns (FLEET-W039) naming the risk. A node address inside the service range is one
 * too; one inside the pod range is not (pods would be given it).
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
    String ingress =
        cluster.get("addons") instanceof Map<?, ?> addons && addons.get("ingress") != null
            ? String.valueOf(addons.get("ingress"))
            : "none";
    if (!ingress.equals("none") && noNodeRunsIngress(cluster, distribution)) {
      risks.add(Acknowledgement.NO_INGRESS_NODE);
      report.acknowledged(
          file,
          "cluster '"
              + name
              + "' runs the "
              + ingress
              + " ingress controller, but every node in the input has a NoSchedule or NoExecute"
              + " taint (or runs no pods): it runs on nodes the input does not hold, or nowhere;"
              + " imported with 'acknowledge: ["
              + Acknowledgement.NO_INGRESS_NODE
              + "]' (fleet validate warns, FLEET-W046)");
    }
    List<String> inServiceRange = nodesInServiceRange(cluster, distribution);
    if (!inServiceRange.isEmpty()) {
      risks.add(Acknowledgement.NODE_IN_SERVICE_RANGE);
      report.acknowledged(
          file,
          "cluster '"
              + name
              + "' has node addresses inside its service range ("
              + String.join(", ", inServiceRange)
              + "): a Service may be given one of them, and kube-proxy then takes the node's"
              + " traffic to it; imported with 'acknowledge: ["
              + Acknowledgement.NODE_IN_SERVICE_RANGE
              + "]' (fleet validate warns, FLEET-W048)");
    }
    if (!risks.isEmpty()) {
      cluster.put("acknowledge", risks);
    }
  }

  /**
   * No imported node takes pods that tolerate no taint (as {@code PodPlacement} decides on the
   * compiled cluster): a k0s controller runs pods only when schedulable or alone without {@code
   * worker}; a node with a NoSchedule or NoExecute taint repels them.
   */
  private static boolean noNodeRunsIngress(Map<String, Object> cluster, String distribution) {
    List<?> nodes = cluster.get("nodes") instanceof List<?> list ? list : List.of();
    for (Object item : nodes) {
      if (!(item instanceof Map<?, ?> node)) {
        continue;
      }
      boolean controlPlane = "control-plane".equals(node.get("role"));
      boolean runsPods =
          !(controlPlane && distribution.equals("k0s"))
              || Boolean.TRUE.equals(node.get("schedulable"))
              || (nodes.size() == 1 && !Boolean.TRUE.equals(node.get("worker")));
      boolean repels =
          node.get("taints") instanceof List<?> taints
              && taints.stream()
                  .map(String::valueOf)
                  .anyMatch(t -> t.endsWith(":NoSchedule") || t.endsWith(":NoExecute"));
      if (runsPods && !repels) {
        return false;
      }
    }
    return !nodes.isEmpty();
  }

  /**
   * "ADDRESS in CIDR" for every node address (address, private addresses) inside a service range of
   * its family: the imported one, else the distribution's default (k0s 10.96.0.0/12, K3s
   * 10.43.0.0/16, MicroK8s 10.152.183.0/24), as fleet validate reads them (FLEET-E070).
   */
  private static List<String> nodesInServiceRange(
      Map<String, Object> cluster, String distribution) {
    DistributionRules rules =
        switch (distribution) {
          case "k0s" -> new K0sRules();
          case "k3s" -> new K3sRules();
          case "microk8s" -> new MicroK8sRules();
          default -> null;
        };
    if (rules == null) {
      return List.of();
    }
    Object declared =
        cluster.get("network") instanceof Map<?, ?> network ? network.get("serviceCIDR") : null;
    List<String> ranges =
        declared == null
            ? List.of(rules.networkDefaults().serviceCidr())
            : Imports.strings(declared);
    List<String> found = new ArrayList<>();
    for (Object item : Imports.list(cluster.get("nodes"))) {
      Map<String, Object> node = Imports.map(item);
      if (node == null) {
        continue;
      }
      Set<String> addresses = new LinkedHashSet<>();
      addresses.add(String.valueOf(node.get("address")));
      addresses.addAll(Imports.strings(node.get("privateAddress")));
      for (String address : addresses) {
        Optional<byte[]> ip = Addresses.ip(address);
        if (ip.isEmpty()) {
          continue;
        }
        BigInteger value = new BigInteger(1, ip.get());
        for (String range : ranges) {
          Optional<Addresses.Cidr> cidr = Addresses.cidr(range);
          if (cidr.isPresent()
              && cidr.get().network().length == ip.get().length
              && cidr.get().first().compareTo(value) <= 0
              && value.compareTo(cidr.get().last()) <= 0) {
            found.add(address + " in " + range);
          }
        }
      }
    }
    return found;
  }
}
