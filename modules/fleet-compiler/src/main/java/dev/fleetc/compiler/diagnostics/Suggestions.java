package dev.fleetc.compiler.diagnostics;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean …?": the known word nearest to a misspelling, for hints. */
public final class Suggestions {

  private Suggestions() {}

  /** The known word nearest to a misspelling, if it is near enough to be a typo. */
  public static Optional<String> closest(String word, Collection<String> known) {
    String lower = word.toLowerCase(Locale.ROOT);
    return known.stream()
        .filter(k -> distance(lower, k.toLowerCase(Locale.ROOT)) <= Math.max(2, k.length() / 3))
        .min(
            Comparator.comparingInt((String k) -> distance(lower, k.toLowerCase(Locale.ROOT)))
                .thenComparing(k -> k));
  }

  /** {@code "did you mean 'x'?"} for the closest known word, if any. */
  public static Optional<String> didYouMean(String word, Collection<String> known) {
    return closest(word, known).map(c -> "did you mean '" + c + "'?");
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
