package dev.fleetc.compiler.values;

import dev.fleetc.model.TerminalText;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for text that reaches output (YAML, shell, Markdown, Mermaid, a terminal): which
 * characters a string read from a fleet file, an inventory cell or an imported file may hold.
 *
 * <p>Refused everywhere: every control character (C0, DEL, C1, which holds U+0085 NEXT LINE), the
 * line and paragraph separators U+2028 and U+2029, every format character (Unicode category Cf: the
 * bidirectional embeddings, overrides and isolates U+202A-U+202E and U+2066-U+2069, the marks
 * U+200E, U+200F and U+061C, zero-width characters, U+FEFF) and a lone surrogate. YAML 1.1 (PyYAML,
 * cloud-init) takes U+0085, U+2028 and U+2029 for line breaks where YAML 1.2 does not; ESC, CR and
 * bidirectional controls can forge what a terminal or a code review shows. None of them has a use
 * in a name, an address, a path or a flag.
 *
 * <p>A line break (LF) and a tab are allowed only in a multi-line value: a value under an escape
 * hatch ({@code k3s.server}, {@code k0s.config}, {@code microk8s.launchConfig}, ...), which is
 * handed to the target's own configuration as written (a Helm values block, a containerd registry
 * file). Everywhere else a value is one line.
 */
public final class OutputText {

  private OutputText() {}

  /** A refused character and where it is in the value. */
  public record Forbidden(int index, int codePoint) {

    /** e.g. "the line separator U+2028"; never the character itself. */
    public String describe() {
      return OutputText.describe(codePoint);
    }
  }

  /**
   * The first character of {@code text} the rule refuses.
   *
   * @param multiLine whether the value may hold line breaks and tabs (escape-hatch values)
   */
  public static Optional<Forbidden> firstForbidden(String text, boolean multiLine) {
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      if (isForbidden(c, multiLine)) {
        return Optional.of(new Forbidden(i, c));
      }
      i += Character.charCount(c);
    }
    return Optional.empty();
  }

  /**
   * Whether one character is refused: exactly those a terminal shows escaped ({@link
   * TerminalText#mustEscape}), and a line break or a tab outside a multi-line value.
   */
  public static boolean isForbidden(int c, boolean multiLine) {
    if (c == '\n' || c == '\t') {
      return !multiLine;
    }
    return TerminalText.mustEscape(c);
  }

  static String describe(int c) {
    String kind =
        switch (c) {
          case '\n' -> "a line break";
          case '\r' -> "a carriage return";
          case '\t' -> "a tab";
          case 0x1b -> "the escape character";
          case 0x85 -> "the next-line character";
          case 0x2028 -> "the line separator";
          case 0x2029 -> "the paragraph separator";
          default -> {
            int type = Character.getType(c);
            if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) {
              yield "the bidirectional control";
            }
            yield type == Character.FORMAT
                ? "the invisible format character"
                : type == Character.SURROGATE ? "a lone surrogate" : "the control character";
          }
        };
    String name = Character.getName(c);
    return kind
        + String.format(Locale.ROOT, " U+%04X", c)
        + (name == null || c == '\n' || c == '\r' || c == '\t' ? "" : " (" + name + ")");
  }
}
