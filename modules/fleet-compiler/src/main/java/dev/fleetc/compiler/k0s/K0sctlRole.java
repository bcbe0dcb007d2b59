package dev.fleetc.compiler.k0s;

import dev.fleetc.model.Node;
import java.util.List;

/**
 * The k0sctl role of a node, the one definition the compiler's checks and the k0s emitter share:
 * {@code worker}, {@code single} for a lone control-plane node, {@code controller+worker} for a
 * schedulable control-plane node, else {@code controller}.
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
    if (nodes.size() == 1) {
      return "single";
    }
    return node.schedulable() ? "controller+worker" : "controller";
  }
}
