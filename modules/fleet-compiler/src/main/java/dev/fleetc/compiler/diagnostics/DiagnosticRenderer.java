package dev.fleetc.compiler.diagnostics;

import dev.fleetc.model.Diagnostic;
import java.util.List;
import java.util.Map;

/**
 * Prints diagnostics the way compilers do:
 *
 * <pre>
 * fleet.yaml:14:9: error[FLEET-E012]: pod CIDR 10.42.0.0/16 overlaps service CIDR 10.42.128.0/17
 *    14 |     serviceCIDR: 10.42.128.0/17
 *       |         ^
 *   = hint: give services a range outside the pods' range, e.g. 10.43.0.0/16
 * </pre>
 */
public final class DiagnosticRenderer {

  private final List<String> lines;
  private final Map<String, String> others;
  private final Map<String, List<String>> otherLines = new java.util.HashMap<>();

  /**
   * @param source the text of the file the diagnostics point into
   */
  public DiagnosticRenderer(String source) {
    this(source, Map.of());
  }

  /**
   * @param source the text of the fleet file
   * @param others the text of other files diagnostics may point into (inventories), by name
   */
  public DiagnosticRenderer(String source, Map<String, String> others) {
    this.lines = source.lines().toList();
    this.others = others;
  }

  public String render(Diagnostic d) {
    String file = d.position().file();
    List<String> lines =
        others.containsKey(file)
            ? otherLines.computeIfAbsent(file, f -> others.get(f).lines().toList())
            : this.lines;
    StringBuilder out = new StringBuilder();
    out.append(d.position())
        .append(": ")
        .append(d.severity().label())
        .append('[')
        .append(d.code())
        .append("]: ")
        .append(d.message())
        .append('\n');
    int line = d.position().line();
    if (line > lines.size() && !lines.isEmpty()) {
      line = lines.size(); // an error at the end of the input: show the last line
    }
    if (line >= 1 && line <= lines.size()) {
      String text = lines.get(line - 1).replace('\t', ' ');
      String number = String.valueOf(line);
      int column = line == d.position().line() ? d.position().column() : text.length() + 1;
      String gutter = " ".repeat(number.length());
      out.append(' ').append(number).append(" | ").append(text).append('\n');
      column = Math.max(1, Math.min(column, text.length() + 1));
      out.append(' ').append(gutter).append(" | ").append(" ".repeat(column - 1)).append("^\n");
    }
    for (String hint : d.hint().isEmpty() ? new String[0] : d.hint().split("\n")) {
      // A cluster set's note (sets.Notes) follows the hint on its own line.
      out.append(hint.startsWith("note: ") ? "  = " : "  = hint: ").append(hint).append('\n');
    }
    return out.toString();
  }

  public String renderAll(List<Diagnostic> diagnostics) {
    StringBuilder out = new StringBuilder();
    diagnostics.forEach(d -> out.append(render(d)));
    long errors = diagnostics.stream().filter(Diagnostic::isError).count();
    long warnings = diagnostics.size() - errors;
    if (!diagnostics.isEmpty()) {
      out.append(plural(errors, "error")).append(", ").append(plural(warnings, "warning"));
      out.append('\n');
    }
    return out.toString();
  }

  private static String plural(long count, String word) {
    return count + " " + word + (count == 1 ? "" : "s");
  }
}
