package dev.fleetc.compiler.schema;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small builders that keep {@link FleetSchema} readable. */
final class Shapes {

  private Shapes() {}

  static ObjBuilder obj(String description) {
    return new ObjBuilder(description);
  }

  static Shape.Str str(String description) {
    return new Shape.Str(description, List.of());
  }

  static Shape.Str oneOf(String description, String... allowed) {
    return new Shape.Str(description, List.of(allowed));
  }

  static Shape.Bool bool(String description) {
    return new Shape.Bool(description);
  }

  static Shape.Int integer(String description, long min, long max) {
    return new Shape.Int(description, min, max);
  }

  static Shape.Seq list(String description, Shape items) {
    return new Shape.Seq(description, items);
  }

  static Shape.Secret secret(String description) {
    return new Shape.Secret(description);
  }

  static Shape.NoneOr noneOr(String description, Shape shape) {
    return new Shape.NoneOr(description, shape);
  }

  static Shape.Any any(String description) {
    return new Shape.Any(description);
  }

  static Shape.Obj mapOf(String description, Shape values) {
    return new Shape.Obj(description, Map.of(), Set.of(), values);
  }

  static final class ObjBuilder {
    private final String description;
    private final Map<String, Shape> fields = new LinkedHashMap<>();
    private final Set<String> required = new LinkedHashSet<>();

    private ObjBuilder(String description) {
      this.description = description;
    }

    ObjBuilder field(String key, Shape shape) {
      fields.put(key, shape);
      return this;
    }

    ObjBuilder required(String key, Shape shape) {
      required.add(key);
      return field(key, shape);
    }

    ObjBuilder fields(Shape.Obj other) {
      fields.putAll(other.fields());
      required.addAll(other.required());
      return this;
    }

    Shape.Obj build() {
      return new Shape.Obj(description, fields, required, null);
    }
  }
}
