package dev.fleetc.emit.support;

import java.util.regex.Pattern;

/** POSIX shell quoting: any string becomes exactly one word that the shell does not expand. */
public final class ShellQuote {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellQuote() {}

  /** Single quotes around the value, with embedded single quotes written as {@code '\''}. */
  public static String quote(String value) {
    if (!value.isEmpty() && SAFE.matcher(value).matches()) {
      return "'" + value + "'";
    }
    return "'" + value.replace("'", "'\\''") + "'";
  }
}
