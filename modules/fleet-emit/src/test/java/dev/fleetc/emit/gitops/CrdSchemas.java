package dev.fleetc.emit.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The upstream Flux and Argo CD CRDs of {@code shared/reference/gitops/crds/} as strict JSON
 * schemas (unknown fields rejected, as kubeconform's strict mode and the conformance check do).
 * Test-time only: the product never reads them.
 */
final class CrdSchemas {

  static final ObjectMapper YAML = YAMLMapper.builder().build();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private final Map<String, JsonSchema> byApiVersionAndKind = new LinkedHashMap<>();
  private final Set<String> groups = new TreeSet<>();

  /** The folder, or empty when this checkout has no shared reference data next to it. */
  static Optional<Path> folder() {
    String override = System.getProperty("fleetc.crds");
    Path dir =
        override != null
            ? Path.of(override)
            : Path.of("..", "..", "..", "shared", "reference", "gitops", "crds");
    return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
  }

  CrdSchemas(Path dir) {
    JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        for (Object doc : documents(Files.readString(file))) {
          if (!(doc instanceof Map<?, ?> crd)
              || !"CustomResourceDefinition".equals(crd.get("kind"))) {
            continue;
          }
          Map<?, ?> spec = (Map<?, ?>) crd.get("spec");
          String group = (String) spec.get("group");
          String kind = (String) ((Map<?, ?>) spec.get("names")).get("kind");
          groups.add(group);
          for (Object v : (List<?>) spec.get("versions")) {
            Map<?, ?> version = (Map<?, ?>) v;
            if (Boolean.FALSE.equals(version.get("served"))) {
              continue;
            }
            Object schema = ((Map<?, ?>) version.get("schema")).get("openAPIV3Schema");
            JsonNode strict = JSON.valueToTree(strict(schema));
            byApiVersionAndKind.put(
                group + "/" + version.get("name") + " " + kind, factory.getSchema(strict));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Object> documents(String yaml) {
    List<Object> docs = new ArrayList<>();
    try (var it = YAML.readerFor(Object.class).readValues(yaml)) {
      while (it.hasNext()) {
        Object doc = it.next();
        if (doc != null) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }

  /** Whether objects of this API group must match one of the CRDs (Flux and Argo CD groups). */
  boolean governs(String apiVersion) {
    return apiVersion.contains("/")
        && groups.contains(apiVersion.substring(0, apiVersion.indexOf('/')));
  }

  /** The problems of one object; "no served CRD" when its version is not served. */
  List<String> problems(Map<?, ?> object) {
    String key = object.get("apiVersion") + " " + object.get("kind");
    JsonSchema schema = byApiVersionAndKind.get(key);
    if (schema == null) {
      return List.of(key + ": no served CRD version");
    }
    Set<ValidationMessage> messages = schema.validate(JSON.valueToTree(object));
    return messages.stream().map(ValidationMessage::getMessage).sorted().toList();
  }

  /**
   * The conversion rules of kubeconform's openapi2jsonschema strict mode, as the conformance check
   * applies them; JSON Schema ignores the remaining {@code x-kubernetes-*} keywords.
   */
  @SuppressWarnings("unchecked")
  private static Object strict(Object schema) {
    if (schema instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      // Keys are kept as they are: a property may well be called "description".
      map.forEach((k, v) -> out.put((String) k, strict(v)));
      if (Boolean.TRUE.equals(map.get("x-kubernetes-int-or-string"))) {
        out.remove("type");
        out.put("anyOf", List.of(Map.of("type", "integer"), Map.of("type", "string")));
      }
      if (Boolean.TRUE.equals(map.get("x-kubernetes-preserve-unknown-fields"))) {
        return out;
      }
      if ("object".equals(out.get("type"))
          && out.containsKey("properties")
          && !out.containsKey("additionalProperties")) {
        out.put("additionalProperties", false);
      }
      if (Boolean.TRUE.equals(map.get("nullable")) && out.get("type") instanceof String t) {
        out.put("type", List.of(t, "null"));
      }
      return out;
    }
    if (schema instanceof List<?> list) {
      return ((List<Object>) list).stream().map(CrdSchemas::strict).toList();
    }
    return schema;
  }
}
