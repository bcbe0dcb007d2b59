package dev.fleetc.emit.support;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
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

  /**
   * {@link #write}, for a document that names no cluster and so comes out the same for every
   * cluster with the same settings (a kustomization of relative paths, an add-on's HelmRelease, the
   * upgrade Plans): written once per run and then reused. The caller hands over a document it built
   * for this call and does not change afterwards.
   */
  public static String writeRepeated(Object document) {
    return REPEATED.text(document, YamlWriter::write);
  }

  /** {@link #writeAll}, reused as {@link #writeRepeated} is. */
  public static String writeAllRepeated(List<?> documents) {
    return REPEATED.text(documents, d -> writeAll((List<?>) d));
  }

  /**
   * {@link #writeAll} of the documents that {@code documents} builds from {@code inputs} alone,
   * built and written once per run for equal inputs (a record of what the documents depend on),
   * which is cheaper to compare than the documents.
   */
  public static <I> String writeAllRepeated(I inputs, Function<I, List<?>> documents) {
    return REPEATED.text(
        new FromInputs(inputs, documents), key -> writeAll(documents.apply(inputs)));
  }

  // The key of writeAllRepeated(inputs, documents): the inputs and the function (a method
  // reference is equal to itself only), so that two builders never share a text.
  private record FromInputs(Object inputs, Object builder) {}

  // The documents written by writeRepeated: a few per add-on, version and setting, so a fleet of
  // any size holds a few dozen. Bounded all the same, for a caller that passes a document unique
  // to its cluster: emptied when full, which changes how often a text is written, never the text.
  private static final Memo REPEATED = new Memo(1_024);

  private static final class Memo {
    private final int limit;
    private final ConcurrentHashMap<SameText, String> texts = new ConcurrentHashMap<>();

    Memo(int limit) {
      this.limit = limit;
    }

    String text(Object document, Function<Object, String> writer) {
      SameText key = new SameText(document);
      String text = texts.get(key);
      if (text == null) {
        text = writer.apply(document);
        if (texts.size() >= limit) {
          texts.clear();
        }
        texts.putIfAbsent(key, text);
      }
      return text;
    }
  }

  /**
   * A document as a key that is equal only to a document written as the same text. Map equality
   * ignores order, the written YAML does not: maps and lists are compared entry by entry in order;
   * anything else (a string, a number, a Kubernetes object) by its own equals. A Kubernetes
   * object's maps compare by content, so the callers build those in code order (fixed labels, a
   * TreeMap), never in the order of the user's input.
   */
  static final class SameText {
    private final Object document;
    private final int hash;

    SameText(Object document) {
      this.document = document;
      this.hash = orderedHash(document);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof SameText that
          && hash == that.hash
          && orderedEquals(document, that.document);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    private static int orderedHash(Object value) {
      if (value instanceof Map<?, ?> map) {
        int hash = 1;
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          hash = 31 * (31 * hash + orderedHash(entry.getKey())) + orderedHash(entry.getValue());
        }
        return hash;
      }
      if (value instanceof List<?> list) {
        int hash = 7;
        for (Object element : list) {
          hash = 31 * hash + orderedHash(element);
        }
        return hash;
      }
      return value == null ? 0 : value.hashCode();
    }

    private static boolean orderedEquals(Object left, Object right) {
      if (left == right) {
        return true; // a constant, or a part shared by both documents
      }
      if (left instanceof Map<?, ?> a) {
        if (!(right instanceof Map<?, ?> b) || a.size() != b.size()) {
          return false;
        }
        Iterator<? extends Map.Entry<?, ?>> others = b.entrySet().iterator();
        for (Map.Entry<?, ?> entry : a.entrySet()) {
          Map.Entry<?, ?> other = others.next();
          if (!orderedEquals(entry.getKey(), other.getKey())
              || !orderedEquals(entry.getValue(), other.getValue())) {
            return false;
          }
        }
        return true;
      }
      if (left instanceof List<?> a) {
        if (!(right instanceof List<?> b) || a.size() != b.size()) {
          return false;
        }
        for (int i = 0; i < a.size(); i++) {
          if (!orderedEquals(a.get(i), b.get(i))) {
            return false;
          }
        }
        return true;
      }
      // Same class too: an Integer and a Long of the same value are written alike, but a String
      // "1" and an Integer 1 are not, and no equals says otherwise for classes that differ.
      return left == null
          ? right == null
          : right != null && left.getClass() == right.getClass() && left.equals(right);
    }
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
          || hasCharacterOutsidePrintableAscii(name);
    }

    // A loop rather than chars().anyMatch: it runs for every key of every document written.
    private static boolean hasCharacterOutsidePrintableAscii(String name) {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c < 0x20 || c > 0x7e) {
          return true;
        }
      }
      return false;
    }
  }

  /** The mapper itself, for emitters that convert objects to trees before writing. */
  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
