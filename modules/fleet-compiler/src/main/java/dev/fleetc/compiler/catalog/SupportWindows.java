package dev.fleetc.compiler.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * When upstream support ends for each Kubernetes minor and GitOps engine line ({@code
 * support-windows.tsv}), judged against the catalog's own date so that output and diagnostics never
 * depend on the day fleetc runs.
 */
public final class SupportWindows {

  /** The literal for "ended on or before the catalog's date, on a day not seen". */
  private static final String ENDED = "ended";

  /**
   * A line past upstream support at the catalog's date.
   *
   * @param since the day support ended, or empty when only "by the catalog's date" is known
   */
  public record Ended(String component, String line, Optional<String> since) {

    /** "since 2026-08-04" or "by 2026-11-27 (the catalog's date)". */
    public String when(String asOf) {
      return since.map(d -> "since " + d).orElse("by " + asOf + " (the catalog's date)");
    }
  }

  private final String asOf;
  private final Map<String, SortedMap<String, String>> ends;

  private SupportWindows(String asOf, Map<String, SortedMap<String, String>> ends) {
    this.asOf = asOf;
    this.ends = ends;
  }

  static SupportWindows parse(InputStream in, String asOf) throws IOException {
    Map<String, SortedMap<String, String>> ends = new TreeMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.startsWith("#") || line.isBlank() || line.startsWith("component\t")) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols.length != 4) {
        throw new IllegalStateException("support-windows.tsv row with " + cols.length + " columns");
      }
      ends.computeIfAbsent(cols[0], c -> new TreeMap<>(ReleaseCatalog::compareMinors))
          .put(cols[1], cols[2]);
    }
    return new SupportWindows(asOf, ends);
  }

  /** The catalog's date (YYYY-MM-DD). */
  public String asOf() {
    return asOf;
  }

  /** The line (a minor such as "1.31", or "3.2") when it is past support at the catalog's date. */
  public Optional<Ended> ended(String component, String line) {
    String end = ends.getOrDefault(component, new TreeMap<>()).get(line);
    if (end == null || end.equals("-")) {
      return Optional.empty();
    }
    if (end.equals(ENDED)) {
      return Optional.of(new Ended(component, line, Optional.empty()));
    }
    // ISO dates order as strings.
    return end.compareTo(asOf) <= 0
        ? Optional.of(new Ended(component, line, Optional.of(end)))
        : Optional.empty();
  }

  /** The oldest line of a component still supported at the catalog's date. */
  public Optional<String> oldestSupported(String component) {
    return ends.getOrDefault(component, new TreeMap<>()).keySet().stream()
        .filter(line -> ended(component, line).isEmpty())
        .findFirst();
  }
}
