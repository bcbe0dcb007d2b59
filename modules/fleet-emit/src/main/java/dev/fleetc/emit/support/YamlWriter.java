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
import tools.jackson.dataformat.yaml.util.StringQuotingChecker;

/**
 * The single YAML writer of fleetc. Jackson writes YAML 1.2, but K3s, k0sctl, MicroK8s and
 * cloud-init (PyYAML) read YAML 1.1, where an unquoted {@code 0644} is the number 420 and {@code
 * on} is true; so every string value is written double-quoted, and only real numbers and booleans
 * are written bare. What it writes reads back as the same tree in YAML 1.1 and 1.2 (YamlOneOneTest,
 * docs/output-safety.md):
 *
 * <ul>
 *   <li>the output is ASCII: any other character is written as a YAML escape inside a double-quoted
 *       scalar, never raw, because YAML 1.1 takes U+0085, U+2028 and U+2029 for line breaks (so a
 *       raw one ends a literal block or a plain key) and 1.2 does not; a string holding such a
 *       character is never a literal block;
 *   <li>mapping keys that YAML 1.1 resolves to something else than a string ({@code <<} merge,
 *       {@code =} value, and those Jackson already quotes: booleans, null, numbers) are quoted.
 * </ul>
 */
public final class YamlWriter {

  /**
   * The SnakeYAML settings Jackson derives from the features below (YAMLGenerator's
   * buildDumperOptions), built once: left to Jackson, they and their scalar resolver are built
   * again for every document, which was a third of the cost of writing a small one. YamlWriterTest
   * checks that the output is the same as Jackson's own, but for the one setting added on purpose
   * (no raw non-ASCII).
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
          // Every character outside printable ASCII escaped: the one rule that keeps YAML 1.1's
          // extra line breaks (U+0085, U+2028, U+2029) and every control out of the raw text.
          .setUseUnicodeEncoding(false)
          .build();

  /** Jackson's own key quoting, plus the keys YAML 1.1 gives a meaning of their own. */
  static final StringQuotingChecker KEY_QUOTING = new OneOneKeys();

  private static final ObjectMapper MAPPER =
      YAMLMapper.builder(
              YAMLFactory.builder()
                  .dumperOptions(DUMP_SETTINGS)
                  .stringQuotingChecker(KEY_QUOTING)
                  .build())
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

  // YAML 1.1 (yaml.org/type/merge.html, yaml.org/type/value.html) reads a plain '<<' key as a
  // merge and a plain '=' key as the "value" type; both are strings in 1.2. A key with a character
  // outside printable ASCII is quoted too (SnakeYAML would, as it writes no raw non-ASCII).
  private static final class OneOneKeys extends StringQuotingChecker.Default {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean needToQuoteName(String name) {
      return super.needToQuoteName(name)
          || name.equals("<<")
          || name.equals("=")
          || name.chars().anyMatch(c -> c < 0x20 || c > 0x7e);
    }
  }

  /** The mapper itself, for emitters that convert objects to trees before writing. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
