package dev.fleetc.compiler.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetc.compiler.Golden;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The product's copy of the k0s ClusterConfig structure must be exactly the trimmed structure of
 * the real CRD in {@code shared/reference/k0s} (test-time reference only; the product reads its
 * copy). {@code -Dfleetc.updateGolden=true} rewrites the copy from the CRD.
 */
class K0sConfigSchemaTest {

  static final Path CRD =
      Path.of(
          "..", "..", "..", "shared", "reference", "k0s", "k0s.k0sproject.io_clusterconfigs.yaml");
  static final Path COPY =
      Path.of("src", "main", "resources").resolve(K0sConfigSchema.RESOURCE.substring(1));

  /** Keys that describe structure; descriptions, defaults, formats and patterns are dropped. */
  static final Set<String> KEPT =
      Set.of(
          "type",
          "properties",
          "items",
          "additionalProperties",
          "enum",
          "required",
          "minLength",
          "minimum",
          "maximum",
          "maxItems",
          "nullable",
          "x-kubernetes-int-or-string",
          "x-kubernetes-preserve-unknown-fields");

  @Test
  void productCopyIsTheTrimmedStructureOfTheRealCrd() throws IOException {
    assumeTrue(Files.isRegularFile(CRD), "reference CRD not present at " + CRD.toAbsolutePath());
    JsonNode crd = YAMLMapper.builder().build().readTree(Files.readString(CRD));
    JsonNode spec =
        crd.path("spec")
            .path("versions")
            .get(0)
            .path("schema")
            .path("openAPIV3Schema")
            .path("properties")
            .path("spec");
    assertThat(spec.path("properties").has("network")).isTrue();
    String expected =
        JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build()
                .writeValueAsString(trim(spec))
            + "\n";
    Golden.assertMatches(COPY, expected);
  }

  @Test
  void schemaKnowsTheKeysFleetcWrites() {
    assertThat(K0sConfigSchema.at("network.nodeLocalLoadBalancing.type")).isPresent();
    assertThat(K0sConfigSchema.at("storage.kine.dataSource")).isPresent();
    assertThat(K0sConfigSchema.at("api.externalAddress")).isPresent();
    assertThat(K0sConfigSchema.at("telemetry.enabled")).isPresent();
    assertThat(K0sConfigSchema.at("network.noSuchKey")).isEmpty();
  }

  static JsonNode trim(JsonNode node) {
    if (node.isObject()) {
      ObjectNode out = JsonMapper.builder().build().createObjectNode();
      for (var e : node.properties()) {
        if (e.getKey().equals("properties")) {
          ObjectNode props = out.putObject("properties");
          e.getValue().properties().forEach(p -> props.set(p.getKey(), trim(p.getValue())));
        } else if (KEPT.contains(e.getKey())) {
          out.set(e.getKey(), trim(e.getValue()));
        }
      }
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonMapper.builder().build().createArrayNode();
      node.forEach(i -> out.add(trim(i)));
      return out;
    }
    return node;
  }
}
