package dev.fleetc.compiler.yaml;

import dev.fleetc.model.SourcePosition;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A YAML mapping with string keys, in the order written; duplicate keys were already reported. */
public record YMap(List<Entry> entries, SourcePosition position) implements YNode {

  /** One key and its value. */
  public record Entry(String key, SourcePosition keyPosition, YNode value) {}

  public YMap {
    entries = List.copyOf(entries);
  }

  public Optional<Entry> entry(String key) {
    // A plain loop: this is the compiler's most called lookup (a stream here was 10 % of
    // validating 1,000 clusters), and mappings are small.
    for (Entry entry : entries) {
      if (entry.key().equals(key)) {
        return Optional.of(entry);
      }
    }
    return Optional.empty();
  }

  public Optional<YNode> get(String key) {
    return entry(key).map(Entry::value);
  }

  public Map<String, Entry> asMap() {
    Map<String, Entry> map = new LinkedHashMap<>();
    entries.forEach(e -> map.putIfAbsent(e.key(), e));
    return map;
  }

  @Override
  public String describe() {
    return "a mapping";
  }
}
