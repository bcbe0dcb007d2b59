package dev.fleetc.compiler.k0s;

import dev.fleetc.model.Node;
import java.util.List;

/**
 * The k0sctl role of a node, the one definition the compiler's checks and the k0s emitter share:
 * {@code worker}, {@code controller+worker} for a control-plane node declared {@code worker} or
 * {@code schedulable} (a lone one too: k0sctl refuses to change the role of a running host, and a
 * k0s {@code single} node can never be joined by another), {@code single} for a lone control-plane
 * node that is neither, else {@code controller}.
 */
public final class K0sctlRole {

  private K0sctlRole() {}

  /**
   * @param nodes all nodes of the cluster
   * @param node one of them
   */
  public static String of(List<Node> nodes, Node node) {
    if (!node.isControlPlane()) {
      return "worker";
    }
    if (node.controlPlaneWorker()) {
      return "controller+worker";
    }
    return nodes.size() == 1 ? "single" : "controller";
  }
}
