package dev.fleetc.compiler.k0s;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.Distribution;
import java.util.List;
import java.util.Map;

/**
 * Settings of the fleet language that only k0s honours ({@code network.provider}, {@code
 * network.nodeLocalLoadBalancing}, a node's {@code schedulable} and {@code k0s} block), reported
 * when a cluster of another distribution sets them.
 */
final class K0sOnlySettings {

  private K0sOnlySettings() {}

  static void check(ClusterParts cluster) {
    Settings settings = cluster.settings();
    Distribution distribution = cluster.distribution();
    Diagnostics diagnostics = cluster.diagnostics();
    String provider = settings.string("network.provider").orElse("");
    if (!provider.isEmpty()) {
      diagnostics.error(
          ErrorCode.INVALID_VALUE,
          settings.position("network.provider"),
          "network.provider only applies to k0s; " + distribution.id() + " brings its own CNI",
          "remove it, or set it in a k0s profile");
    }
    if (settings.bool("network.nodeLocalLoadBalancing").orElse(false)) {
      diagnostics.error(
          ErrorCode.INVALID_VALUE,
          settings.position("network.nodeLocalLoadBalancing"),
          "node-local load balancing only applies to k0s",
          "K3s agents balance over the servers by themselves; remove the setting");
    }
    for (Map.Entry<String, Settings> e : K0sChecks.nodeEntries(settings).entrySet()) {
      Settings node = e.getValue();
      for (String field : List.of("schedulable", "worker")) {
        if (node.node(field).isEmpty()) {
          continue;
        }
        diagnostics.error(
            ErrorCode.K0S_ROLE,
            node.position(field),
            "'"
                + field
                + "' only applies to k0s; "
                + distribution.id()
                + " control-plane nodes run workloads already",
            "remove it; keep workloads off a node with a taint such as"
                + " node-role.kubernetes.io/control-plane:NoSchedule");
      }
      if (node.node("k0s").isPresent()) {
        diagnostics.error(
            ErrorCode.K0S_HOST_FIELD,
            node.position("k0s"),
            "node '"
                + e.getKey()
                + "' sets k0s host fields but its cluster runs "
                + distribution.id(),
            "remove the node's 'k0s' block");
      }
    }
  }
}
