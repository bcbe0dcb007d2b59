package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.yaml.InputLimits;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads configuration files as the tools that own them do: k0sctl and K3s parse YAML 1.1 (go-yaml),
 * where a plain {@code on}, {@code yes} or {@code off} is a boolean and {@code 0644} an octal
 * integer, unlike YAML 1.2. Quoted scalars stay strings. Values come out as String, Boolean, Long,
 * Double, List and Map (in file order), or null.
 */
final class Yaml11 {

  private static final int MAX_BYTES = 4 * 1024 * 1024;
  private static final Pattern BOOL_TRUE =
      Pattern.compile("y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON");
  private static final Pattern BOOL_FALSE =
      Pattern.compile("n|N|no|No|NO|false|False|FALSE|off|Off|OFF");
  private static final Pattern NULL = Pattern.compile("~|null|Null|NULL|");
  private static final Pattern OCTAL = Pattern.compile("[-+]?0[0-7_]+");
  private static final Pattern HEX = Pattern.compile("[-+]?0x[0-9a-fA-F_]+");
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?([0-9][0-9_]*)?\\.[0-9_]*([eE][-+][0-9]+)?");

  /** Thrown when the text is not YAML. */
  static final class NotYaml extends Exception {
    /** {@code :LINE:COLUMN} (1-based) where the parser stopped, or empty. */
    final String location;

    NotYaml(String message) {
      this(message, "");
    }

    NotYaml(String message, String location) {
      super(message);
      this.location = location;
    }
  }

  private Yaml11() {}

  /** Every document of the text, as plain values. */
  static List<Object> readAll(String text) throws NotYaml {
    return readAll(text, new ArrayList<>());
  }

  /** Most nodes the plain values of one file may hold once aliases are expanded. */
  static final long DEFAULT_MAX_NODES = InputLimits.DEFAULTS.maxAliasNodes();

  static List<Object> readAll(String text, List<String> surprises) throws NotYaml {
    return readAll(text, surprises, DEFAULT_MAX_NODES);
  }

  /**
   * Every document of the text; {@code surprises} receives a note for each plain scalar that YAML
   * 1.1 reads differently from YAML 1.2 ({@code 0644}, {@code on}, {@code yes}, ...).
   */
  static List<Object> readAll(String text, List<String> surprises, long maxNodes) throws NotYaml {
    if (text.length() > MAX_BYTES) {
      throw new NotYaml("larger than 4 MiB");
    }
    List<Object> documents = new ArrayList<>();
    // SnakeYAML composes aliases as shared nodes, in linear time; turning them into plain values
    // copies each alias, which a 707-byte alias bomb makes 10^9 nodes: counted, and bounded.
    long[] left = {maxNodes, maxNodes}; // nodes left, the limit
    try {
      for (Node document : composeAll(text)) {
        documents.add(value(document, 0, surprises, left));
      }
    } catch (YamlEngineException | StackOverflowError e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      if (e instanceof MarkedYamlEngineException marked && marked.getProblemMark().isPresent()) {
        Mark mark = marked.getProblemMark().get();
        throw new NotYaml(
            marked.getContext() == null
                ? marked.getProblem()
                : marked.getContext() + ": " + marked.getProblem(),
            ":" + (mark.getLine() + 1) + ":" + (mark.getColumn() + 1));
      }
      throw new NotYaml(message.lines().findFirst().orElse(message));
    }
    return documents;
  }

  private static Object value(Node node, int depth, List<String> surprises, long[] left)
      throws NotYaml {
    if (depth > 64) {
      throw new NotYaml("nested deeper than 64 levels");
    }
    if (--left[0] < 0) {
      throw new NotYaml(
          "holds more than the limit of "
              + left[1]
              + " nodes once its aliases are expanded (FLEETC_MAX_ALIAS_NODES); raise"
              + " FLEETC_MAX_ALIAS_NODES if the file is really that large");
    }
    if (node instanceof ScalarNode scalar) {
      if (scalar.getScalarStyle() != ScalarStyle.PLAIN) {
        return scalar.getValue();
      }
      Object value = plain(scalar.getValue());
      String text = scalar.getValue();
      if ((value instanceof Boolean && !text.equalsIgnoreCase(String.valueOf(value)))
          || (value instanceof Long && OCTAL.matcher(text).matches())) {
        surprises.add(
            "'"
                + text
                + "' (line "
                + (scalar.getStartMark().map(m -> m.getLine() + 1).orElse(0))
                + ") is "
                + value
                + " in YAML 1.1, as the tool reads it; quote it if a string was meant");
      }
      return value;
    }
    if (node instanceof SequenceNode seq) {
      List<Object> list = new ArrayList<>();
      for (Node item : seq.getValue()) {
        list.add(value(item, depth + 1, surprises, left));
      }
      return list;
    }
    MappingNode map = (MappingNode) node;
    Map<String, Object> out = new LinkedHashMap<>();
    List<Object> merged = new ArrayList<>();
    for (NodeTuple tuple : map.getValue()) {
      // A merge key (YAML 1.1, which go-yaml resolves): its mappings fill in the keys the mapping
      // does not set itself.
      if (tuple.getKeyNode() instanceof ScalarNode k
          && k.getScalarStyle() == ScalarStyle.PLAIN
          && k.getValue().equals("<<")) {
        merged.add(value(tuple.getValueNode(), depth + 1, surprises, left));
        continue;
      }
      Object key = value(tuple.getKeyNode(), depth + 1, surprises, left);
      out.put(String.valueOf(key), value(tuple.getValueNode(), depth + 1, surprises, left));
    }
    for (Object source : merged) {
      for (Object one :
          source instanceof List<?> list ? list : java.util.Collections.singletonList(source)) {
        if (one instanceof Map<?, ?> from) {
          from.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), v));
        } else {
          throw new NotYaml("a merge key (<<) takes a mapping or a list of mappings");
        }
      }
    }
    return out;
  }

  /**
   * The documents' node trees: no recursive keys, at most 200 aliases, 4 MiB. Lazy: throws while
   * iterated.
   */
  private static Iterable<Node> composeAll(String text) {
    LoadSettings settings =
        LoadSettings.builder()
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(200)
            .setCodePointLimit(MAX_BYTES)
            .build();
    return new Compose(settings).composeAllFromString(text);
  }

  /**
   * Where each item of a k0sctl file's {@code spec.hosts} starts ({@code [line, column]}, 1-based),
   * in the first document that has them; empty when the text has none or is not YAML (that error is
   * reported by {@link #readAll}).
   */
  static List<int[]> hostPositions(String text) {
    List<int[]> positions = new ArrayList<>();
    try {
      for (Node document : composeAll(text)) {
        Node hosts = child(child(document, "spec"), "hosts");
        if (hosts instanceof SequenceNode seq) {
          for (Node item : seq.getValue()) {
            positions.add(
                item.getStartMark()
                    .map(m -> new int[] {m.getLine() + 1, m.getColumn() + 1})
                    .orElse(new int[] {0, 0}));
          }
          return positions;
        }
      }
    } catch (YamlEngineException | StackOverflowError e) {
      return List.of();
    }
    return positions;
  }

  /**
   * Where each key's value starts ({@code [line, column]}, 1-based), by path: {@code
   * spec.k0s.config.spec.network.podCIDR}, {@code tls-san[0]}; an item of a list of mappings with a
   * {@code name} is also reachable by it ({@code addons[metallb].args}). A k0s ClusterConfig
   * document's keys are those of the Cluster's {@code spec.k0s.config}; documents of other kinds
   * are left out. Empty when the text is not YAML (that error is reported by {@link #readAll}).
   */
  static Map<String, int[]> positions(String text) {
    Map<String, int[]> positions = new LinkedHashMap<>();
    // Aliases are shared nodes: the walk is bounded like the copy into plain values.
    long[] budget = {DEFAULT_MAX_NODES};
    try {
      for (Node document : composeAll(text)) {
        Node kind = child(document, "kind");
        String kindName = kind instanceof ScalarNode k ? k.getValue().toLowerCase() : "cluster";
        if (kindName.equals("cluster")) {
          walk(document, "", positions, 0, budget);
        } else if (kindName.equals("clusterconfig")) {
          walk(document, "spec.k0s.config", positions, 0, budget);
        }
      }
    } catch (YamlEngineException | StackOverflowError e) {
      return Map.of();
    }
    return positions;
  }

  private static void walk(
      Node node, String path, Map<String, int[]> out, int depth, long[] budget) {
    if (depth > 64 || --budget[0] < 0) {
      return;
    }
    if (!path.isEmpty()) {
      node.getStartMark()
          .ifPresent(m -> out.put(path, new int[] {m.getLine() + 1, m.getColumn() + 1}));
    }
    if (node instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode key && !key.getValue().equals("<<")) {
          String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
          walk(tuple.getValueNode(), child, out, depth + 1, budget);
        }
      }
    } else if (node instanceof SequenceNode seq) {
      List<Node> items = seq.getValue();
      for (int i = 0; i < items.size(); i++) {
        walk(items.get(i), path + "[" + i + "]", out, depth + 1, budget);
        if (child(items.get(i), "name") instanceof ScalarNode name) {
          walk(items.get(i), path + "[" + name.getValue() + "]", out, depth + 1, budget);
        }
      }
    }
  }

  private static Node child(Node node, String key) {
    if (node instanceof MappingNode map) {
      for (NodeTuple tuple : map.getValue()) {
        if (tuple.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return tuple.getValueNode();
        }
      }
    }
    return null;
  }

  /** A plain scalar resolved as go-yaml's YAML 1.1 resolver does. */
  static Object plain(String text) {
    if (NULL.matcher(text).matches()) {
      return null;
    }
    if (BOOL_TRUE.matcher(text).matches()) {
      return Boolean.TRUE;
    }
    if (BOOL_FALSE.matcher(text).matches()) {
      return Boolean.FALSE;
    }
    String digits = text.replace("_", "");
    try {
      if (HEX.matcher(text).matches()) {
        boolean negative = digits.startsWith("-");
        long v = Long.parseLong(digits.replaceFirst("^[-+]?0x", ""), 16);
        return negative ? -v : v;
      }
      if (OCTAL.matcher(text).matches()) {
        return Long.parseLong(digits, 8);
      }
      if (DECIMAL.matcher(text).matches()) {
        return Long.parseLong(digits);
      }
      if (FLOAT.matcher(text).matches() && !text.equals(".")) {
        return Double.parseDouble(digits);
      }
    } catch (NumberFormatException e) {
      return text;
    }
    return text;
  }
}
