package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.model.Cluster;
import dev.fleetc.model.ClusterSettings;
import dev.fleetc.model.Layer;
import dev.fleetc.model.SecretRef;
import org.junit.jupiter.api.Test;

/**
 * {@code agentToken} is part of the language: a cluster-entry field like {@code token} (not layered
 * from defaults or profiles), bound into the model and shown by {@code fleet explain}.
 */
class AgentTokenTest {

  private static final String HEADER =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: t}
      """;

  @Test
  void aClusterEntryBindsItAndExplainShowsIt() {
    CompileResult result =
        new FleetCompiler()
            .compile(
                "fleet.yaml",
                HEADER
                    + """
                    clusters:
                      - name: edge
                        distribution: k3s
                        kubernetes: "1.35"
                        token: {secretRef: env:EDGE_TOKEN}
                        agentToken: {secretRef: file:/etc/fleet/edge-agent-token}
                        nodes:
                          - {name: s-1, address: 10.0.0.1, role: control-plane}
                          - {name: a-1, address: 10.0.0.2, role: worker}
                    """);
    Cluster cluster = result.fleet().orElseThrow().clusters().get(0);
    assertThat(cluster.agentToken()).isEqualTo(SecretRef.file("/etc/fleet/edge-agent-token"));
    assertThat(ClusterSettings.flatten(cluster))
        .containsEntry("agentToken", "file:/etc/fleet/edge-agent-token");
    // fleet explain reports the layer of the field's first leaf (agentToken.secretRef).
    assertThat(cluster.provenance())
        .hasEntrySatisfying(
            "agentToken.secretRef", from -> assertThat(from.layer()).isEqualTo(Layer.CLUSTER));
    assertThat(result.diagnostics()).isEmpty();
  }

  @Test
  void itDescribesOneClusterSoProfilesCannotSetIt() {
    CompileResult result =
        new FleetCompiler()
            .compile(
                "fleet.yaml",
                HEADER
                    + """
                    profiles:
                      edge:
                        distribution: k3s
                        agentToken: {secretRef: env:AGENT}
                    clusters:
                      - name: edge
                        profile: edge
                        kubernetes: "1.35"
                        nodes:
                          - {name: s-1, address: 10.0.0.1, role: control-plane}
                    """);
    assertThat(result.hasErrors()).isTrue();
    assertThat(result.diagnostics())
        .anySatisfy(
            d -> {
              assertThat(d.code()).isEqualTo("FLEET-E002");
              assertThat(d.hint()).contains("'agentToken' describes one cluster");
            });
  }
}
