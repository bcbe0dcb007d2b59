package dev.fleetc.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where pods that tolerate no taint (an ingress controller's) can run: nodes with a kubelet and no
 * {@code NoSchedule}/{@code NoExecute} taint. A k0s controller runs no kubelet unless it is the
 * only node and not declared {@code worker} ({@code single}) or schedulable ({@code
 * controller+worker} without the control-plane taint; a {@code worker} one keeps the taint and
 * takes only pods that tolerate it); K3s servers and MicroK8s control-plane nodes run pods.
 */
public final class PodPlacement {

  private PodPlacement() {}

  /** Whether the node runs a kubelet that takes ordinary pods. */
  public static boolean runsPods(Distribution distribution, List<Node> nodes, Node node) {
    if (node.isControlPlane() && distribution == Distribution.K0S) {
      return node.schedulable() || (nodes.size() == 1 && !node.worker());
    }
    return true;
  }

  /**
   * The nodes where untolerating pods run: workers first, then control-plane nodes, each group in
   * the given order.
   */
  public static List<Node> untainted(Distribution distribution, List<Node> nodes) {
    List<Node> ordered = new ArrayList<>(nodes.stream().filter(n -> !n.isControlPlane()).toList());
    ordered.addAll(nodes.stream().filter(Node::isControlPlane).toList());
    return ordered.stream()
        .filter(n -> runsPods(distribution, nodes, n) && !n.repelsPods())
        .toList();
  }

  /** The first of {@link #untainted}, if any. */
  public static Optional<Node> firstUntainted(Distribution distribution, List<Node> nodes) {
    return untainted(distribution, nodes).stream().findFirst();
  }
}
