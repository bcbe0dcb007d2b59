package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.k0s.K0sConfigCheck;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.schema.Acknowledgement;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.IngressController;
import dev.fleetc.model.Node;
import dev.fleetc.model.PodPlacement;
import dev.fleetc.model.SourcePosition;
import java.util.List;
import java.util.Set;

/**
 * Checks a cluster's shape: it has nodes and a control plane, its distribution runs on its
 * datastore, sqlite serves one server, a quorum datastore has an odd number of members, and several
 * nodes share a join token. On a sound topology, the distribution's own topology checks follow.
 */
final class TopologyChecks {

  private TopologyChecks() {}

  static void check(DistributionRules rules, ClusterParts cluster) {
    String name = cluster.name();
    Settings settings = cluster.settings();
    Diagnostics diagnostics = cluster.diagnostics();
    List<Node> nodes = cluster.nodes();
    if (nodes.isEmpty()) {
      // Nodes that are there but incomplete were reported by the shape check already.
      if (settings
          .node("nodes")
          .filter(n -> n instanceof YSeq seq && seq.items().isEmpty())
          .isPresent()) {
        diagnostics.error(
            ErrorCode.MISSING_FIELD,
            settings.position("nodes"),
            "cluster '" + name + "' has no nodes",
            "list at least one node with name, address and role");
      }
      return;
    }
    List<Node> servers = cluster.controlPlane();
    if (servers.isEmpty()) {
      diagnostics.error(
          ErrorCode.NO_CONTROL_PLANE,
          settings.position("nodes"),
          "cluster '" + name + "' has no control-plane node",
          "give at least one node 'role: control-plane'");
      return;
    }
    if (cluster.datastore() == null) {
      return;
    }
    DatastoreType type = cluster.datastore().type();
    Set<DatastoreType> allowed = rules.allowedDatastores();
    SourcePosition datastoreAt = settings.position("datastore.type");
    if (!allowed.contains(type)) {
      diagnostics.error(
          ErrorCode.UNSUPPORTED_DATASTORE,
          datastoreAt,
          rules.distribution().id() + " cannot run on a " + type.id() + " datastore",
          rules.distribution().id()
              + " supports: "
              + allowed.stream()
                  .map(DatastoreType::id)
                  .sorted()
                  .reduce((a, b) -> a + ", " + b)
                  .orElse(""));
      return;
    }
    if (type == DatastoreType.SQLITE && servers.size() > 1) {
      diagnostics.error(
          ErrorCode.UNSUPPORTED_DATASTORE,
          datastoreAt,
          "sqlite serves a single control-plane node; cluster '" + name + "' has " + servers.size(),
          "use etcd (3 control-plane nodes) or postgres for several control-plane nodes");
    }
    Set<String> acknowledged = Set.copyOf(settings.strings("acknowledge"));
    String evenMembers =
        "cluster '"
            + name
            + "' has "
            + servers.size()
            + " control-plane nodes on "
            + type.id()
            + ": an even number adds no fault tolerance"
            + (servers.size() == 2 ? " (losing either node loses quorum)" : "");
    // k0s with an external etcd: the controllers are its clients, not its members.
    boolean members =
        type.needsQuorum()
            && !(cluster.distribution() == Distribution.K0S
                && K0sConfigCheck.isExternalEtcd(settings));
    if (members && servers.size() > 1 && servers.size() % 2 == 0) {
      if (acknowledged.contains(Acknowledgement.EVEN_CONTROL_PLANE)) {
        diagnostics.warning(
            ErrorCode.EVEN_CONTROL_PLANE_ACKNOWLEDGED,
            settings.position("acknowledge", Acknowledgement.EVEN_CONTROL_PLANE),
            evenMembers + " (acknowledged: the cluster runs this way)",
            "add or remove a control-plane node when you can (1, 3 or 5), then drop"
                + " 'even-control-plane' from acknowledge");
      } else {
        diagnostics.error(
            ErrorCode.QUORUM,
            settings.position("nodes"),
            evenMembers,
            "use 1, 3 or 5 control-plane nodes (a cluster that already runs with "
                + servers.size()
                + " may say so: 'acknowledge: [even-control-plane]', docs/import.md)");
      }
    } else if (acknowledged.contains(Acknowledgement.EVEN_CONTROL_PLANE)) {
      acknowledgedNothing(
          cluster,
          Acknowledgement.EVEN_CONTROL_PLANE,
          "it has "
              + servers.size()
              + " control-plane node"
              + (servers.size() == 1 ? "" : "s")
              + " on "
              + type.id());
    }
    boolean k0sWithoutAddress =
        cluster.distribution() == Distribution.K0S
            && servers.size() > 1
            && cluster.apiEndpoint() == null
            && (cluster.network() == null || !cluster.network().nodeLocalLoadBalancing());
    if (!k0sWithoutAddress && acknowledged.contains(Acknowledgement.NO_API_ENDPOINT)) {
      acknowledgedNothing(
          cluster,
          Acknowledgement.NO_API_ENDPOINT,
          cluster.distribution() != Distribution.K0S
              ? "it runs " + cluster.distribution().id() + ", not k0s"
              : servers.size() < 2
                  ? "it has one controller"
                  : "its controllers have an apiEndpoint or node-local load balancing");
    }
    rules.checkTopology(cluster);
    checkIngressPlacement(cluster);
    if (rules.needsJoinToken()
        && nodes.size() > 1
        && cluster.token().isEmpty()
        && settings.node("token").isEmpty()) {
      diagnostics.error(
          ErrorCode.TOKEN_REQUIRED,
          cluster.at(),
          "cluster '" + name + "' has several nodes but no join token",
          "add 'token: {secretRef: env:NAME}'; the nodes read the shared token from it at install time");
    }
  }

  /** An acknowledgement of a risk the cluster does not take (any longer): FLEET-W038. */
  static void acknowledgedNothing(ClusterParts cluster, String risk, String because) {
    cluster
        .diagnostics()
        .warning(
            ErrorCode.ACKNOWLEDGED_NOTHING,
            cluster.settings().position("acknowledge", risk),
            "cluster '" + cluster.name() + "' acknowledges '" + risk + "' but " + because,
            "remove '" + risk + "' from acknowledge: it would hide the risk if it came back");
  }

  /**
   * The ingress controller tolerates no taint: it needs a node with a kubelet and no NoSchedule or
   * NoExecute taint, and its hostPort address ({@code ingress_address}) is the first such node.
   */
  private static void checkIngressPlacement(ClusterParts cluster) {
    Settings settings = cluster.settings();
    boolean ingress =
        settings
            .string("addons.ingress")
            .flatMap(IngressController::fromId)
            .filter(i -> i != IngressController.NONE)
            .isPresent();
    boolean acknowledged =
        settings.strings("acknowledge").contains(Acknowledgement.NO_INGRESS_NODE);
    boolean nowhere =
        ingress && PodPlacement.firstUntainted(cluster.distribution(), cluster.nodes()).isEmpty();
    String problem =
        "cluster '"
            + cluster.name()
            + "' declares an ingress controller, but every node that runs pods has a"
            + " NoSchedule or NoExecute taint: the controller would run nowhere and nothing"
            + " would answer on ports 80/443";
    if (nowhere && acknowledged) {
      cluster
          .diagnostics()
          .warning(
              ErrorCode.INGRESS_NODE_ACKNOWLEDGED,
              settings.position("acknowledge", Acknowledgement.NO_INGRESS_NODE),
              problem
                  + " (acknowledged: the cluster runs this way, or has nodes outside the fleet)",
              "add a node without NoSchedule/NoExecute taints to the fleet (or set"
                  + " 'addons.ingress: none'), then drop '"
                  + Acknowledgement.NO_INGRESS_NODE
                  + "' from acknowledge");
    } else if (nowhere) {
      cluster
          .diagnostics()
          .error(
              ErrorCode.INGRESS_NODE_TAINTED,
              settings.position("addons.ingress"),
              problem,
              "remove the taint from one node (or make it PreferNoSchedule), or add a worker"
                  + " without NoSchedule/NoExecute taints (a cluster that already runs this way"
                  + " may say so: 'acknowledge: ["
                  + Acknowledgement.NO_INGRESS_NODE
                  + "]', docs/import.md)");
    } else if (acknowledged) {
      acknowledgedNothing(
          cluster,
          Acknowledgement.NO_INGRESS_NODE,
          ingress ? "a node without such a taint runs the controller" : "it declares no ingress");
    }
  }
}
