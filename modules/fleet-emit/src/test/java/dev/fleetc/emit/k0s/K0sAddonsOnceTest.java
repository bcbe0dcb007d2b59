package dev.fleetc.emit.k0s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.addons.AddonReleases.AddonRelease;
import dev.fleetc.model.Cluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The k0sctl document and its extra documents are built from the add-ons the emitter resolved once
 * ({@link K0sAddons#of}), never from a resolution of their own: given a list that differs from what
 * the cluster would resolve to, they follow the list.
 */
class K0sAddonsOnceTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: t}
      clusters:
        - name: shop
          distribution: k0s
          kubernetes: "1.33"
          ssh: {user: ops}
          gitops: {engine: none}
          addons: {ingress: traefik, storage: local-path}
          nodes:
            - {name: c-1, address: 10.0.0.1, role: control-plane}
      """;

  private static Cluster cluster() {
    return new FleetCompiler().compile("fleet.yaml", FLEET).fleet().orElseThrow().clusters().get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> configSpec(Map<String, Object> document) {
    Map<String, Object> k0s =
        (Map<String, Object>) ((Map<String, Object>) document.get("spec")).get("k0s");
    return (Map<String, Object>) ((Map<String, Object>) k0s.get("config")).get("spec");
  }

  @Test
  void theDocumentUsesTheAddonsItIsGiven() {
    Cluster cluster = cluster();
    K0sAddons resolved = K0sAddons.of(cluster);
    assertThat(resolved.charts()).extracting(AddonRelease::name).containsExactly("traefik");
    assertThat(resolved.manifests())
        .extracting(AddonRelease::name)
        .containsExactly("local-path-provisioner");
    assertThat(configSpec(K0sctlDocument.of(cluster, resolved))).containsKey("extensions");

    K0sAddons none = new K0sAddons(List.of());
    assertThat(configSpec(K0sctlDocument.of(cluster, none))).doesNotContainKey("extensions");
    assertThat(none.extraDocuments()).isEmpty();
    assertThat(resolved.extraDocuments()).isNotEmpty();
  }
}
