package dev.fleetc.compiler.schema;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The expected shape of one value of a fleet file. */
public sealed interface Shape {

  String description();

  /** A mapping with known keys, or with free keys whose values share one shape. */
  record Obj(String description, Map<String, Shape> fields, Set<String> required, Shape values)
      implements Shape {
    public Obj {
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
      required = Set.copyOf(required);
    }

    public boolean freeKeys() {
      return values != null;
    }
  }

  /** A list whose items share one shape. */
  record Seq(String description, Shape items) implements Shape {}

  /** A string, optionally one of a fixed set. */
  record Str(String description, List<String> allowed) implements Shape {
    public Str {
      allowed = List.copyOf(allowed);
    }
  }

  record Bool(String description) implements Shape {}

  record Int(String description, long min, long max) implements Shape {}

  /** {@code {secretRef: env:NAME}} or {@code {secretRef: file:PATH}}; never a value. */
  record Secret(String description) implements Shape {}

  /** The word {@code none}, or the inner shape. */
  record NoneOr(String description, Shape shape) implements Shape {}

  /** Anything: escape hatches checked later against the target's own schema. */
  record Any(String description) implements Shape {}
}
