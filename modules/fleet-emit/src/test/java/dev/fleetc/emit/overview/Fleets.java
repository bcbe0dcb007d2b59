package dev.fleetc.emit.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.model.Fleet;

/** Compiles small fleets for the overview tests. */
final class Fleets {

  private Fleets() {}

  static Fleet compile(String yaml) {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", yaml);
    assertThat(result.fleet())
        .as(() -> new DiagnosticRenderer(yaml).renderAll(result.diagnostics()))
        .isPresent();
    return result.fleet().get();
  }

  /**
   * Clusters and regions named like Mermaid keywords. (Regions are label values, so the language
   * refuses quotes, pipes and angle brackets in them; FleetOverviewTest checks that the escaping
   * still handles them.)
   */
  static final String AWKWARD =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: awkward}
      defaults: {distribution: k3s, kubernetes: "1.31"}
      clusters:
        - name: a
          region: eu-west.1_b
          nodes: [{name: a1, address: 10.0.0.1, role: control-plane}]
        - name: end
          token: {secretRef: env:END_TOKEN}
          nodes:
            - {name: e1, address: 10.0.1.1, role: control-plane}
            - {name: e2, address: 10.0.1.2, role: worker}
        - name: subgraph
          region: end
          nodes: [{name: s1, address: 10.0.2.1, role: control-plane}]
      """;
}
