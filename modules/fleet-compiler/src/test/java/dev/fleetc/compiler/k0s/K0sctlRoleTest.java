package dev.fleetc.compiler.k0s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.model.Distribution;
import dev.fleetc.model.Node;
import dev.fleetc.model.PodPlacement;
import dev.fleetc.model.Role;
import dev.fleetc.model.Ssh;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The k0sctl roles the compiler checks against and the k0s emitter writes. */
class K0sctlRoleTest {

  private static Node node(String name, Role role, boolean schedulable) {
    return new Node(
        name,
        "10.0.0." + name.length(),
        null,
        role,
        new Ssh("root", Ssh.DEFAULT_PORT, null, null),
        Map.of(),
        List.of(),
        schedulable,
        Map.of());
  }

  @Test
  void rolesFollowTheTopology() {
    Node lone = node("c", Role.CONTROL_PLANE, false);
    assertThat(K0sctlRole.of(List.of(lone), lone)).isEqualTo("single");
    Node loneSchedulable = node("c", Role.CONTROL_PLANE, true);
    assertThat(K0sctlRole.of(List.of(loneSchedulable), loneSchedulable))
        .isEqualTo("controller+worker");
    Node controller = node("c1", Role.CONTROL_PLANE, false);
    Node schedulable = node("c22", Role.CONTROL_PLANE, true);
    Node worker = node("w333", Role.WORKER, false);
    List<Node> nodes = List.of(controller, schedulable, worker);
    assertThat(K0sctlRole.of(nodes, controller)).isEqualTo("controller");
    assertThat(K0sctlRole.of(nodes, schedulable)).isEqualTo("controller+worker");
    assertThat(K0sctlRole.of(nodes, worker)).isEqualTo("worker");
  }

  @Test
  void aControllerThatKeepsItsTaintIsControllerPlusWorkerNeverSingle() {
    Node tainted =
        new Node(
            "c",
            "10.0.0.1",
            null,
            Role.CONTROL_PLANE,
            new Ssh("root", Ssh.DEFAULT_PORT, null, null),
            Map.of(),
            List.of(),
            false,
            Map.of(),
            false,
            null,
            true);
    assertThat(K0sctlRole.of(List.of(tainted), tainted)).isEqualTo("controller+worker");
    assertThat(tainted.controlPlaneWorker()).isTrue();
    // It registers as a node but keeps k0s's control-plane taint: no ordinary pods.
    assertThat(PodPlacement.runsPods(Distribution.K0S, List.of(tainted), tainted)).isFalse();
    Node lone = node("c", Role.CONTROL_PLANE, false);
    assertThat(PodPlacement.runsPods(Distribution.K0S, List.of(lone), lone)).isTrue();
  }
}
