package dev.fleetc.compiler.k0s;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.Network;

/**
 * What the k0s CNI needs for a dual-stack network (k0s docs, "IPv4/IPv6 dual-stack networking"):
 * kube-router, the default, takes it as it is; Calico only in {@code bird} mode, as it does not
 * tunnel IPv6 over VXLAN (its k0s default) or IP-in-IP; a custom CNI must be set up for IPv6 by
 * whoever deploys it.
 */
final class K0sDualStack {

  private K0sDualStack() {}

  static void check(ClusterParts cluster) {
    Network network = cluster.network();
    if (network == null || !network.dualStack()) {
      return;
    }
    Settings settings = cluster.settings();
    String provider = network.provider();
    if (provider.equals("calico")) {
      String mode = settings.string("k0s.config.network.calico.mode").orElse("vxlan");
      if (!mode.equals("bird")) {
        cluster
            .diagnostics()
            .error(
                ErrorCode.DUAL_STACK_UNSUPPORTED,
                settings.node("k0s.config.network.calico.mode").isPresent()
                    ? settings.position("k0s.config.network.calico.mode")
                    : settings.position("network.provider"),
                "dual-stack k0s cluster '"
                    + cluster.name()
                    + "' uses Calico in "
                    + mode
                    + " mode: Calico does not tunnel IPv6 that way, so pods on different nodes"
                    + " cannot reach each other over IPv6",
                "set k0s: {config: {network: {calico: {mode: bird}}}}, or use kuberouter (the"
                    + " default)");
      }
    } else if (provider.equals("custom")) {
      cluster
          .diagnostics()
          .warning(
              ErrorCode.DUAL_STACK_CUSTOM_CNI,
              settings.position("network.provider"),
              "dual-stack k0s cluster '"
                  + cluster.name()
                  + "' uses a custom CNI: k0s sets up the Kubernetes components for both"
                  + " families, the CNI you deploy must be set up for IPv6 too",
              "configure your CNI with the IPv6 pod range " + network.podCidr(true));
    }
  }
}
