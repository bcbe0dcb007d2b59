package dev.fleetc.compiler.diagnostics;

import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The secret values a run has seen, by where they were written and by their text, so that no
 * diagnostic prints one. {@link SecretMasker} hides what looks secret from a line alone (the value
 * of a {@code token:} key); this hides what is secret because of its <em>use</em>: a value that
 * lands in a secret-bearing field (an inline secret reported by FLEET-E020, a cluster-set cell
 * substituted into {@code token:}), and every cell of an inventory column whose name or contents
 * look like a credential, whatever field it lands in and whichever diagnostic quotes its line.
 *
 * <p>The renderer hides the scalar or CSV field that starts at each recorded position, and every
 * occurrence of a recorded value (of at least {@value #MIN_VALUE_CHARS} characters) in quoted
 * lines, messages and hints.
 */
public final class Redactions {

  /** Shorter values are hidden where they stand only: masking "1" everywhere would hide all. */
  public static final int MIN_VALUE_CHARS = 4;

  private final Map<String, Map<Integer, Set<Integer>>> starts = new HashMap<>();
  private final Set<String> values = new LinkedHashSet<>();
  // Values by their first MIN_VALUE_CHARS characters: finding them in a text costs one look-up per
  // position of the text, however many values a large inventory's secret column recorded.
  private final Map<String, List<String>> byPrefix = new HashMap<>();

  /** Records a secret value written at {@code at} (the start of its scalar or CSV field). */
  public synchronized void secret(SourcePosition at, String value) {
    if (at.isKnown()) {
      starts
          .computeIfAbsent(at.file(), f -> new HashMap<>())
          .computeIfAbsent(at.line(), l -> new TreeSet<>())
          .add(at.column());
    }
    // A multi-line value (a block scalar, a quoted CSV cell with line breaks) is quoted line by
    // line: each of its lines is hidden wherever it shows.
    for (String line : value.split("\\R")) {
      String text = line.strip();
      if (text.length() >= MIN_VALUE_CHARS && values.add(text)) {
        byPrefix
            .computeIfAbsent(text.substring(0, MIN_VALUE_CHARS), k -> new ArrayList<>())
            .add(text);
      }
    }
  }

  public synchronized void addAll(Redactions other) {
    Map<String, Map<Integer, Set<Integer>>> theirs;
    Set<String> theirValues;
    synchronized (other) {
      theirs = new HashMap<>(other.starts);
      theirValues = new LinkedHashSet<>(other.values);
    }
    theirs.forEach(
        (file, lines) ->
            lines.forEach(
                (line, columns) ->
                    starts
                        .computeIfAbsent(file, f -> new HashMap<>())
                        .computeIfAbsent(line, l -> new TreeSet<>())
                        .addAll(columns)));
    for (String value : theirValues) {
      if (values.add(value)) {
        byPrefix
            .computeIfAbsent(value.substring(0, MIN_VALUE_CHARS), k -> new ArrayList<>())
            .add(value);
      }
    }
  }

  public synchronized boolean isEmpty() {
    return starts.isEmpty() && values.isEmpty();
  }

  /** Equal when the same positions and values were recorded (compile results compare so). */
  @Override
  public boolean equals(Object other) {
    if (this == other) {
      return true;
    }
    if (!(other instanceof Redactions that)) {
      return false;
    }
    Map<String, Map<Integer, Set<Integer>>> theirStarts;
    Set<String> theirValues;
    synchronized (that) {
      theirStarts = new HashMap<>(that.starts);
      theirValues = new LinkedHashSet<>(that.values);
    }
    synchronized (this) {
      return starts.equals(theirStarts) && values.equals(theirValues);
    }
  }

  @Override
  public synchronized int hashCode() {
    return starts.hashCode() * 31 + values.hashCode();
  }

  @Override
  public synchronized String toString() {
    return "Redactions[" + values.size() + " values]"; // never the values themselves
  }

  /** The 1-based columns of {@code line} of {@code file} where a secret starts. */
  synchronized List<Integer> startsOn(String file, int line) {
    Map<Integer, Set<Integer>> lines = starts.get(file);
    Set<Integer> columns = lines == null ? null : lines.get(line);
    return columns == null ? List.of() : List.copyOf(columns);
  }

  /** Where recorded values occur in {@code text}: [start, end) spans, not merged. */
  synchronized List<SecretMasker.Span> occurrences(String text) {
    List<SecretMasker.Span> spans = new ArrayList<>();
    if (byPrefix.isEmpty()) {
      return spans;
    }
    for (int at = 0; at + MIN_VALUE_CHARS <= text.length(); at++) {
      List<String> candidates = byPrefix.get(text.substring(at, at + MIN_VALUE_CHARS));
      if (candidates != null) {
        for (String value : candidates) {
          if (text.startsWith(value, at)) {
            spans.add(new SecretMasker.Span(at, at + value.length()));
          }
        }
      }
    }
    return spans;
  }

  /** The text with every recorded value replaced by {@link SecretMasker#MASK}. */
  public String mask(String text) {
    List<SecretMasker.Span> spans = occurrences(text);
    return spans.isEmpty() ? text : SecretMasker.mask(text, merge(spans));
  }

  /** Spans sorted and joined where they touch or overlap. */
  static List<SecretMasker.Span> merge(List<SecretMasker.Span> spans) {
    List<SecretMasker.Span> sorted = new ArrayList<>(spans);
    sorted.sort(Comparator.comparingInt(SecretMasker.Span::start));
    List<SecretMasker.Span> merged = new ArrayList<>();
    for (SecretMasker.Span s : sorted) {
      if (!merged.isEmpty() && s.start() <= merged.get(merged.size() - 1).end()) {
        SecretMasker.Span last = merged.remove(merged.size() - 1);
        merged.add(new SecretMasker.Span(last.start(), Math.max(last.end(), s.end())));
      } else {
        merged.add(s);
      }
    }
    return merged;
  }
}
