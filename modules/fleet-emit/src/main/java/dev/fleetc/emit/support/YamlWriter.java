package dev.fleetc.emit.support;

import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The single YAML writer of fleetc. Jackson writes YAML 1.2, but K3s, k0sctl and MicroK8s read YAML
 * 1.1, where an unquoted {@code 0644} is the number 420 and {@code on} is true; so every string
 * value is written double-quoted, and only real numbers and booleans are written bare.
 */
public final class YamlWriter {

  private static final ObjectMapper MAPPER =
      YAMLMapper.builder()
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .disable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .disable(YAMLWriteFeature.SPLIT_LINES)
          .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  private YamlWriter() {}

  /** One YAML document: maps, lists, scalars, or fabric8 Kubernetes objects. */
  public static String write(Object document) {
    return MAPPER.writeValueAsString(document);
  }

  /** Several documents separated by {@code ---}. */
  public static String writeAll(List<?> documents) {
    return documents.stream().map(d -> "---\n" + write(d)).collect(Collectors.joining());
  }

  /** The mapper itself, for emitters that convert objects to trees before writing. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
