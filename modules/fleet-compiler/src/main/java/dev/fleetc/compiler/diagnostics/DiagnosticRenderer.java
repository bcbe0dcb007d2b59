package dev.fleetc.compiler.diagnostics;

import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.TerminalText;
import java.util.ArrayList;
import java.util.HashMap;
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
 *
 * <p>Bounded whatever the input: a quoted source line shows at most {@value #EXCERPT_WIDTH} columns
 * around the caret, messages and hints at most {@value #TEXT_WIDTH} characters, and {@link
 * Diagnostics} keeps at most {@value Diagnostics#MAX_KEPT} diagnostics (the rest are counted in one
 * closing line). Secret values on a quoted line are masked ({@link SecretMasker}). Control, format
 * and line-separator characters in lines, messages and hints are shown escaped ({@link
 * TerminalText}), so that an input cannot forge what the terminal shows.
 */
public final class DiagnosticRenderer {

  /** Widest excerpt of a source line, in characters. */
  public static final int EXCERPT_WIDTH = 120;

  /** Longest message or hint printed, in characters. */
  public static final int TEXT_WIDTH = 500;

  private static final String CUT = "...";

  private final List<String> lines;
  private final Map<String, List<SecretMasker.Span>> secretsByLine = new HashMap<>();
  private final Map<String, String> others;
  private final Map<String, List<String>> otherLines = new HashMap<>();
  private final Redactions redactions;

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
    this(source, others, new Redactions());
  }

  /**
   * @param source the text of the fleet file
   * @param others the text of other files diagnostics may point into (inventories), by name
   * @param redactions the values known to be secret by their use, hidden wherever they show
   */
  public DiagnosticRenderer(String source, Map<String, String> others, Redactions redactions) {
    this.lines = source.lines().toList();
    this.others = others;
    this.redactions = redactions;
  }

  public String render(Diagnostic d) {
    String file = d.position().file();
    List<String> lines =
        others.containsKey(file)
            ? otherLines.computeIfAbsent(file, f -> others.get(f).lines().toList())
            : this.lines;
    StringBuilder out = new StringBuilder();
    if (Diagnostics.isOverflow(d)) {
      return out.append(cut(d.message())).append('\n').toString();
    }
    out.append(d.position())
        .append(": ")
        .append(d.severity().label())
        .append('[')
        .append(d.code())
        .append("]: ")
        .append(cut(redactions.mask(d.message())))
        .append('\n');
    int line = d.position().line();
    if (line > lines.size() && !lines.isEmpty()) {
      line = lines.size(); // an error at the end of the input: show the last line
    }
    if (line >= 1 && line <= lines.size()) {
      String raw = lines.get(line - 1).replace('\t', ' ');
      int column = line == d.position().line() ? d.position().column() : raw.length() + 1;
      column = Math.max(1, Math.min(column, raw.length() + 1));
      // Masking scans the whole line; a line that many diagnostics point into is scanned once.
      String excerpt = lines.get(line - 1);
      boolean csv = others.containsKey(file);
      int lineNumber = line;
      List<SecretMasker.Span> secrets =
          secretsByLine.computeIfAbsent(
              file + "\n" + line, k -> secrets(file, lineNumber, excerpt, csv));
      String masked = SecretMasker.mask(raw, secrets);
      column = SecretMasker.maskedColumn(secrets, column);
      // Controls and invisible characters shown as escapes (TerminalText), the caret moved along.
      column =
          TerminalText.escape(
                      masked.substring(0, Math.max(0, Math.min(column - 1, masked.length()))))
                  .length()
              + 1;
      String text = TerminalText.escape(masked);
      // A window of the line around the caret, marked where it was cut.
      int from = 0;
      int to = text.length();
      if (text.length() > EXCERPT_WIDTH) {
        from = Math.max(0, Math.min(column - 1 - EXCERPT_WIDTH / 2, text.length() - EXCERPT_WIDTH));
        to = Math.min(text.length(), from + EXCERPT_WIDTH);
      }
      String shown =
          (from > 0 ? CUT : "") + text.substring(from, to) + (to < text.length() ? CUT : "");
      column = column - from + (from > 0 ? CUT.length() : 0);
      String number = String.valueOf(line);
      String gutter = " ".repeat(number.length());
      out.append(' ').append(number).append(" | ").append(shown).append('\n');
      out.append(' ').append(gutter).append(" | ").append(" ".repeat(column - 1)).append("^\n");
    }
    for (String hint : d.hint().isEmpty() ? new String[0] : d.hint().split("\n")) {
      // A cluster set's note (sets.Notes) follows the hint on its own line.
      out.append(hint.startsWith("note: ") ? "  = " : "  = hint: ")
          .append(cut(redactions.mask(hint)))
          .append('\n');
    }
    return out.toString();
  }

  /**
   * What to hide on a quoted line: what looks secret on the line itself ({@link SecretMasker}), the
   * scalar or CSV field at each position recorded as secret, and every recorded secret value.
   */
  private List<SecretMasker.Span> secrets(String file, int line, String text, boolean csv) {
    List<SecretMasker.Span> spans = new ArrayList<>(SecretMasker.secrets(text));
    for (int column : redactions.startsOn(file, line)) {
      int start = Math.min(column - 1, text.length());
      int end =
          csv ? SecretMasker.csvFieldEnd(text, start) : SecretMasker.yamlScalarEnd(text, start);
      if (end > start) {
        spans.add(new SecretMasker.Span(start, end));
      }
    }
    spans.addAll(redactions.occurrences(text));
    return Redactions.merge(spans);
  }

  public String renderAll(List<Diagnostic> diagnostics) {
    StringBuilder out = new StringBuilder();
    long errors = 0;
    long warnings = 0;
    for (Diagnostic d : diagnostics) {
      out.append(render(d));
      if (Diagnostics.isOverflow(d)) {
        errors += Diagnostics.omittedErrors(d);
        warnings += Diagnostics.omittedWarnings(d);
      } else if (d.isError()) {
        errors++;
      } else {
        warnings++;
      }
    }
    if (!diagnostics.isEmpty()) {
      out.append(plural(errors, "error")).append(", ").append(plural(warnings, "warning"));
      out.append('\n');
    }
    return out.toString();
  }

  private static String cut(String text) {
    String oneLine = TerminalText.escape(text.replace('\n', ' ').replace('\r', ' '));
    return oneLine.length() <= TEXT_WIDTH
        ? oneLine
        : oneLine.substring(0, TEXT_WIDTH - CUT.length()) + CUT;
  }

  private static String plural(long count, String word) {
    return count + " " + word + (count == 1 ? "" : "s");
  }
}
