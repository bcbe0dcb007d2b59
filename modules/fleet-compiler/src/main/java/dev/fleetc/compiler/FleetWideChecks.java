package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.values.NetworkAddress;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.Node;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rules across clusters, fed in file order: cluster names are DNS labels and unique, a machine
 * (node address) belongs to one cluster, and no two clusters sync the same GitOps path or one
 * inside the other.
 */
final class FleetWideChecks {

  private final Map<String, SourcePosition> clusterNames = new HashMap<>();

  /** Who holds each address (canonical form), and on which SSH port (-1: the whole address). */
  private final Map<String, List<Map.Entry<String, Integer>>> addressOwners = new HashMap<>();

  private final Map<String, String> gitopsPaths = new HashMap<>();

  /** Every folder above a GitOps path, with the cluster whose path it holds. */
  private final Map<String, String> gitopsFolders = new HashMap<>();

  private final Diagnostics diagnostics;

  FleetWideChecks(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /** A declared cluster name, before its cluster is bound. */
  void clusterName(String name, SourcePosition at) {
    if (!Addresses.isDnsLabel(name)) {
      diagnostics.error(
          ErrorCode.INVALID_NAME,
          at,
          "cluster name '" + name + "' is not a DNS-1123 label",
          "use at most 63 lower-case letters, digits and '-', starting and ending with a letter or"
              + " digit; names become folder names and must not contain '/' or '..'");
    }
    SourcePosition first = clusterNames.putIfAbsent(name, at);
    if (first != null) {
      diagnostics.error(
          ErrorCode.DUPLICATE_CLUSTER,
          at,
          "a cluster named '" + name + "' is already declared",
          "the first is at "
              + (first.file().equals(at.file()) ? "line " + first.line() : first.toString())
              + "; rename one of them");
    }
  }

  /** A bound cluster, with its own entry for positions. */
  void boundCluster(Cluster cluster, YMap entry) {
    Settings own = new Settings(entry, diagnostics);
    List<YNode> nodeEntries =
        own.node("nodes")
            .filter(YSeq.class::isInstance)
            .map(n -> ((YSeq) n).items())
            .orElse(List.of());
    for (Node node : cluster.nodes()) {
      // Compared in canonical form: 2001:db8::1 and 2001:DB8:0:0::1 are one machine. A k0s node's
      // address is only its SSH endpoint: k0s nodes behind one port-forwarding host (one address,
      // different SSH ports) are different machines; a K3s or MicroK8s node uses its address as
      // its own IP and holds the whole address.
      int port = cluster.distribution() == Distribution.K0S ? node.ssh().port() : -1;
      List<Map.Entry<String, Integer>> holders =
          addressOwners.computeIfAbsent(
              NetworkAddress.canonical(node.address()).orElse(node.address()),
              a -> new ArrayList<>());
      String owner =
          holders.stream()
              .filter(h -> h.getValue() == -1 || port == -1 || h.getValue() == port)
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(null);
      holders.add(Map.entry(cluster.name() + "/" + node.name(), port));
      if (port == -1 && node.privateAddress() == null && unspecified(node.address())) {
        // 0.0.0.0 and :: are SSH targets (this machine), never a node's own IP: K3s would take
        // node-ip 0.0.0.0 and MicroK8s --node-ip too.
        diagnostics.error(
            ErrorCode.INVALID_ADDRESS,
            addressPosition(nodeEntries, node),
            addressOf(cluster, node)
                + " is the unspecified address: a "
                + cluster.distribution().id()
                + " node uses its address as its own IP",
            "write the machine's own IP as address (or as privateAddress, keeping address for"
                + " SSH)");
      }
      if (owner != null) {
        diagnostics.error(
            ErrorCode.DUPLICATE_ADDRESS,
            addressPosition(nodeEntries, node),
            addressOf(cluster, node) + " is already used by " + owner,
            "each machine belongs to one node of one cluster; check for a copy-paste slip");
      }
    }
    if (cluster.gitops().engine() != GitOpsEngine.NONE) {
      String other = gitopsPaths.putIfAbsent(cluster.gitops().path(), cluster.name());
      if (other != null) {
        diagnostics.error(
            ErrorCode.INVALID_VALUE,
            own.position("name"),
            "clusters '"
                + other
                + "' and '"
                + cluster.name()
                + "' would sync the same GitOps path "
                + cluster.gitops().path(),
            "give each cluster its own gitops.path");
      } else {
        nestedGitOpsPath(cluster.name(), cluster.gitops().path(), own.position("name"));
      }
    }
  }

  private static String addressOf(Cluster cluster, Node node) {
    return "address " + node.address() + " of node " + cluster.name() + "/" + node.name();
  }

  private static boolean unspecified(String address) {
    return NetworkAddress.canonical(address)
        .map(a -> a.equals("0.0.0.0") || a.equals("::"))
        .orElse(false);
  }

  /**
   * A GitOps path inside another cluster's: their files would overwrite each other (two clusters'
   * {@code flux-system/kustomization.yaml}, say, one silently lost and the lock then refused as
   * listing it twice), and the outer cluster's engine would sync the inner one's objects. Checked
   * through the folders above each path, not pairwise: 10,000 clusters stay linear.
   */
  private void nestedGitOpsPath(String cluster, String path, SourcePosition at) {
    String inside = null;
    for (int slash = path.indexOf('/');
        slash > 0 && inside == null;
        slash = path.indexOf('/', slash + 1)) {
      String owner = gitopsPaths.get(path.substring(0, slash));
      if (owner != null && !owner.equals(cluster)) {
        inside =
            "inside the GitOps path " + path.substring(0, slash) + " of cluster '" + owner + "'";
      }
    }
    String holds = gitopsFolders.get(path);
    if (inside == null && holds != null) {
      inside = "around the GitOps path of cluster '" + holds + "'";
    }
    if (inside != null) {
      diagnostics.error(
          ErrorCode.UNSAFE_PATH,
          at,
          "cluster '" + cluster + "' syncs the GitOps path " + path + ", " + inside,
          "GitOps paths may not nest: give each cluster a folder of its own, e.g. clusters/"
              + cluster);
    }
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      gitopsFolders.putIfAbsent(path.substring(0, slash), cluster);
    }
  }

  private SourcePosition addressPosition(List<YNode> nodeEntries, Node node) {
    for (YNode item : nodeEntries) {
      if (item instanceof YMap map) {
        Settings s = new Settings(map, diagnostics);
        if (s.string("name").filter(node.name()::equals).isPresent()) {
          return s.position("address");
        }
      }
    }
    return SourcePosition.NONE;
  }
}
