package dev.fleetc.emit.support;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The single YAML writer of fleetc. Jackson writes YAML 1.2, but K3s, k0sctl and MicroK8s read YAML
 * 1.1, where an unquoted {@code 0644} is the number 420 and {@code on} is true; so every string
 * value is written double-quoted, and only real numbers and booleans are written bare.
 */
public final class YamlWriter {

  /**
   * The SnakeYAML settings Jackson derives from the features below (YAMLGenerator's
   * buildDumperOptions), built once: left to Jackson, they and their scalar resolver are built
   * again for every document, which was a third of the cost of writing a small one. YamlWriterTest
   * checks that the output is the same as Jackson's own.
   */
  static final DumpSettings DUMP_SETTINGS =
      DumpSettings.builder()
          .setCanonical(false)
          .setDefaultFlowStyle(FlowStyle.BLOCK)
          .setSplitLines(false) // SPLIT_LINES disabled
          .setIndicatorIndent(2) // INDENT_ARRAYS_WITH_INDICATOR enabled
          .setIndentWithIndicator(true)
          .setYamlDirective(Optional.empty())
          .setDumpComments(true)
          .build();

  private static final ObjectMapper MAPPER =
      YAMLMapper.builder(YAMLFactory.builder().dumperOptions(DUMP_SETTINGS).build())
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

  /**
   * The writer's first use, done early: Jackson's and SnakeYAML's class initialisers and the
   * serializers of a map, a list and a Kubernetes object (fabric8's base types), so that it can run
   * on another thread while the fleet is still being compiled. Writes nothing anywhere.
   */
  public static void prepare() {
    write(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("prepare")
            .addToLabels("app.kubernetes.io/managed-by", "fleetc")
            .endMetadata()
            .addToData("key", "value\n")
            .build());
    write(Map.of("list", List.of("text", 1, true)));
  }

  /** The mapper itself, for emitters that convert objects to trees before writing. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
