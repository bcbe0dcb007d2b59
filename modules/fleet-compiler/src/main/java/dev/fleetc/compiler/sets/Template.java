package dev.fleetc.compiler.sets;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.diagnostics.SecretMasker;
import dev.fleetc.compiler.values.OutputText;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cluster entry whose strings (keys and values) may hold {@code {{column}}} placeholders, stamped
 * once per inventory row. A stamped string stands where its row's cell stands, so whatever is wrong
 * with the result is reported at the cell that made it so.
 */
final class Template {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");

  private final YMap entry;
  private final int nodeCount;
  private final List<Stencil> stencils = new ArrayList<>();
  private long fixedChars;

  /** A string with placeholders: its length without them, and the column of each one. */
  private record Stencil(long fixedLength, List<String> columns, SourcePosition at) {}

  Template(YMap entry) {
    this.entry = entry;
    this.nodeCount = count(entry);
    visit(
        entry,
        (text, at) -> {
          Matcher m = PLACEHOLDER.matcher(text);
          List<String> columns = new ArrayList<>();
          long placeholders = 0;
          while (m.find()) {
            columns.add(m.group(1));
            placeholders += m.end() - m.start();
          }
          if (columns.isEmpty()) {
            fixedChars += text.length();
          } else {
            stencils.add(new Stencil(text.length() - placeholders, columns, at));
          }
        });
  }

  /** What stamping a row costs in characters, and the first string that would be too long. */
  record Cost(long chars, SourcePosition tooLongAt, long tooLongChars) {}

  /**
   * The characters one row stamps (keys and values), counted before anything is stamped: a
   * placeholder repeated thousands of times over a long cell costs what it expands to, which the
   * node budget does not see.
   *
   * @param maxStringChars the longest string allowed; the first stamped string longer than it is
   *     named in the result
   */
  Cost cost(Inventory.Row row, long maxStringChars) {
    long total = fixedChars;
    for (Stencil stencil : stencils) {
      long length = stencil.fixedLength();
      for (String column : stencil.columns()) {
        Inventory.Cell cell = row.cells().get(column);
        length += cell == null ? 0 : cell.text().length();
      }
      if (length > maxStringChars) {
        return new Cost(total + length, stencil.at(), length);
      }
      total += length;
    }
    return new Cost(total, null, 0);
  }

  YMap entry() {
    return entry;
  }

  /** The YAML nodes one stamped cluster holds, for the node budget. */
  int nodeCount() {
    return nodeCount;
  }

  /** Each column the template names, with every place that names it, in file order. */
  Map<String, List<SourcePosition>> uses() {
    Map<String, List<SourcePosition>> uses = new LinkedHashMap<>();
    visit(
        entry,
        (text, at) -> {
          Matcher m = PLACEHOLDER.matcher(text);
          while (m.find()) {
            uses.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(at);
          }
        });
    return uses;
  }

  /**
   * The columns whose cells land in a secret-bearing field: a string under a key that names a
   * secret ({@code token}, {@code endpoint}, {@code vpn-auth}, ...), not a {@code secretRef} (which
   * names where a secret is, not the secret).
   */
  Set<String> secretColumns() {
    Set<String> columns = new LinkedHashSet<>();
    secretColumns(entry, "", columns);
    return columns;
  }

  private static void secretColumns(YNode node, String key, Set<String> columns) {
    if (node instanceof YScalar scalar) {
      if (!key.equals("secretRef") && SecretMasker.isSecretKey(key)) {
        Matcher m = PLACEHOLDER.matcher(scalar.text());
        while (m.find()) {
          columns.add(m.group(1));
        }
      }
    } else if (node instanceof YSeq seq) {
      seq.items().forEach(item -> secretColumns(item, key, columns));
    } else if (node instanceof YMap map) {
      map.entries().forEach(e -> secretColumns(e.value(), e.key(), columns));
    }
  }

  /** The cluster entry for one row; keys that collide once stamped are reported. */
  YMap stamp(Inventory.Row row, Diagnostics diagnostics) {
    return (YMap) stamp(entry, row, diagnostics);
  }

  private YNode stamp(YNode node, Inventory.Row row, Diagnostics diagnostics) {
    if (node instanceof YScalar scalar) {
      Stamped s = stamp(scalar.text(), scalar.position(), row);
      return s == null ? scalar : new YScalar(s.text(), scalar.type(), s.position());
    }
    if (node instanceof YSeq seq) {
      List<YNode> items = new ArrayList<>(seq.items().size());
      seq.items().forEach(item -> items.add(stamp(item, row, diagnostics)));
      return new YSeq(items, seq.position());
    }
    YMap map = (YMap) node;
    Map<String, YMap.Entry> entries = new LinkedHashMap<>();
    for (YMap.Entry e : map.entries()) {
      Stamped key = stamp(e.key(), e.keyPosition(), row);
      YMap.Entry stamped =
          key == null
              ? new YMap.Entry(e.key(), e.keyPosition(), stamp(e.value(), row, diagnostics))
              : new YMap.Entry(key.text(), key.position(), stamp(e.value(), row, diagnostics));
      if (entries.putIfAbsent(stamped.key(), stamped) != null) {
        diagnostics.error(
            ErrorCode.DUPLICATE_KEY,
            stamped.keyPosition(),
            "duplicate key '" + stamped.key() + "' once this row is filled in",
            "the template's keys must stay distinct for every row");
      }
    }
    return new YMap(new ArrayList<>(entries.values()), map.position());
  }

  private record Stamped(String text, SourcePosition position) {}

  // Null when the text holds no placeholder, so the template's own node is reused.
  private static Stamped stamp(String text, SourcePosition at, Inventory.Row row) {
    if (text.indexOf("{{") < 0) {
      return null;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    SourcePosition position = null;
    boolean unsafe = false;
    while (m.find()) {
      Inventory.Cell cell = row.cells().get(m.group(1));
      String value = cell == null ? "" : cell.text();
      if (cell != null
          && (position == null
              || (!unsafe && OutputText.firstForbidden(value, false).isPresent()))) {
        // The string stands at its first cell, or at the first cell with a refused character,
        // so that OutputTextChecks points at the cell to fix.
        unsafe = position != null || OutputText.firstForbidden(value, false).isPresent();
        position = cell.position();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    if (position == null) {
      return null;
    }
    // A refused character in the template's own text, not in a cell: the template is the place.
    if (!unsafe
        && OutputText.firstForbidden(PLACEHOLDER.matcher(text).replaceAll(""), false).isPresent()) {
      position = at;
    }
    m.appendTail(out);
    return new Stamped(out.toString(), position);
  }

  private static void visit(YNode node, BiConsumer<String, SourcePosition> strings) {
    if (node instanceof YScalar scalar) {
      strings.accept(scalar.text(), scalar.position());
    } else if (node instanceof YSeq seq) {
      seq.items().forEach(item -> visit(item, strings));
    } else if (node instanceof YMap map) {
      for (YMap.Entry e : map.entries()) {
        strings.accept(e.key(), e.keyPosition());
        visit(e.value(), strings);
      }
    }
  }

  private static int count(YNode node) {
    if (node instanceof YSeq seq) {
      return 1 + seq.items().stream().mapToInt(Template::count).sum();
    }
    if (node instanceof YMap map) {
      return 1 + map.entries().stream().mapToInt(e -> count(e.value())).sum();
    }
    return 1;
  }
}
