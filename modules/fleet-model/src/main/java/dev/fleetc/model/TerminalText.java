package dev.fleetc.model;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one escaper for text that reaches a terminal: every control character but the line feed and
 * the tab (so CR, ESC, DEL and the C1 set), every format character (bidirectional overrides and
 * isolates, zero-width characters), the line and paragraph separators and lone surrogates are
 * written as {@code \}{@code u001b}-style escapes, so that a value from a CSV cell or an old
 * revision can neither move the cursor, clear a line nor reorder what is shown; a forged "clean"
 * line is not possible. The CLI's standard output and error are wrapped in {@link #writer}
 * (FleetCommand.run), so every command's output passes through it; the diagnostic renderer escapes
 * its lines itself to keep the caret under the right character.
 */
public final class TerminalText {

  // Styling that may pass when written in one piece: `fleet diff --color` and picocli's help on a
  // terminal. Bold, faint, italic, underline, foreground colours (not black) and their resets;
  // never conceal (8), reverse, backgrounds, cursor moves or erases, which could hide or forge
  // text.
  private static final Pattern STYLE = Pattern.compile("\u001b\\[([0-9;]{0,16})m");
  private static final Set<String> STYLE_CODES =
      Set.of(
          "", "0", "1", "2", "3", "4", "21", "22", "23", "24", "31", "32", "33", "34", "35", "36",
          "37", "39");

  private TerminalText() {}

  /** Whether a character is written as an escape (line feed and tab are not). */
  public static boolean mustEscape(int c) {
    if (c == '\n' || c == '\t') {
      return false;
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL,
          Character.FORMAT,
          Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR,
          Character.SURROGATE ->
          true;
      default -> false;
    };
  }

  /** {@code text} with every character {@link #mustEscape} refuses written as an escape. */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      int n = Character.charCount(c);
      if (mustEscape(c)) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        appendEscape(out, c);
      } else if (out != null) {
        out.append(text, i, i + n);
      }
      i += n;
    }
    return out == null ? text : out.toString();
  }

  private static void appendEscape(StringBuilder out, int c) {
    // A backslash, 'u' and four hex digits per UTF-16 unit, as JSON and Java write it: also valid
    // inside JSON output.
    for (char unit : Character.toChars(c)) {
      out.append(String.format(Locale.ROOT, "\\u%04x", (int) unit));
    }
  }

  /**
   * A writer that escapes what it is given (as {@link #escape}) before passing it on; styling
   * sequences written in one piece pass unchanged.
   */
  public static PrintWriter writer(PrintWriter out) {
    return new PrintWriter(new Escaping(out), true);
  }

  private static final class Escaping extends Writer {
    private final PrintWriter out;
    private char pendingHigh;

    Escaping(PrintWriter out) {
      super(out);
      this.out = out;
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      StringBuilder text = new StringBuilder(length + 1);
      if (pendingHigh != 0) {
        text.append(pendingHigh);
        pendingHigh = 0;
      }
      text.append(chars, offset, length);
      // A surrogate pair may be split between two writes: keep a trailing high surrogate.
      if (text.length() > 0 && Character.isHighSurrogate(text.charAt(text.length() - 1))) {
        pendingHigh = text.charAt(text.length() - 1);
        text.setLength(text.length() - 1);
      }
      out.write(escapeKeepingOwnStyles(text.toString()));
    }

    private static String escapeKeepingOwnStyles(String text) {
      if (text.indexOf('\u001b') < 0) {
        return escape(text);
      }
      StringBuilder out = new StringBuilder(text.length() + 16);
      int from = 0;
      Matcher style = STYLE.matcher(text);
      for (int i = text.indexOf('\u001b'); i >= 0; i = text.indexOf('\u001b', i + 1)) {
        if (style.find(i) && style.start() == i && isStyling(style.group(1))) {
          out.append(escape(text.substring(from, i))).append(style.group());
          from = style.end();
          i = style.end() - 1;
        }
      }
      return out.append(escape(text.substring(from))).toString();
    }

    private static boolean isStyling(String parameters) {
      for (String code : parameters.split(";", -1)) {
        if (!STYLE_CODES.contains(code)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void flush() {
      if (pendingHigh != 0) {
        out.write(escape(String.valueOf(pendingHigh)));
        pendingHigh = 0;
      }
      out.flush();
    }

    @Override
    public void close() {
      flush();
    }
  }
}
