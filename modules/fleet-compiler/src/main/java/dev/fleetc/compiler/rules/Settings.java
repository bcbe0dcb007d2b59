package dev.fleetc.compiler.rules;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.schema.ShapeChecker;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Typed reads from a YAML mapping by dotted path. A value of the wrong type reads as absent: the
 * shape check has already reported it, so it is not reported twice.
 */
public final class Settings {

  private final YMap root;
  private final Diagnostics diagnostics;

  public Settings(YMap root, Diagnostics diagnostics) {
    this.root = root;
    this.diagnostics = diagnostics;
  }

  public YMap root() {
    return root;
  }

  public Optional<YNode> node(String path) {
    YNode current = root;
    int start = 0;
    while (start <= path.length()) { // dotted keys, walked without splitting (a hot path)
      int dot = path.indexOf('.', start);
      int end = dot < 0 ? path.length() : dot;
      if (!(current instanceof YMap map)) {
        return Optional.empty();
      }
      Optional<YNode> next = map.get(path.substring(start, end));
      if (next.isEmpty()) {
        return Optional.empty();
      }
      current = next.get();
      start = end + 1;
    }
    return Optional.of(current);
  }

  public Optional<YScalar> scalar(String path) {
    return node(path).filter(n -> n instanceof YScalar s && !s.isNull()).map(YScalar.class::cast);
  }

  public Optional<String> string(String path) {
    return scalar(path).map(YScalar::text);
  }

  public Optional<Boolean> bool(String path) {
    return scalar(path).filter(s -> s.type() == YScalar.Type.BOOL).map(s -> parseBool(s.text()));
  }

  public Optional<Integer> integer(String path) {
    return scalar(path)
        .filter(s -> s.type() == YScalar.Type.INT)
        .flatMap(
            s -> {
              try {
                return Optional.of(Integer.parseInt(s.text()));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            });
  }

  /** The position of a path's value, else of the nearest enclosing mapping that exists. */
  public SourcePosition position(String path) {
    Optional<YNode> node = node(path);
    if (node.isPresent()) {
      return node.get().position();
    }
    int dot = path.lastIndexOf('.');
    return dot < 0 ? root.position() : position(path.substring(0, dot));
  }

  /** The position of the item of a list of scalars that reads {@code value}, else the path's. */
  public SourcePosition position(String path, String value) {
    if (node(path).orElse(null) instanceof YSeq list) {
      for (YNode item : list.items()) {
        if (item instanceof YScalar scalar && scalar.text().equals(value)) {
          return item.position();
        }
      }
    }
    return position(path);
  }

  public Optional<SecretRef> secret(String path) {
    // Shape errors were reported already; parse quietly.
    return node(path).flatMap(n -> ShapeChecker.parseSecret(n, path, new Diagnostics()));
  }

  public List<String> strings(String path) {
    List<String> out = new ArrayList<>();
    node(path)
        .filter(YSeq.class::isInstance)
        .map(YSeq.class::cast)
        .ifPresent(
            seq ->
                seq.items()
                    .forEach(
                        item -> {
                          if (item instanceof YScalar s && !s.isNull()) {
                            out.add(s.text());
                          }
                        }));
    return out;
  }

  public Map<String, String> stringMap(String path) {
    Map<String, String> out = new LinkedHashMap<>();
    node(path)
        .filter(YMap.class::isInstance)
        .map(YMap.class::cast)
        .ifPresent(
            map ->
                map.entries()
                    .forEach(
                        e -> {
                          if (e.value() instanceof YScalar s && !s.isNull()) {
                            out.put(e.key(), s.text());
                          }
                        }));
    return out;
  }

  public Diagnostics diagnostics() {
    return diagnostics;
  }

  public static boolean parseBool(String text) {
    return text.equalsIgnoreCase("true");
  }

  /**
   * Plain Java values of a subtree, for escape hatches: String, Boolean, Long, Double, null, List,
   * Map (in written order).
   */
  public static Object plain(YNode node) {
    if (node instanceof YMap map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.entries().forEach(e -> out.put(e.key(), plain(e.value())));
      return out;
    }
    if (node instanceof YSeq seq) {
      List<Object> out = new ArrayList<>();
      seq.items().forEach(i -> out.add(plain(i)));
      return out;
    }
    YScalar scalar = (YScalar) node;
    try {
      return switch (scalar.type()) {
        case BOOL -> parseBool(scalar.text());
        case INT -> Long.decode(scalar.text().replace("0o", "0"));
        case FLOAT -> Double.valueOf(scalar.text());
        case NULL -> null;
        case STRING -> scalar.text();
      };
    } catch (NumberFormatException e) {
      return scalar.text();
    }
  }
}
