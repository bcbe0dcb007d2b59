package dev.fleetc.compiler.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the fleet's {@link Shape} into a JSON Schema (draft 2020-12) for editors. */
public final class JsonSchema {

  private JsonSchema() {}

  /** The schema of a whole fleet file, as plain maps and lists ready to serialize. */
  public static Map<String, Object> ofFleet() {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    schema.put("$id", "https://fleetc.dev/schema/" + FleetSchema.API_VERSION + "/fleet.json");
    schema.put("title", "fleetc fleet declaration");
    schema.putAll(of(FleetSchema.FLEET));
    return schema;
  }

  static Map<String, Object> of(Shape shape) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (!shape.description().isEmpty()) {
      out.put("description", shape.description());
    }
    if (shape instanceof Shape.Obj obj) {
      out.put("type", "object");
      if (!obj.fields().isEmpty()) {
        Map<String, Object> properties = new LinkedHashMap<>();
        obj.fields().forEach((key, field) -> properties.put(key, of(field)));
        out.put("properties", properties);
      }
      if (!obj.required().isEmpty()) {
        out.put(
            "required", obj.fields().keySet().stream().filter(obj.required()::contains).toList());
      }
      out.put("additionalProperties", obj.freeKeys() ? of(obj.values()) : false);
    } else if (shape instanceof Shape.Seq seq) {
      out.put("type", "array");
      out.put("items", of(seq.items()));
    } else if (shape instanceof Shape.Str str) {
      out.put("type", "string");
      if (!str.allowed().isEmpty()) {
        out.put("enum", str.allowed());
      }
    } else if (shape instanceof Shape.Bool) {
      out.put("type", "boolean");
    } else if (shape instanceof Shape.Int integer) {
      out.put("type", "integer");
      out.put("minimum", integer.min());
      out.put("maximum", integer.max());
    } else if (shape instanceof Shape.Secret) {
      Map<String, Object> ref = new LinkedHashMap<>();
      ref.put("type", "string");
      ref.put("pattern", "^(env:[A-Za-z_][A-Za-z0-9_]*|file:.+)$");
      out.put("type", "object");
      out.put("properties", Map.of("secretRef", ref));
      out.put("required", List.of("secretRef"));
      out.put("additionalProperties", false);
    } else if (shape instanceof Shape.NoneOr noneOr) {
      out.put("oneOf", List.of(Map.of("const", "none"), of(noneOr.shape())));
    }
    return out;
  }
}
