package dev.fleetc.compiler.k0s;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.Network;
import dev.fleetc.model.Node;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.SourcePosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks what only k0s (through k0sctl) cares about: how fleet roles become k0sctl roles, the SSH
 * settings of every host, node-local load balancing, the datastore reference k0sctl can expand, and
 * the k0s escape hatch ({@link K0sHostFields} for {@code k0s.hosts} and a node's {@code k0s.host},
 * {@link K0sConfigCheck} for {@code k0s.config}).
 */
final class K0sChecks {

  private static final java.util.regex.Pattern USER =
      java.util.regex.Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

  private final ClusterParts cluster;
  private final String name;
  private final Settings settings;
  private final List<Node> nodes;
  private final String apiEndpoint;
  private final Network network;
  private final Diagnostics diagnostics;

  K0sChecks(ClusterParts cluster) {
    this.cluster = cluster;
    this.name = cluster.name();
    this.settings = cluster.settings();
    this.nodes = cluster.nodes();
    this.apiEndpoint = cluster.apiEndpoint();
    this.network = cluster.network();
    this.diagnostics = cluster.diagnostics();
  }

  void check() {
    Map<String, Settings> nodeEntries = nodeEntries(settings);
    for (Map.Entry<String, Settings> e : nodeEntries.entrySet()) {
      Settings node = e.getValue();
      boolean worker = node.string("role").filter("worker"::equals).isPresent();
      for (String field : List.of("schedulable", "worker")) {
        if (worker && node.bool(field).isPresent()) {
          diagnostics.error(
              ErrorCode.K0S_ROLE,
              node.position(field),
              "node '" + e.getKey() + "' is a worker: '" + field + "' is for control-plane nodes",
              "workers always run workloads; remove the field");
        }
      }
    }
    if (nodes.isEmpty()) {
      return;
    }
    checkSsh(nodeEntries);
    checkRoles(nodeEntries);
    new K0sHostFields(cluster).check(nodeEntries);
    new K0sConfigCheck(settings).check();
    checkLoadBalancing();
    checkDatastore();
  }

  /** The cluster's node entries by name (the first of a duplicated name), as settings. */
  static Map<String, Settings> nodeEntries(Settings settings) {
    Map<String, Settings> out = new LinkedHashMap<>();
    settings
        .node("nodes")
        .filter(YSeq.class::isInstance)
        .map(YSeq.class::cast)
        .ifPresent(
            seq ->
                seq.items().stream()
                    .filter(YMap.class::isInstance)
                    .map(i -> new Settings((YMap) i, settings.diagnostics()))
                    .forEach(s -> s.string("name").ifPresent(n -> out.putIfAbsent(n, s))));
    return out;
  }

  private Optional<Node> node(String nodeName) {
    return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
  }

  private void checkSsh(Map<String, Settings> entries) {
    entries.forEach(
        (nodeName, node) -> {
          for (String path : List.of("ssh.user", "ssh.bastion.user")) {
            Settings from = node.string(path).isPresent() ? node : settings;
            from.string(path)
                .filter(u -> !USER.matcher(u).matches())
                .ifPresent(
                    u ->
                        diagnostics.error(
                            ErrorCode.K0S_SSH,
                            from.position(path),
                            "'" + u + "' is not a valid SSH user name (node '" + nodeName + "')",
                            "a Linux user name: lower-case letters, digits, '_', '-', '.', at most"
                                + " 32 characters"));
          }
          for (String path : List.of("ssh.keyPath", "ssh.bastion.keyPath")) {
            Settings from = node.string(path).isPresent() ? node : settings;
            from.string(path)
                .filter(k -> !k.startsWith("/") && !k.startsWith("~"))
                .ifPresent(
                    k ->
                        diagnostics.error(
                            ErrorCode.K0S_SSH,
                            from.position(path),
                            "SSH key path '"
                                + k
                                + "' of node '"
                                + nodeName
                                + "' is relative: it would depend on where k0sctl is run",
                            "write an absolute path or one starting with ~/"));
          }
        });
  }

  private void checkRoles(Map<String, Settings> entries) {
    entries.forEach(
        (nodeName, entry) ->
            node(nodeName)
                .filter(n -> K0sctlRole.of(nodes, n).equals("controller"))
                .filter(n -> !n.labels().isEmpty() || !n.taints().isEmpty())
                .ifPresent(
                    n ->
                        diagnostics.error(
                            ErrorCode.K0S_ROLE,
                            entry.position(n.labels().isEmpty() ? "taints" : "labels"),
                            "node '"
                                + nodeName
                                + "' is a k0s controller: it runs no kubelet, so it has no node"
                                + " labels or taints",
                            "remove them, or make it a controller+worker: 'worker: true' (keeps the"
                                + " control-plane taint) or 'schedulable: true' (without it)")));
  }

  private void checkLoadBalancing() {
    if (network == null || !network.nodeLocalLoadBalancing()) {
      return;
    }
    SourcePosition at = settings.position("network.nodeLocalLoadBalancing");
    if (apiEndpoint != null) {
      diagnostics.error(
          ErrorCode.K0S_LOAD_BALANCING,
          at,
          "cluster '"
              + name
              + "' has both an apiEndpoint and node-local load balancing: k0s refuses"
              + " externalAddress together with nodeLocalLoadBalancing",
          "drop apiEndpoint (list the name under 'sans' if clients use it), or switch"
              + " node-local load balancing off");
    }
    if (nodes.size() == 1) {
      diagnostics.error(
          ErrorCode.K0S_LOAD_BALANCING,
          at,
          "cluster '" + name + "' is a single k0s node: node-local load balancing does not apply",
          "remove network.nodeLocalLoadBalancing");
    } else if (nodes.stream().filter(Node::isControlPlane).count() == 1) {
      diagnostics.error(
          ErrorCode.K0S_LOAD_BALANCING,
          at,
          "cluster '" + name + "' has one controller: there is nothing to balance over",
          "use 3 control-plane nodes, or remove network.nodeLocalLoadBalancing");
    }
  }

  private void checkDatastore() {
    settings
        .secret("datastore.endpoint")
        .filter(ref -> ref.scheme() == SecretRef.Scheme.FILE)
        .ifPresent(
            ref ->
                diagnostics.error(
                    ErrorCode.K0S_SECRET_SCHEME,
                    settings.position("datastore.endpoint"),
                    "k0sctl can only read the datastore endpoint from an environment variable, not "
                        + ref,
                    "use {secretRef: env:NAME}; export NAME=\"$(cat "
                        + ref.name()
                        + ")\" before k0sctl apply"));
  }
}
