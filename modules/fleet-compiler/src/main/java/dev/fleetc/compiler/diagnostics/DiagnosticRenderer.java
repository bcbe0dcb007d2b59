package dev.fleetc.compiler.diagnostics;

import dev.fleetc.model.Diagnostic;
import java.util.List;

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

  /**
   * @param source the text of the file the diagnostics point into
   */
  public DiagnosticRenderer(String source) {
    this.lines = source.lines().toList();
  }

  public String render(Diagnostic d) {
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
    if (!d.hint().isEmpty()) {
      out.append("  = hint: ").append(d.hint()).append('\n');
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
