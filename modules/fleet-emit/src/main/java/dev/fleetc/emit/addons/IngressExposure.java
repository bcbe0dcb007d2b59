package dev.fleetc.emit.addons;

import dev.fleetc.model.Cluster;
import dev.fleetc.model.Node;
import dev.fleetc.model.PodPlacement;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the ingress controller is reached from outside the cluster. A {@code LoadBalancer} Service
 * only works where something assigns it an address: K3s has ServiceLB (klipper-lb, unless {@code
 * disable: [servicelb]}), MicroK8s has it once the MetalLB add-on is on ({@code microk8s.metallb}).
 * Elsewhere (k0s, MicroK8s without MetalLB) the Service would stay pending forever and Argo CD
 * would never report the add-on Healthy, so the controller runs as a DaemonSet that binds ports 80
 * and 443 on every node (hostPort) behind a ClusterIP Service.
 */
public enum IngressExposure {
  LOAD_BALANCER,
  HOST_PORT;

  public static IngressExposure of(Cluster cluster) {
    return switch (cluster.distribution()) {
      case K3S -> k3sServiceLbDisabled(cluster.extensions()) ? HOST_PORT : LOAD_BALANCER;
      case MICROK8S -> cluster.extensions().containsKey("metallb") ? LOAD_BALANCER : HOST_PORT;
      case K0S -> HOST_PORT;
    };
  }

  /**
   * An address where the hostPort controller answers, for Ingress status: the first worker's
   * address (workers in name order), else the first control-plane node's, among the nodes that run
   * pods without a NoSchedule/NoExecute taint (the controller tolerates none, so it does not run on
   * the others; the compiler refuses an ingress with no such node, FLEET-E090, unless the cluster
   * acknowledges it: then there is none). Without it Traefik writes no address for a ClusterIP
   * Service (traefik/traefik pkg/provider/kubernetes/ingress/kubernetes.go, updateIngressStatus:
   * only the Service's externalIPs) and Argo CD keeps every Ingress Progressing.
   */
  public static Optional<String> nodeAddress(Cluster cluster) {
    return answeringNodes(cluster).stream().findFirst().map(Node::address);
  }

  /**
   * The nodes where the ingress controller runs, the {@link #nodeAddress} node first. Empty only on
   * a cluster that acknowledges it ({@code acknowledge: [no-ingress-node]}: the controller runs on
   * nodes outside the fleet, or nowhere); the compiler refuses it otherwise (FLEET-E090).
   */
  public static List<Node> answeringNodes(Cluster cluster) {
    return PodPlacement.untainted(cluster.distribution(), cluster.nodes());
  }

  /**
   * Whether an address is an IP literal (Ingress status field {@code ip}, else {@code hostname}).
   */
  public static boolean isIp(String address) {
    return address.matches("\\d{1,3}(\\.\\d{1,3}){3}") || address.contains(":");
  }

  private static boolean k3sServiceLbDisabled(Map<String, Object> extensions) {
    if (extensions.get("server") instanceof Map<?, ?> server) {
      if (Boolean.TRUE.equals(server.get("disable-servicelb"))) {
        return true;
      }
      Object disable = server.get("disable");
      if (disable instanceof List<?> list) {
        return list.stream().anyMatch(d -> String.valueOf(d).equals("servicelb"));
      }
      return "servicelb".equals(disable);
    }
    return false;
  }
}
