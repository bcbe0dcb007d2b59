package dev.fleetc.emit.addons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.gitops.GitOpsEmitter;
import dev.fleetc.model.Cluster;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Tainted nodes: the hostPort ingress address names a node where the controller (which tolerates no
 * taint) runs, GITOPS.md says which nodes answer on 80/443, and Velero's node agent tolerates every
 * taint so that volumes of pods on tainted nodes are backed up too.
 */
class TaintedNodesTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata:
        name: taints
      clusters:
        - name: plant
          distribution: k0s
          kubernetes: "1.33"
          addons:
            ingress: traefik
            storage: local-path
            backup:
              velero:
                bucket: backups
                region: eu-west-1
                credentials: {secretRef: env:VELERO_CREDENTIALS}
          gitops:
            engine: flux
            repository: https://git.example.com/fleet.git
          nodes:
            - {name: c-1, address: 10.0.0.1, role: control-plane}
            - {name: w-a, address: 10.0.0.11, role: worker, taints: ["dedicated=gpu:NoSchedule"]}
            - {name: w-b, address: 10.0.0.12, role: worker, taints: ["spot=true:PreferNoSchedule"]}
            - {name: w-c, address: 10.0.0.13, role: worker, taints: ["drain=true:NoExecute"]}
      """;

  private static Cluster plant() {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", FLEET);
    assertThat(result.fleet())
        .as(() -> new DiagnosticRenderer(FLEET).renderAll(result.diagnostics()))
        .isPresent();
    return result.fleet().get().cluster("plant").orElseThrow();
  }

  @Test
  void theIngressAddressIsTheFirstWorkerWithoutARepellingTaint() {
    Cluster plant = plant();
    assertThat(IngressExposure.of(plant)).isEqualTo(IngressExposure.HOST_PORT);
    assertThat(AddonReleases.clusterVars(plant))
        .containsEntry(AddonReleases.INGRESS_ADDRESS, "10.0.0.12");
    assertThat(IngressExposure.answeringNodes(plant))
        .extracting(dev.fleetc.model.Node::name)
        .containsExactly("w-b");
  }

  @Test
  void gitopsMdSaysWhichNodesAnswerOnPorts80And443() {
    Map<String, String> files = new TreeMap<>();
    for (Artifact a : new GitOpsEmitter().emit(plant())) {
      files.put(a.path(), a.content());
    }
    String guide = files.get("bootstrap/plant/GITOPS.md");
    assertThat(guide)
        .contains("these nodes answer on ports 80 and 443: `w-b` (10.0.0.12).")
        .contains("Ingress status reports\nthe address of `w-b`")
        .contains("Not on `c-1`, `w-a`, `w-c`");
  }

  @Test
  void veleroNodeAgentToleratesEveryTaint() {
    AddonReleases.AddonRelease velero =
        AddonReleases.resolved(plant()).stream()
            .filter(a -> a.name().equals("velero"))
            .findFirst()
            .orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> nodeAgent = (Map<String, Object>) velero.values().get("nodeAgent");
    assertThat(nodeAgent.get("tolerations"))
        .isEqualTo(java.util.List.of(Map.of("operator", "Exists")));
  }
}
