package dev.fleetc.compiler;

import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.model.Layer;
import dev.fleetc.model.Provenance;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies the layers of one cluster (defaults, then its profile, then its own entry) field by
 * field: mappings merge, scalars and lists replace. Every leaf remembers the layer that set it.
 */
final class LayerMerger {

  /** One layer's settings. */
  record Layered(YMap settings, Layer layer, String source) {}

  /** The merged settings and, for each leaf path, where it was set. */
  record Merged(YMap settings, Map<String, Provenance> provenance) {}

  private LayerMerger() {}

  static Merged merge(List<Layered> layers) {
    Map<String, Provenance> provenance = new TreeMap<>();
    YMap result = new YMap(List.of(), SourcePosition.NONE);
    for (Layered layer : layers) {
      result = mergeInto(result, layer.settings(), layer, "", provenance);
    }
    return new Merged(result, provenance);
  }

  private static YMap mergeInto(
      YMap base, YMap over, Layered layer, String path, Map<String, Provenance> provenance) {
    Map<String, YMap.Entry> entries = new LinkedHashMap<>(base.asMap());
    for (YMap.Entry entry : over.entries()) {
      String childPath = path.isEmpty() ? entry.key() : path + "." + entry.key();
      YMap.Entry previous = entries.get(entry.key());
      if (previous != null
          && previous.value() instanceof YMap older
          && entry.value() instanceof YMap newer) {
        YMap merged = mergeInto(older, newer, layer, childPath, provenance);
        entries.put(entry.key(), new YMap.Entry(entry.key(), entry.keyPosition(), merged));
      } else {
        provenance.keySet().removeIf(k -> k.equals(childPath) || k.startsWith(childPath + "."));
        record(entry.value(), layer, childPath, provenance);
        entries.put(entry.key(), entry);
      }
    }
    return new YMap(new ArrayList<>(entries.values()), over.position());
  }

  private static void record(
      YNode node, Layered layer, String path, Map<String, Provenance> provenance) {
    if (node instanceof YMap map && !map.entries().isEmpty()) {
      for (YMap.Entry entry : map.entries()) {
        record(entry.value(), layer, path + "." + entry.key(), provenance);
      }
    } else {
      provenance.put(path, new Provenance(layer.layer(), layer.source(), node.position()));
    }
  }
}
