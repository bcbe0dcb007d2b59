package dev.fleetc.compiler;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hides secret values in the source lines that diagnostics quote. A fleet file must hold secret
 * references only; when it holds a value instead, the error about it must not print the value to a
 * terminal or a CI log. Masked: the value of any key that names a secret ({@code token}, {@code
 * password}, {@code secret}, {@code endpoint}, {@code credentials} and keys ending in them, such as
 * {@code agent-token} or {@code datastore-endpoint}), unless it is a {@code {secretRef: ...}}
 * mapping; and the user part of any URL that carries a password ({@code scheme://user:pw@}) or that
 * is http(s) ({@code https://token@}).
 */
public final class SecretMasker {

  /** What replaces a hidden value. */
  public static final String MASK = "*****";

  private static final Pattern SECRET_KEY =
      Pattern.compile(
          "(?i)(?<![A-Za-z0-9_.-])[A-Za-z0-9_.-]*(token|password|passwd|secret|endpoint|credentials?)"
              + "[\"']?\\s*:(\\s+|$)");
  private static final Pattern URL_USER = Pattern.compile("(?i)([a-z][a-z0-9+.-]*)://([^\\s/]*)@");

  /** A part of a line to hide: [start, end). */
  public record Span(int start, int end) {}

  private SecretMasker() {}

  /** The spans of a line to hide, in order, not overlapping. */
  public static List<Span> secrets(String line) {
    List<Span> spans = new ArrayList<>();
    Matcher key = SECRET_KEY.matcher(line);
    while (key.find()) {
      int start = key.end();
      int end = valueEnd(line, start, inFlow(line, key.start()));
      if (end > start) {
        spans.add(new Span(start, end));
      }
    }
    Matcher url = URL_USER.matcher(line);
    while (url.find()) {
      String scheme = url.group(1).toLowerCase(java.util.Locale.ROOT);
      String user = url.group(2);
      if (user.contains(":") || scheme.equals("https") || scheme.equals("http")) {
        spans.add(new Span(url.start(2), url.end(2)));
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
    StringBuilder out = new StringBuilder();
    int at = 0;
    for (Span s : secrets(line)) {
      out.append(line, at, s.start()).append(MASK);
      at = s.end();
    }
    return out.append(line.substring(at)).toString();
  }

  /** Where a 1-based column of the line lands once the line is masked. */
  public static int maskedColumn(String line, int column) {
    int shift = 0;
    for (Span s : secrets(line)) {
      if (column - 1 >= s.end()) {
        shift += MASK.length() - (s.end() - s.start());
      } else if (column - 1 > s.start()) {
        return s.start() + 1 + shift;
      }
    }
    return column + shift;
  }

  private static boolean inFlow(String line, int upTo) {
    int depth = 0;
    for (int i = 0; i < upTo; i++) {
      char c = line.charAt(i);
      if (c == '{' || c == '[') {
        depth++;
      } else if ((c == '}' || c == ']') && depth > 0) {
        depth--;
      }
    }
    return depth > 0;
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
