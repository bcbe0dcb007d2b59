package dev.fleetc.emit.k0s;

import dev.fleetc.emit.support.YamlWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;

/**
 * A {@code k0sctl.yaml} read back (from an output folder or a git tree: untrusted text), split into
 * its {@code spec.options} and everything else, so that a plan can tell a change of how the next
 * upgrade runs from a change k0sctl applies to the hosts.
 */
public final class K0sctlFile {

  /** Larger texts are not read: fleetc's own files are a few kilobytes per node. */
  private static final int MAX_BYTES = 8 << 20;

  private K0sctlFile() {}

  /**
   * @param rest every document, the first one without {@code spec.options}
   * @param options the first document's {@code spec.options} (empty when absent)
   */
  public record Split(List<Object> rest, Map<String, Object> options) {}

  /** The file split, or empty when it is not a YAML stream whose first document is a mapping. */
  @SuppressWarnings("unchecked")
  public static Optional<Split> split(String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      return Optional.empty();
    }
    List<Object> documents;
    try (var values = YamlWriter.mapper().readerFor(Object.class).readValues(text)) {
      documents = new ArrayList<>(values.readAll());
    } catch (JacksonException | IllegalStateException e) {
      return Optional.empty();
    }
    if (documents.isEmpty() || !(documents.get(0) instanceof Map<?, ?> first)) {
      return Optional.empty();
    }
    Map<String, Object> head = new LinkedHashMap<>((Map<String, Object>) first);
    Map<String, Object> options = Map.of();
    if (head.get("spec") instanceof Map<?, ?> spec) {
      Map<String, Object> rest = new LinkedHashMap<>((Map<String, Object>) spec);
      if (rest.remove("options") instanceof Map<?, ?> found) {
        options = (Map<String, Object>) found;
      }
      head.put("spec", rest);
    }
    documents.set(0, head);
    return Optional.of(new Split(documents, options));
  }

  /** {@code concurrency.limit=3, drain.timeout=20m}: the options' leaves in key order. */
  public static String describe(Map<String, Object> options) {
    Map<String, String> leaves = new TreeMap<>();
    flatten("", options, leaves);
    List<String> out = new ArrayList<>();
    leaves.forEach((k, v) -> out.add(k + "=" + v));
    return String.join(", ", out);
  }

  private static void flatten(String prefix, Object value, Map<String, String> into) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> flatten(prefix + (prefix.isEmpty() ? "" : ".") + k, v, into));
    } else {
      into.put(prefix, String.valueOf(value));
    }
  }
}
