package dev.fleetc.compiler.values;

import java.util.regex.Pattern;

/** Names the first character of a value that a pattern does not allow, for messages. */
final class Characters {

  private Characters() {}

  static String describeFirstUnsafe(String value, Pattern allowed) {
    for (int i = 0; i < value.length(); ) {
      int c = value.codePointAt(i);
      String one = new String(Character.toChars(c));
      if (!allowed.matcher(one).matches()) {
        return describe(c);
      }
      i += Character.charCount(c);
    }
    return "a character that is not allowed";
  }

  static String describe(int c) {
    if (c == '\n') {
      return "a line break";
    }
    if (c == '\t' || c == ' ' || Character.isWhitespace(c)) {
      return "white space";
    }
    if (Character.isISOControl(c)) {
      return String.format("the control character U+%04X", c);
    }
    if (c > 0x7e) {
      return String.format("the non-ASCII character U+%04X", c);
    }
    return "'" + (char) c + "'";
  }

  /** True for a line break, NUL or any other control character. */
  static boolean hasControl(String value) {
    return value.chars().anyMatch(Character::isISOControl);
  }
}
