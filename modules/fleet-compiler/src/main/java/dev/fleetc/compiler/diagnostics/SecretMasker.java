package dev.fleetc.compiler.diagnostics;

import java.util.ArrayList;
import java.util.List;

/**
 * Hides secret values in the source lines that diagnostics quote. A fleet file must hold secret
 * references only; when it holds a value instead, the error about it must not print the value to a
 * terminal or a CI log. Masked: the value of any key that names a secret ({@code token}, {@code
 * password}, {@code secret}, {@code endpoint}, {@code credentials} and keys ending in them, such as
 * {@code agent-token} or {@code datastore-endpoint}, but not {@code apiEndpoint}, an address),
 * unless it is a {@code {secretRef: ...}} mapping; and the user part of any URL that carries a
 * password ({@code scheme://user:pw@}) or that is http(s) ({@code https://token@}).
 */
public final class SecretMasker {

  /** What replaces a hidden value. */
  public static final String MASK = "*****";

  private static final List<String> SECRET_KEY_ENDINGS =
      List.of("token", "password", "passwd", "secret", "endpoint", "credential", "credentials");

  /** A part of a line to hide: [start, end). */
  public record Span(int start, int end) {}

  private SecretMasker() {}

  /** The spans of a line to hide, in order, not overlapping. Linear in the line's length. */
  public static List<Span> secrets(String line) {
    List<Span> spans = new ArrayList<>();
    int depth = 0; // open flow collections before the current position
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && depth > 0) {
        depth--;
      } else if (c == ':'
          && (i + 1 == line.length() || Character.isWhitespace(line.charAt(i + 1)))
          && isSecretKey(line, i)) {
        int start = i + 1;
        while (start < line.length() && Character.isWhitespace(line.charAt(start))) {
          start++;
        }
        int end = valueEnd(line, start, depth > 0);
        if (end > start) {
          spans.add(new Span(start, end));
        }
      }
    }
    for (int at = line.indexOf("://"); at > 0; at = line.indexOf("://", at + 3)) {
      int schemeStart = at;
      while (schemeStart > 0 && isSchemeChar(line.charAt(schemeStart - 1))) {
        schemeStart--;
      }
      String scheme = line.substring(schemeStart, at).toLowerCase(java.util.Locale.ROOT);
      int userStart = at + 3;
      int userEnd = userStart;
      int lastAt = -1;
      while (userEnd < line.length()
          && line.charAt(userEnd) != '/'
          && !Character.isWhitespace(line.charAt(userEnd))) {
        if (line.charAt(userEnd) == '@') {
          lastAt = userEnd;
        }
        userEnd++;
      }
      if (lastAt > userStart) {
        String user = line.substring(userStart, lastAt);
        if (user.contains(":") || scheme.endsWith("https") || scheme.endsWith("http")) {
          spans.add(new Span(userStart, lastAt));
        }
      }
    }
    spans.sort(java.util.Comparator.comparingInt(Span::start));
    List<Span> merged = new ArrayList<>();
    for (Span s : spans) {
      if (!merged.isEmpty() && s.start() <= merged.get(merged.size() - 1).end()) {
        Span last = merged.remove(merged.size() - 1);
        merged.add(new Span(last.start(), Math.max(last.end(), s.end())));
      } else {
        merged.add(s);
      }
    }
    return merged;
  }

  /** The line with its secrets replaced by {@link #MASK}. */
  public static String mask(String line) {
    return mask(line, secrets(line));
  }

  /** The line with the given spans (from {@link #secrets}) replaced by {@link #MASK}. */
  public static String mask(String line, List<Span> spans) {
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (Span s : spans) {
      out.append(line, at, s.start()).append(MASK);
      at = s.end();
    }
    return out.append(line.substring(at)).toString();
  }

  /** Where a 1-based column of the line lands once the line is masked. */
  public static int maskedColumn(String line, int column) {
    return maskedColumn(secrets(line), column);
  }

  /** Where a 1-based column lands once the spans (from {@link #secrets}) are masked. */
  public static int maskedColumn(List<Span> spans, int column) {
    int shift = 0;
    for (Span s : spans) {
      if (column - 1 >= s.end()) {
        shift += MASK.length() - (s.end() - s.start());
      } else if (column - 1 > s.start()) {
        return s.start() + 1 + shift;
      }
    }
    return column + shift;
  }

  /**
   * Whether a key names a secret-bearing field ({@code token}, {@code agent-token}, {@code
   * datastore-endpoint}, {@code vpn-auth}, ...), as this class masks them on a line.
   */
  public static boolean isSecretKey(String key) {
    String k = key.toLowerCase(java.util.Locale.ROOT);
    return !k.equals("apiendpoint")
        && (SECRET_KEY_ENDINGS.stream().anyMatch(k::endsWith) || k.endsWith("-auth"));
  }

  private static final java.util.regex.Pattern CREDENTIAL_NAME =
      java.util.regex.Pattern.compile(
          "(?i).*(token|passw|passwd|secret|credential|api[_-]?key|private[_-]?key|access[_-]?key"
              + "|auth|cookie|session).*");

  /** Whether a name (an inventory column, an environment variable) sounds like a credential. */
  public static boolean isCredentialName(String name) {
    return CREDENTIAL_NAME.matcher(name).matches();
  }

  private static final java.util.regex.Pattern CREDENTIAL_VALUE =
      java.util.regex.Pattern.compile(
          "("
              + "AKIA[0-9A-Z]{16}" // AWS access key id
              + "|gh[pousr]_[A-Za-z0-9]{20,}" // GitHub tokens
              + "|github_pat_[A-Za-z0-9_]{20,}"
              + "|glpat-[A-Za-z0-9_-]{20,}" // GitLab
              + "|xox[abposr]-[A-Za-z0-9-]{10,}" // Slack
              + "|sk_live_[A-Za-z0-9]{10,}" // Stripe
              + "|K10[0-9a-f]{20,}::" // a K3s secure join token
              + "|-----BEGIN [A-Z ]*PRIVATE KEY-----"
              + "|eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}" // a JWT
              + ")");

  /** Whether a value looks like a credential by itself (a known token format, a URL password). */
  public static boolean looksLikeCredential(String value) {
    return value.length() >= 8 && (hasUrlPassword(value) || CREDENTIAL_VALUE.matcher(value).find());
  }

  /** Whether a URL in the text carries a password ({@code scheme://user:pw@host}). Linear. */
  public static boolean hasUrlPassword(String text) {
    for (int at = text.indexOf("://"); at >= 0; at = text.indexOf("://", at + 3)) {
      boolean colon = false;
      for (int i = at + 3; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '/' || Character.isWhitespace(c)) {
          break;
        }
        if (c == '@') {
          if (colon) {
            return true;
          }
          break;
        }
        colon |= c == ':';
      }
    }
    return false;
  }

  /**
   * The end of the YAML scalar that starts at {@code start} (0-based) of the line: a plain or
   * quoted scalar, in block or flow context; {@code start} itself when none starts there.
   */
  public static int yamlScalarEnd(String line, int start) {
    int depth = 0;
    for (int i = 0; i < start && i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && depth > 0) {
        depth--;
      }
    }
    return valueEnd(line, start, depth > 0);
  }

  /**
   * The end of the CSV field that starts at {@code start} (0-based) of the line: up to the next
   * comma, or past the closing quote of a quoted field (the rest of the line when the field goes on
   * on the next line).
   */
  public static int csvFieldEnd(String line, int start) {
    if (start >= line.length()) {
      return start;
    }
    if (line.charAt(start) == '"') {
      int i = start + 1;
      while (i < line.length()) {
        if (line.charAt(i) == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            i += 2;
            continue;
          }
          return i + 1;
        }
        i++;
      }
      return line.length();
    }
    int comma = line.indexOf(',', start);
    return comma < 0 ? line.length() : comma;
  }

  /** Whether the word before the ':' at {@code colon} (quotes allowed) names a secret. */
  private static boolean isSecretKey(String line, int colon) {
    int end = colon;
    if (end > 0 && (line.charAt(end - 1) == '"' || line.charAt(end - 1) == '\'')) {
      end--;
    }
    int start = end;
    while (start > 0 && isKeyChar(line.charAt(start - 1))) {
      start--;
    }
    // apiEndpoint is an address, not a credential; the message quotes it anyway.
    return isSecretKey(line.substring(start, end));
  }

  private static boolean isKeyChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.';
  }

  private static boolean isSchemeChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '+'
        || c == '.'
        || c == '-';
  }

  /** The end of the scalar starting at {@code start}; {@code start} itself when it is no secret. */
  private static int valueEnd(String line, int start, boolean flow) {
    if (start >= line.length()) {
      return start;
    }
    char first = line.charAt(start);
    if (first == '{'
        || first == '['
        || first == '&'
        || first == '*'
        || first == '|'
        || first == '>'
        || first == '#') {
      return start; // a reference mapping, an anchor or alias, a block scalar, a comment
    }
    if (first == '"' || first == '\'') {
      int i = start + 1;
      while (i < line.length()) {
        char c = line.charAt(i);
        if (first == '"' && c == '\\') {
          i += 2;
          continue;
        }
        if (c == first) {
          if (first == '\'' && i + 1 < line.length() && line.charAt(i + 1) == '\'') {
            i += 2;
            continue;
          }
          return i + 1;
        }
        i++;
      }
      return line.length(); // unclosed: hide the rest
    }
    int end = start;
    while (end < line.length()) {
      char c = line.charAt(end);
      if (flow && (c == ',' || c == '}' || c == ']')) {
        break;
      }
      if (c == '#' && end > start && Character.isWhitespace(line.charAt(end - 1))) {
        break;
      }
      end++;
    }
    while (end > start && Character.isWhitespace(line.charAt(end - 1))) {
      end--;
    }
    return end;
  }
}
