package dev.fleetc.compiler.catalog;

import dev.fleetc.model.Distribution;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Release facts read from {@code releases.tsv}: component, key, value, reference, release date,
 * evidence, status, notes.
 */
public final class ReleaseCatalog {

  private static final String RESOURCE = "/dev/fleetc/catalog/releases.tsv";
  private static final Pattern MINOR = Pattern.compile("1\\.(\\d+)");
  private static final Pattern SUPPORTS =
      Pattern.compile("supports Kubernetes (\\d+\\.\\d+)-(\\d+\\.\\d+)");

  /** One usable row of the catalog. */
  public record Row(String component, String key, String value, String reference, String notes) {}

  private static volatile ReleaseCatalog builtIn;

  private final Map<String, Map<String, Row>> rows;

  ReleaseCatalog(List<Row> usable) {
    Map<String, Map<String, Row>> byComponent = new TreeMap<>();
    for (Row row : usable) {
      byComponent.computeIfAbsent(row.component(), c -> new TreeMap<>()).put(row.key(), row);
    }
    this.rows = Collections.unmodifiableMap(byComponent);
  }

  /** The catalog that ships inside fleetc; parsed once per process. */
  public static ReleaseCatalog builtIn() {
    ReleaseCatalog catalog = builtIn;
    if (catalog == null) {
      synchronized (ReleaseCatalog.class) {
        catalog = builtIn;
        if (catalog == null) {
          try (InputStream in = ReleaseCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("release catalog missing from the class path");
            }
            catalog = parse(in);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          builtIn = catalog;
        }
      }
    }
    return catalog;
  }

  static ReleaseCatalog parse(InputStream in) throws IOException {
    List<Row> usable = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    boolean header = true;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      if (header) {
        header = false; // the column names
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols.length < 8) {
        throw new IllegalStateException("release catalog row with " + cols.length + " columns");
      }
      boolean gap = cols[2].equals("none-found") || cols[6].equals("gap");
      if (!gap) {
        usable.add(new Row(cols[0], cols[1], cols[2], cols[3], cols[7]));
      }
    }
    return new ReleaseCatalog(usable);
  }

  /** The exact build (K3s/k0s tag, MicroK8s channel) for a Kubernetes minor such as "1.31". */
  public Optional<String> build(Distribution distribution, String kubernetesMinor) {
    return row(distribution.id(), kubernetesMinor).map(Row::value);
  }

  /** The minors the catalog can pin for a distribution, oldest first. */
  public SortedSet<String> minors(Distribution distribution) {
    SortedSet<String> minors = new TreeSet<>(ReleaseCatalog::compareMinors);
    rows.getOrDefault(distribution.id(), Map.of()).keySet().stream()
        .filter(k -> MINOR.matcher(k).matches())
        .forEach(minors::add);
    return minors;
  }

  public Optional<Row> row(String component, String key) {
    return Optional.ofNullable(rows.getOrDefault(component, Map.of()).get(key));
  }

  /** All usable rows of a component, by key. */
  public Map<String, Row> rows(String component) {
    return rows.getOrDefault(component, Map.of());
  }

  /**
   * The newest release of a tool (flux, argocd) whose notes say it supports the minor, else the
   * newest release line that states no range. Empty when none fits.
   */
  public Optional<String> toolFor(String tool, String kubernetesMinor) {
    Row fallback = null;
    for (Row row : rows(tool).values()) {
      Matcher range = SUPPORTS.matcher(row.notes());
      if (range.find()) {
        if (compareMinors(range.group(1), kubernetesMinor) <= 0
            && compareMinors(kubernetesMinor, range.group(2)) <= 0) {
          return Optional.of(row.value());
        }
      } else if (!row.key().equals("latest") || fallback == null) {
        fallback = row;
      }
    }
    return Optional.ofNullable(fallback).map(Row::value);
  }

  /** Orders "1.9" before "1.10". */
  public static int compareMinors(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(Integer.parseInt(x[i]), Integer.parseInt(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length);
  }
}
