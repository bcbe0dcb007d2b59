package dev.fleetc.emit.microk8s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Node;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * MicroK8s nodes on two networks: kube-apiserver would advertise the default route's (public)
 * address, so control-plane nodes with a private address advertise it, and the certificate keeps
 * both addresses.
 */
class AdvertiseAddressTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata:
        name: two-networks
      clusters:
        - name: store
          distribution: microk8s
          kubernetes: "1.33"
          token: {secretRef: env:STORE_TOKEN}
          nodes:
            - {name: cp-1, address: 203.0.113.11, privateAddress: 10.0.0.11, role: control-plane}
            - {name: cp-2, address: 10.0.0.12, role: control-plane}
            - {name: cp-3, address: 203.0.113.13, privateAddress: 10.0.0.13, role: control-plane}
            - {name: w-1, address: 203.0.113.21, privateAddress: 10.0.0.21, role: worker}
      """;

  private static Cluster store() {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", FLEET);
    assertThat(result.fleet())
        .as(() -> new DiagnosticRenderer(FLEET).renderAll(result.diagnostics()))
        .isPresent();
    return result.fleet().get().cluster("store").orElseThrow();
  }

  private static Map<String, Object> config(String node) {
    Cluster store = store();
    Node n = store.nodes().stream().filter(x -> x.name().equals(node)).findFirst().orElseThrow();
    return LaunchConfig.forNode(store, n);
  }

  @Test
  void controlPlaneNodesWithAPrivateAddressAdvertiseIt() {
    assertThat(config("cp-1").get("extraKubeAPIServerArgs"))
        .isEqualTo(
            Map.of(
                "--service-cluster-ip-range", "10.152.183.0/24",
                "--advertise-address", "10.0.0.11"));
    assertThat(config("cp-3").get("extraKubeAPIServerArgs"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("--advertise-address", "10.0.0.13");
  }

  @Test
  void nodesWithOneAddressAndWorkersAdvertiseNothing() {
    assertThat(config("cp-2").get("extraKubeAPIServerArgs"))
        .isEqualTo(Map.of("--service-cluster-ip-range", "10.152.183.0/24"));
    assertThat(config("w-1").get("extraKubeAPIServerArgs"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .doesNotContainKey("--advertise-address");
  }

  @Test
  void theCertificateNamesBothAddressesAndTheKubernetesService() {
    assertThat(config("cp-1").get("extraSANs"))
        .isEqualTo(List.of("203.0.113.11", "10.0.0.11", "10.152.183.1"));
  }
}
