package dev.fleetc.emit.k0s;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * k0sctl runs environment expansion over the raw bytes of its config before parsing it, so a
 * literal {@code $} must be written {@code $$}. Applied to the document tree (keys and string
 * values), never to the serialized text, so that {@link EnvReference}s stay expansions.
 */
final class K0sctlEscaping {

  private K0sctlEscaping() {}

  static String escape(String text) {
    return text.replace("$", "$$");
  }

  /** A copy of the tree with every string escaped and every {@link EnvReference} expanded. */
  static Object escapeTree(Object value) {
    if (value instanceof EnvReference ref) {
      return ref.expansion();
    }
    if (value instanceof String text) {
      return escape(text);
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(escape(String.valueOf(k)), escapeTree(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(escapeTree(v)));
      return out;
    }
    return value;
  }
}
