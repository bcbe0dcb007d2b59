package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.schema.Acknowledgement;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.Network;
import dev.fleetc.model.Node;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a cluster's networks per IP family, single- or dual-stack: how large a service range
 * kube-apiserver takes, which IPv6 pod ranges the distribution can split among its nodes, whether
 * every node declares an address of each family the cluster uses, which primary family fleetc can
 * compile, and that no node address lies inside the pod or service range of its family.
 */
final class DualStackRules {

  /** kube-apiserver refuses a service range of more than 2^20 addresses ({@code maxCIDRBits}). */
  static final int SERVICE_HOST_BITS = 20;

  private DualStackRules() {}

  static void check(DistributionRules rules, ClusterParts cluster) {
    Network network = cluster.network();
    if (network == null) {
      return;
    }
    Settings settings = cluster.settings();
    Diagnostics diagnostics = cluster.diagnostics();
    serviceRangeSizes(cluster, network);
    DistributionRules.DualStack dual = rules.dualStack(cluster);
    String distribution = cluster.distribution().id();
    if (network.dualStack()) {
      String ipv6Pods = network.podCidr(true);
      Addresses.cidr(ipv6Pods)
          .filter(r -> r.prefix() < dual.ipv6PodPrefixMin() || r.prefix() > dual.ipv6PodPrefixMax())
          .ifPresent(
              r ->
                  diagnostics.error(
                      ErrorCode.PREFIX_SIZE,
                      rangePosition(settings, "network.podCIDR", network.podCidrs(), ipv6Pods),
                      "IPv6 pod CIDR "
                          + ipv6Pods
                          + " of "
                          + distribution
                          + " cluster '"
                          + cluster.name()
                          + "' is a /"
                          + r.prefix()
                          + ": "
                          + dual.ipv6PodPrefixWhy(),
                      "use a prefix from /"
                          + dual.ipv6PodPrefixMin()
                          + " to /"
                          + dual.ipv6PodPrefixMax()
                          + ", e.g. "
                          + exampleRange(dual)));
      if (network.ipv6Primary() && !dual.ipv6Primary()) {
        diagnostics.error(
            ErrorCode.DUAL_STACK_UNSUPPORTED,
            settings.position("network.podCIDR"),
            "dual-stack "
                + distribution
                + " cluster '"
                + cluster.name()
                + "' lists IPv6 first: fleetc compiles IPv4 as the primary family on "
                + distribution,
            "write the IPv4 range first: [IPv4 CIDR, IPv6 CIDR], for pods and services");
      }
    }
    boolean acknowledged =
        settings.strings("acknowledge").contains(Acknowledgement.NODE_IN_SERVICE_RANGE);
    boolean anyInServiceRange = false;
    for (Node node : cluster.nodes()) {
      nodeFamilies(cluster, dual, node);
      anyInServiceRange |= nodeInRanges(cluster, network, node, acknowledged);
    }
    if (acknowledged && !anyInServiceRange) {
      TopologyChecks.acknowledgedNothing(
          cluster,
          Acknowledgement.NODE_IN_SERVICE_RANGE,
          "no node address lies inside its service range");
    }
  }

  /** kube-apiserver's limit, for every service range of either family. */
  private static void serviceRangeSizes(ClusterParts cluster, Network network) {
    for (String range : network.serviceCidrs()) {
      Addresses.cidr(range)
          .ifPresent(
              r -> {
                int bits = r.network().length * 8;
                if (bits - r.prefix() > SERVICE_HOST_BITS) {
                  cluster
                      .diagnostics()
                      .error(
                          ErrorCode.PREFIX_SIZE,
                          rangePosition(
                              cluster.settings(),
                              "network.serviceCIDR",
                              network.serviceCidrs(),
                              range),
                          "service CIDR "
                              + range
                              + " of cluster '"
                              + cluster.name()
                              + "' is larger than kube-apiserver takes (at most 2^"
                              + SERVICE_HOST_BITS
                              + " addresses)",
                          "use a /"
                              + (bits - SERVICE_HOST_BITS)
                              + " or smaller, e.g. "
                              + (bits == 32 ? "10.43.0.0/16" : "fd00:43::/112"));
                }
              });
    }
  }

  private static void nodeFamilies(
      ClusterParts cluster, DistributionRules.DualStack dual, Node node) {
    Network network = cluster.network();
    Diagnostics diagnostics = cluster.diagnostics();
    String distribution = cluster.distribution().id();
    List<String> ips =
        node.clusterAddresses().stream().filter(a -> Addresses.ip(a).isPresent()).toList();
    if (network.dualStack()) {
      boolean runsPods =
          !node.isControlPlane()
              || dual.controllersRunPods()
              || node.schedulable()
              || cluster.nodes().size() == 1;
      if (!dual.nodesNeedEveryFamily() || !runsPods || ips.isEmpty()) {
        return; // no kubelet, or a node known by name only (its address is checked elsewhere)
      }
      for (boolean ipv6 : new boolean[] {false, true}) {
        if (node.clusterAddress(ipv6) == null) {
          String missing = ipv6 ? "IPv6" : "IPv4";
          diagnostics.error(
              ErrorCode.NODE_ADDRESS_FAMILIES,
              nodePosition(cluster.settings(), node.name(), "privateAddress", "address"),
              "node '"
                  + node.name()
                  + "' of dual-stack "
                  + distribution
                  + " cluster '"
                  + cluster.name()
                  + "' has no "
                  + missing
                  + " address: "
                  + (cluster.distribution().id().equals("k3s")
                      ? "K3s refuses a node-ip whose families differ from cluster-cidr's"
                      : "kube-router routes a family only to nodes that report an address of it"),
              "list one address per family: privateAddress: [10.0.1.11, \"fd00:1::11\"]");
        }
      }
    } else if (node.secondaryPrivateAddress() != null) {
      SourcePosition at = nodePosition(cluster.settings(), node.name(), "privateAddress");
      String message =
          "node '"
              + node.name()
              + "' lists a private address of each family, but cluster '"
              + cluster.name()
              + "' is single-stack";
      String hint =
          "make the network dual-stack (podCIDR and serviceCIDR as [IPv4, IPv6] pairs), or list"
              + " one private address";
      if (dual.nodesNeedEveryFamily()) {
        diagnostics.error(
            ErrorCode.NODE_ADDRESS_FAMILIES,
            at,
            message + ": K3s refuses a node-ip whose families differ from cluster-cidr's",
            hint);
      } else {
        diagnostics.warning(
            ErrorCode.SECOND_ADDRESS_UNUSED,
            at,
            message + ": fleetc writes " + node.privateAddress() + " only",
            hint);
      }
    }
  }

  /**
   * A node address inside the pod or service range would be routed into the cluster network. A
   * running cluster may acknowledge one inside its service range (a warning then, FLEET-W048); true
   * when an address lies in the service range.
   */
  private static boolean nodeInRanges(
      ClusterParts cluster, Network network, Node node, boolean acknowledged) {
    boolean inServiceRange = false;
    List<String[]> addresses = new ArrayList<>();
    addresses.add(new String[] {"address", node.address()});
    if (node.privateAddress() != null) {
      for (String a : node.clusterAddresses()) {
        addresses.add(new String[] {"privateAddress", a});
      }
    }
    List<String[]> ranges = new ArrayList<>();
    network.podCidrs().forEach(r -> ranges.add(new String[] {"pod", r}));
    network.serviceCidrs().forEach(r -> ranges.add(new String[] {"service", r}));
    for (String[] address : addresses) {
      Optional<byte[]> ip = Addresses.ip(address[1]);
      if (ip.isEmpty()) {
        continue;
      }
      java.math.BigInteger value = new java.math.BigInteger(1, ip.get());
      for (String[] range : ranges) {
        Optional<Addresses.Cidr> cidr = Addresses.cidr(range[1]);
        if (cidr.isPresent()
            && cidr.get().network().length == ip.get().length
            && cidr.get().first().compareTo(value) <= 0
            && value.compareTo(cidr.get().last()) <= 0) {
          if (range[0].equals("service")) {
            inServiceRange = true;
            if (acknowledged) {
              cluster
                  .diagnostics()
                  .warning(
                      ErrorCode.NODE_IN_SERVICE_RANGE_ACKNOWLEDGED,
                      nodePosition(cluster.settings(), node.name(), address[0]),
                      address[0]
                          + " "
                          + address[1]
                          + " of node '"
                          + node.name()
                          + "' lies inside the service CIDR "
                          + range[1]
                          + " of cluster '"
                          + cluster.name()
                          + "' (acknowledged: the cluster runs this way): a Service may be"
                          + " given that address, and kube-proxy then takes the node's traffic"
                          + " to it",
                      "move the service range off the nodes' network when the cluster is"
                          + " rebuilt (a running cluster cannot change it); then drop '"
                          + Acknowledgement.NODE_IN_SERVICE_RANGE
                          + "' from acknowledge");
              break;
            }
          }
          cluster
              .diagnostics()
              .error(
                  ErrorCode.NODE_ADDRESS_IN_RANGE,
                  nodePosition(cluster.settings(), node.name(), address[0]),
                  address[0]
                      + " "
                      + address[1]
                      + " of node '"
                      + node.name()
                      + "' lies inside the "
                      + range[0]
                      + " CIDR "
                      + range[1]
                      + " of cluster '"
                      + cluster.name()
                      + "'",
                  "pod and service ranges must not contain the nodes' own network: choose ranges"
                      + " outside it (or the node's address outside them)"
                      + (range[0].equals("service")
                          ? "; a cluster that already runs this way says so with 'acknowledge:"
                              + " ["
                              + Acknowledgement.NODE_IN_SERVICE_RANGE
                              + "]'"
                          : ""));
          break;
        }
      }
    }
    return inServiceRange;
  }

  /** A range with room for 2^8 nodes (the distribution's own example for MicroK8s). */
  private static String exampleRange(DistributionRules.DualStack dual) {
    int prefix =
        dual.ipv6PodPrefixMin() == 0
            ? 64
            : Math.max(dual.ipv6PodPrefixMin(), dual.ipv6PodPrefixMax() - 8);
    return "fd00:42::/" + prefix;
  }

  /** Where a range was written: its list entry, or the field (or the cluster, for a default). */
  private static SourcePosition rangePosition(
      Settings settings, String path, List<String> ranges, String range) {
    Optional<YNode> node = settings.node(path);
    if (node.isPresent() && node.get() instanceof YSeq seq) {
      int index = ranges.indexOf(range);
      if (index >= 0 && index < seq.items().size()) {
        return seq.items().get(index).position();
      }
    }
    return settings.position(path);
  }

  /** A node's field (the first of {@code fields} it has), else its entry. */
  static SourcePosition nodePosition(Settings settings, String name, String... fields) {
    Optional<YNode> list = settings.node("nodes");
    if (list.isPresent() && list.get() instanceof YSeq seq) {
      for (YNode item : seq.items()) {
        if (item instanceof YMap map
            && map.get("name")
                .map(n -> n instanceof dev.fleetc.compiler.yaml.YScalar s && s.text().equals(name))
                .orElse(false)) {
          for (String field : fields) {
            Optional<YNode> value = map.get(field);
            if (value.isPresent()) {
              return value.get().position();
            }
          }
          return map.position();
        }
      }
    }
    return settings.position("nodes");
  }
}
