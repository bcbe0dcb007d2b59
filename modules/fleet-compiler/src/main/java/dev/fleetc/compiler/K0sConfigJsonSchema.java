package dev.fleetc.compiler;

import dev.fleetc.compiler.catalog.K0sConfigSchema;
import dev.fleetc.compiler.k0s.K0sRules;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The k0s escape hatch ({@code k0s.config}) for the editor schema: the ClusterConfig spec structure
 * that {@link K0sConfigSchema#check} applies, said in JSON Schema. Objects with known properties
 * take no others (k0s parses strictly), {@code nullable} adds null, int-or-string takes either, and
 * the paths fleetc writes itself ({@link K0sRules#MANAGED_CONFIG}) are not offered.
 */
final class K0sConfigJsonSchema {

  private K0sConfigJsonSchema() {}

  @SuppressWarnings("unchecked")
  static Map<String, Object> ofSpec() {
    Map<String, Object> spec =
        JsonMapper.builder().build().convertValue(K0sConfigSchema.spec(), LinkedHashMap.class);
    Map<String, Object> strict = (Map<String, Object>) strict(spec);
    for (String path : K0sRules.managedConfigPaths()) {
      Map<String, Object> parent = strict;
      String[] keys = path.split("\\.");
      for (int i = 0; i < keys.length - 1 && parent != null; i++) {
        Object properties = parent.get("properties");
        parent =
            properties instanceof Map<?, ?> p && p.get(keys[i]) instanceof Map<?, ?> child
                ? (Map<String, Object>) child
                : null;
      }
      if (parent != null && parent.get("properties") instanceof Map<?, ?> properties) {
        ((Map<String, Object>) properties).remove(keys[keys.length - 1]);
      }
    }
    strict.put("description", "Extra ClusterConfig spec, merged into the generated one");
    return strict;
  }

  @SuppressWarnings("unchecked")
  private static Object strict(Object node) {
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(item -> out.add(strict(item)));
      return out;
    }
    if (!(node instanceof Map<?, ?> map)) {
      return node;
    }
    Map<String, Object> in = (Map<String, Object>) map;
    Map<String, Object> out = new LinkedHashMap<>();
    boolean preserve = Boolean.TRUE.equals(in.get("x-kubernetes-preserve-unknown-fields"));
    if (preserve && !in.containsKey("properties")) {
      return new LinkedHashMap<>(); // anything
    }
    if (Boolean.TRUE.equals(in.get("x-kubernetes-int-or-string"))) {
      out.put("type", List.of("integer", "string"));
      return out;
    }
    in.forEach(
        (key, value) -> {
          if (key.startsWith("x-kubernetes-") || key.equals("nullable")) {
            return;
          }
          if (key.equals("properties") && value instanceof Map<?, ?> properties) {
            Map<String, Object> converted = new LinkedHashMap<>();
            ((Map<String, Object>) properties).forEach((k, v) -> converted.put(k, strict(v)));
            out.put(key, converted);
          } else if (key.equals("items") || key.equals("additionalProperties")) {
            out.put(key, strict(value));
          } else {
            out.put(key, value);
          }
        });
    if (in.containsKey("properties") && !in.containsKey("additionalProperties")) {
      out.put("additionalProperties", false);
    }
    if (Boolean.TRUE.equals(in.get("nullable")) && out.get("type") instanceof String type) {
      out.put("type", List.of(type, "null"));
    }
    return out;
  }
}
