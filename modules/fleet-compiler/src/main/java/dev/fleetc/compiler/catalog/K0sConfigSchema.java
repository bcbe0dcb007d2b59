package dev.fleetc.compiler.catalog;

import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The structure of a k0s ClusterConfig's {@code spec}, as the ClusterConfig CRD of k0s describes it
 * (a trimmed copy kept as a resource: types, properties, enums, bounds; descriptions, defaults and
 * patterns removed). k0s parses its config strictly, so an unknown key in the escape hatch would
 * only fail on the hosts at apply time; checking it here reports it with its position.
 */
public final class K0sConfigSchema {

  /** Where the trimmed structural schema of {@code ClusterConfig.spec} lives. */
  public static final String RESOURCE = "/dev/fleetc/catalog/k0s-clusterconfig-spec.schema.json";

  /** One place where a value does not fit the schema. */
  public record Problem(SourcePosition at, String path, String message, String hint) {}

  private static volatile JsonNode spec;

  private K0sConfigSchema() {}

  /** The trimmed schema of {@code spec}. */
  public static JsonNode spec() {
    if (spec == null) {
      try (InputStream in = K0sConfigSchema.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        spec = JsonMapper.builder().build().readTree(in);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return spec;
  }

  /** Checks a ClusterConfig {@code spec} (or part of one) written in a fleet file. */
  public static List<Problem> check(YNode value, String path) {
    List<Problem> problems = new ArrayList<>();
    check(value, spec(), path, problems);
    return problems;
  }

  /** The schema of a dotted path below {@code spec}, if the schema knows it. */
  public static Optional<JsonNode> at(String dottedPath) {
    JsonNode current = spec();
    for (String key : dottedPath.split("\\.")) {
      JsonNode next = current.path("properties").get(key);
      if (next == null) {
        return Optional.empty();
      }
      current = next;
    }
    return Optional.of(current);
  }

  private static void check(YNode value, JsonNode schema, String path, List<Problem> problems) {
    if (schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
        && !schema.has("properties")) {
      return;
    }
    if (value instanceof YScalar s && s.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        problems.add(
            new Problem(
                s.position(),
                path,
                "k0s " + path + " takes " + expected(schema) + ", not null",
                "remove the key to keep k0s's default"));
      }
      return;
    }
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (!(value instanceof YScalar s
          && (s.type() == YScalar.Type.INT || s.type() == YScalar.Type.STRING))) {
        mismatch(value, "a number or a string", path, problems);
      }
      return;
    }
    String type = schema.path("type").asString("");
    switch (type) {
      case "object" -> checkObject(value, schema, path, problems);
      case "array" -> {
        if (!(value instanceof YSeq seq)) {
          mismatch(value, "a list", path, problems);
          return;
        }
        JsonNode items = schema.path("items");
        int max = schema.path("maxItems").asInt(Integer.MAX_VALUE);
        if (seq.items().size() > max) {
          problems.add(
              new Problem(
                  seq.position(),
                  path,
                  "k0s " + path + " takes at most " + max + " items",
                  "see the ClusterConfig reference"));
        }
        for (int i = 0; i < seq.items().size(); i++) {
          if (!items.isMissingNode()) {
            check(seq.items().get(i), items, path + "[" + i + "]", problems);
          }
        }
      }
      case "string" -> {
        if (!(value instanceof YScalar s) || s.type() != YScalar.Type.STRING) {
          mismatch(value, "a string", path, problems);
          return;
        }
        checkEnum(s, schema, path, problems);
        int min = schema.path("minLength").asInt(0);
        if (s.text().length() < min) {
          problems.add(
              new Problem(s.position(), path, "k0s " + path + " may not be empty", "give a value"));
        }
      }
      case "boolean" -> {
        if (!(value instanceof YScalar s) || s.type() != YScalar.Type.BOOL) {
          mismatch(value, "true or false", path, problems);
        }
      }
      case "integer", "number" -> {
        boolean integer = type.equals("integer");
        if (!(value instanceof YScalar s)
            || !(s.type() == YScalar.Type.INT || (!integer && s.type() == YScalar.Type.FLOAT))) {
          mismatch(value, integer ? "a whole number" : "a number", path, problems);
          return;
        }
        double number = Double.parseDouble(s.text().replace("0o", ""));
        if ((schema.has("minimum") && number < schema.get("minimum").asDouble())
            || (schema.has("maximum") && number > schema.get("maximum").asDouble())) {
          problems.add(
              new Problem(
                  s.position(),
                  path,
                  "k0s "
                      + path
                      + " must lie between "
                      + schema.path("minimum").asString("-")
                      + " and "
                      + schema.path("maximum").asString("-"),
                  "see the ClusterConfig reference"));
        }
      }
      default -> {
        // No type: anything goes.
      }
    }
  }

  private static void checkObject(YNode value, JsonNode schema, String path, List<Problem> pr) {
    if (!(value instanceof YMap map)) {
      mismatch(value, "a mapping", path, pr);
      return;
    }
    JsonNode properties = schema.path("properties");
    JsonNode additional = schema.path("additionalProperties");
    for (YMap.Entry e : map.entries()) {
      String child = path.isEmpty() ? e.key() : path + "." + e.key();
      JsonNode property = properties.get(e.key());
      if (property != null) {
        check(e.value(), property, child, pr);
      } else if (additional.isObject()) {
        check(e.value(), additional, child, pr);
      } else if (!properties.isMissingNode() || additional.isBoolean()) {
        List<String> known = new ArrayList<>(properties.propertyNames());
        pr.add(
            new Problem(
                e.keyPosition(),
                child,
                "k0s ClusterConfig has no key '"
                    + e.key()
                    + "'"
                    + (path.isEmpty() ? " in spec" : " in spec." + path),
                closest(e.key(), known)
                    .map(c -> "did you mean '" + c + "'?")
                    .orElse("known keys here: " + String.join(", ", known))));
      }
    }
    for (JsonNode required : schema.path("required")) {
      String key = required.asString();
      if (map.get(key).isEmpty()) {
        pr.add(
            new Problem(
                map.position(),
                path,
                "k0s " + (path.isEmpty() ? "spec" : path) + " needs '" + key + "'",
                "add '" + key + "'"));
      }
    }
  }

  private static void checkEnum(YScalar s, JsonNode schema, String path, List<Problem> pr) {
    JsonNode allowed = schema.path("enum");
    if (!allowed.isArray() || allowed.isEmpty()) {
      return;
    }
    List<String> values = new ArrayList<>();
    allowed.forEach(v -> values.add(v.asString()));
    if (!values.contains(s.text())) {
      pr.add(
          new Problem(
              s.position(),
              path,
              "k0s " + path + " does not accept '" + s.text() + "'",
              "allowed: " + String.join(", ", values)));
    }
  }

  private static void mismatch(YNode value, String expected, String path, List<Problem> pr) {
    pr.add(
        new Problem(
            value.position(),
            path,
            "k0s " + path + " takes " + expected + ", not " + value.describe(),
            "see the ClusterConfig reference for " + path));
  }

  private static String expected(JsonNode schema) {
    return switch (schema.path("type").asString("")) {
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "boolean" -> "true or false";
      case "integer" -> "a whole number";
      default -> "a " + schema.path("type").asString("value");
    };
  }

  private static Optional<String> closest(String key, List<String> known) {
    return Suggestions.closest(key, known);
  }
}
