package dev.fleetc.cli.status;

/**
 * Makes a string read from a cluster safe to print on a terminal: control characters (C0, DEL, C1),
 * line and paragraph separators and bidirectional overrides become {@code \\uXXXX}, so a node name
 * or condition message cannot move the cursor, recolour or reorder the output. Kept tiny and
 * private to this package on purpose: a shared escaper can replace {@link #of} one for one.
 */
final class TerminalEscape {

  private TerminalEscape() {}

  static String of(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (unsafe(c)) {
        if (out == null) {
          out = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        out.append(String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  private static boolean unsafe(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e'
        || c == '\u200f'
        || c == '\u061c';
  }
}
