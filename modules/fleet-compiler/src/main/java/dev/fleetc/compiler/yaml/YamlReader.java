package dev.fleetc.compiler.yaml;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.model.SourcePosition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Parses YAML text into a {@link YNode} tree, reporting every problem it can find in one pass.
 *
 * <p>Limits keep hostile input cheap: the file size, the nesting depth and the number of nodes
 * after aliases are expanded are bounded, so an alias bomb is rejected after a bounded amount of
 * work instead of exhausting memory.
 */
public final class YamlReader {

  /** Largest fleet file accepted by default, in bytes; see {@link InputLimits}. */
  public static final long MAX_BYTES = InputLimits.DEFAULTS.maxBytes();

  private static final int MAX_ALIASES = 200;

  private final String file;
  private final Diagnostics diagnostics;
  private final InputLimits limits;
  private long nodesSeen;
  // Nodes reached again through an alias: the part of the tree that aliases multiply.
  private long aliasNodes;
  private int insideAlias;
  private final Set<Node> anchorsSeen = Collections.newSetFromMap(new IdentityHashMap<>());
  private boolean budgetReported;

  private YamlReader(String file, Diagnostics diagnostics, InputLimits limits) {
    this.file = file;
    this.diagnostics = diagnostics;
    this.limits = limits;
  }

  /**
   * Reads one YAML document.
   *
   * @return the root node, or empty when the text is not usable YAML (the reason is in {@code
   *     diagnostics})
   */
  public static Optional<YNode> read(String file, String text, Diagnostics diagnostics) {
    return read(file, text, diagnostics, InputLimits.DEFAULTS);
  }

  /** Reads one YAML document within the given limits. */
  public static Optional<YNode> read(
      String file, String text, Diagnostics diagnostics, InputLimits limits) {
    return new YamlReader(file, diagnostics, limits).readDocument(text);
  }

  /**
   * Checks a fleet file's size against the limit, reporting a file that is too large.
   *
   * @return whether the file may be read
   */
  public static boolean withinSizeLimit(
      String file, long bytes, long maxBytes, Diagnostics diagnostics) {
    if (bytes <= maxBytes) {
      return true;
    }
    diagnostics.error(
        ErrorCode.INPUT_LIMIT,
        new SourcePosition(file, 1, 1),
        "the file is larger than " + InputLimits.describeBytes(maxBytes),
        "raise the limit with FLEETC_MAX_FLEET_BYTES if this fleet is really that large");
    return false;
  }

  private Optional<YNode> readDocument(String text) {
    SourcePosition start = new SourcePosition(file, 1, 1);
    if (!withinSizeLimit(
        file, text.getBytes(StandardCharsets.UTF_8).length, limits.maxBytes(), diagnostics)) {
      return Optional.empty();
    }
    // SnakeYAML's time grows faster than the length of a line (a 4 MB line takes seconds), so
    // overlong lines are refused before parsing; honest fleet lines are a few hundred characters.
    int lineStart = 0;
    int lineNumber = 1;
    for (int i = 0; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == '\n') {
        if (i - lineStart > limits.maxScalarChars()) {
          diagnostics.error(
              ErrorCode.INPUT_LIMIT,
              new SourcePosition(file, lineNumber, 1),
              "line " + lineNumber + " is longer than " + limits.maxScalarChars() + " characters",
              "break the value over several lines (a YAML block scalar '|'), or raise"
                  + " FLEETC_MAX_STRING_CHARS");
          return Optional.empty();
        }
        lineStart = i + 1;
        lineNumber++;
      }
    }
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setUseMarks(true)
            .setAllowRecursiveKeys(false)
            .setMaxAliasesForCollections(MAX_ALIASES)
            .setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxBytes()))
            .build();
    List<Node> documents = new ArrayList<>();
    try {
      Iterator<Node> it = new Compose(settings).composeAllFromString(text).iterator();
      while (it.hasNext()) {
        documents.add(it.next());
        if (documents.size() > 1) {
          break;
        }
      }
    } catch (MarkedYamlEngineException e) {
      // An unclosed quote is reported at the end of the file; the quote itself is the useful place.
      boolean unclosedQuote = String.valueOf(e.getContext()).contains("quoted scalar");
      Optional<Mark> mark =
          unclosedQuote
              ? e.getContextMark().or(e::getProblemMark)
              : e.getProblemMark().or(e::getContextMark);
      diagnostics.error(
          ErrorCode.YAML_SYNTAX,
          mark.map(this::position).orElse(start),
          unclosedQuote
              ? "YAML syntax: a quoted string is never closed"
              : "YAML syntax: "
                  + firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()),
          syntaxHint(e));
      return Optional.empty();
    } catch (YamlEngineException | StackOverflowError e) {
      String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      diagnostics.error(
          ErrorCode.INPUT_LIMIT,
          start,
          "the YAML cannot be read safely: " + firstLine(message),
          "remove deep nesting and repeated aliases");
      return Optional.empty();
    }
    if (documents.isEmpty()) {
      diagnostics.error(
          ErrorCode.MISSING_FIELD,
          start,
          "the file is empty",
          "a fleet file starts with 'apiVersion: fleetc.dev/v1alpha1' and 'kind: Fleet'");
      return Optional.empty();
    }
    if (documents.size() > 1) {
      Node second = documents.get(1);
      diagnostics.error(
          ErrorCode.INPUT_LIMIT,
          second.getStartMark().map(this::position).orElse(start),
          "a fleet file holds one YAML document, this one has several",
          "remove the '---' separator and merge the documents");
      return Optional.empty();
    }
    YNode root = convert(documents.get(0), 0, Collections.newSetFromMap(new IdentityHashMap<>()));
    return budgetReported ? Optional.empty() : Optional.ofNullable(root);
  }

  private YNode convert(Node node, int depth, Set<Node> onPath) {
    SourcePosition at = node.getStartMark().map(this::position).orElse(SourcePosition.NONE);
    // Only anchored nodes can be reached twice; below one reached again, every node is a copy.
    boolean aliased = node.getAnchor().isPresent() && !anchorsSeen.add(node);
    if (aliased || insideAlias > 0) {
      aliasNodes++;
    }
    if (aliased) {
      insideAlias++;
    }
    try {
      return convertCounted(node, at, depth, onPath);
    } finally {
      if (aliased) {
        insideAlias--;
      }
    }
  }

  private YNode convertCounted(Node node, SourcePosition at, int depth, Set<Node> onPath) {
    if (++nodesSeen > limits.maxNodes()
        || aliasNodes > limits.maxAliasNodes()
        || depth > limits.maxDepth()
        || onPath.contains(node)) {
      if (!budgetReported) {
        budgetReported = true;
        diagnostics.error(
            ErrorCode.INPUT_LIMIT,
            at,
            depth > limits.maxDepth()
                ? "the YAML is nested deeper than " + limits.maxDepth() + " levels"
                : onPath.contains(node)
                    ? "an alias refers to a node that contains it"
                    : aliasNodes > limits.maxAliasNodes()
                        ? "aliases repeat more than " + limits.maxAliasNodes() + " nodes"
                        : "the YAML has more than " + limits.maxNodes() + " nodes",
            aliasNodes > limits.maxAliasNodes() || onPath.contains(node)
                ? "aliases that multiply each other are an attack on YAML parsers; write the"
                    + " values out"
                : depth > limits.maxDepth()
                    ? "fleet files need fewer than 10 levels; FLEETC_MAX_YAML_DEPTH raises the"
                        + " limit"
                    : "raise FLEETC_MAX_YAML_NODES if this fleet is really that large");
      }
      return null;
    }
    if (node instanceof ScalarNode scalar) {
      if (scalar.getValue().length() > limits.maxScalarChars()) {
        if (!budgetReported) {
          budgetReported = true;
          diagnostics.error(
              ErrorCode.INPUT_LIMIT,
              at,
              "a string longer than " + limits.maxScalarChars() + " characters",
              "a fleet file holds settings, not data; raise FLEETC_MAX_STRING_CHARS if this"
                  + " value belongs here");
        }
        return null;
      }
      return new YScalar(scalar.getValue(), typeOf(scalar), at);
    }
    onPath.add(node);
    try {
      if (node instanceof SequenceNode sequence) {
        List<YNode> items = new ArrayList<>();
        for (Node item : sequence.getValue()) {
          YNode converted = convert(item, depth + 1, onPath);
          if (converted == null) {
            return null;
          }
          items.add(converted);
        }
        return new YSeq(items, at);
      }
      return convertMap((MappingNode) node, at, depth, onPath);
    } finally {
      onPath.remove(node);
    }
  }

  private YMap convertMap(MappingNode mapping, SourcePosition at, int depth, Set<Node> onPath) {
    Map<String, YMap.Entry> entries = new LinkedHashMap<>();
    List<YMap.Entry> merged = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      SourcePosition keyAt = keyNode.getStartMark().map(this::position).orElse(at);
      if (!(keyNode instanceof ScalarNode keyScalar)) {
        diagnostics.error(
            ErrorCode.WRONG_TYPE,
            keyAt,
            "a mapping key must be a plain word, not a list or mapping",
            "write the key as a string");
        continue;
      }
      YNode value = convert(tuple.getValueNode(), depth + 1, onPath);
      if (value == null) {
        return null;
      }
      String key = keyScalar.getValue();
      if (key.equals("<<") && keyScalar.getScalarStyle().toString().equals("PLAIN")) {
        collectMergeKeys(value, merged);
        continue;
      }
      YMap.Entry previous = entries.get(key);
      if (previous != null) {
        diagnostics.error(
            ErrorCode.DUPLICATE_KEY,
            keyAt,
            "duplicate key '" + key + "'",
            "'"
                + key
                + "' is already set at line "
                + previous.keyPosition().line()
                + "; keep one of them");
        continue;
      }
      entries.put(key, new YMap.Entry(key, keyAt, value));
    }
    // Merge keys (<<: *base) fill in what the mapping does not set itself.
    for (YMap.Entry inherited : merged) {
      entries.putIfAbsent(inherited.key(), inherited);
    }
    return new YMap(new ArrayList<>(entries.values()), at);
  }

  private void collectMergeKeys(YNode value, List<YMap.Entry> merged) {
    if (value instanceof YMap map) {
      merged.addAll(map.entries());
    } else if (value instanceof YSeq seq) {
      seq.items().forEach(item -> collectMergeKeys(item, merged));
    } else {
      diagnostics.error(
          ErrorCode.WRONG_TYPE,
          value.position(),
          "a merge key '<<' takes a mapping or a list of mappings",
          "write '<<: *anchor' where '&anchor' names a mapping");
    }
  }

  private static YScalar.Type typeOf(ScalarNode scalar) {
    if (!scalar.isPlain()) {
      return YScalar.Type.STRING;
    }
    Tag tag = scalar.getTag();
    if (Tag.BOOL.equals(tag)) {
      return YScalar.Type.BOOL;
    }
    if (Tag.INT.equals(tag)) {
      return YScalar.Type.INT;
    }
    if (Tag.FLOAT.equals(tag)) {
      return YScalar.Type.FLOAT;
    }
    if (Tag.NULL.equals(tag)) {
      return YScalar.Type.NULL;
    }
    return YScalar.Type.STRING;
  }

  private SourcePosition position(Mark mark) {
    return new SourcePosition(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  private static String syntaxHint(MarkedYamlEngineException e) {
    if (String.valueOf(e.getContext()).contains("quoted scalar")) {
      return "this quote is never closed; close it on the same line, or quote the value with '...'";
    }
    String problem = String.valueOf(e.getProblem());
    if (problem.toLowerCase(java.util.Locale.ROOT).contains("tab")) {
      return "YAML indents with spaces only; replace the tab";
    }
    if (problem.contains("mapping values are not allowed")) {
      return "a value containing ': ' must be quoted";
    }
    if (problem.contains("could not find expected ':'")) {
      return "each line of a mapping is 'key: value'; check the indentation of this line";
    }
    return "check the indentation and quoting around this place";
  }

  private static String firstLine(String text) {
    String trimmed = text.strip();
    int newline = trimmed.indexOf('\n');
    return newline < 0 ? trimmed : trimmed.substring(0, newline);
  }
}
