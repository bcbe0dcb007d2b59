package dev.fleetc.emit.support;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ordered maps for objects built as maps (custom resources, Helm values), so field order is fixed.
 */
public final class OrderedMaps {

  private OrderedMaps() {}

  /** An ordered map from alternating keys and values; {@code null} values are left out. */
  public static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        map.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return map;
  }
}
