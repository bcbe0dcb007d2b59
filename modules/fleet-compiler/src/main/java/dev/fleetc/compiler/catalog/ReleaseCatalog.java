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
  private static final String SUPPORT_RESOURCE = "/dev/fleetc/catalog/tool-support.tsv";
  private static final String BUILDS_RESOURCE = "/dev/fleetc/catalog/builds.tsv";
  private static final String WINDOWS_RESOURCE = "/dev/fleetc/catalog/support-windows.tsv";
  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+)");
  private static final Pattern RELEASE_LINE = Pattern.compile("v?(\\d+\\.\\d+)\\.\\d+");

  /**
   * One usable row of the catalog.
   *
   * @param status verified, upstream-page or secondary (see the file's header); gap rows are never
   *     usable
   */
  public record Row(
      String component, String key, String value, String reference, String status, String notes) {}

  private static volatile ReleaseCatalog builtIn;

  private final Map<String, Map<String, Row>> rows;
  private final Map<String, SupportRange> support;
  private final KnownBuilds builds;
  private final SupportWindows windows;
  private final Map<String, Optional<String>> toolForCache =
      new java.util.concurrent.ConcurrentHashMap<>();

  ReleaseCatalog(List<Row> usable) {
    this(usable, Map.of());
  }

  ReleaseCatalog(List<Row> usable, Map<String, SupportRange> support) {
    this(usable, support, null, null);
  }

  private ReleaseCatalog(
      List<Row> usable,
      Map<String, SupportRange> support,
      KnownBuilds builds,
      SupportWindows windows) {
    this.builds = builds;
    this.windows = windows;
    this.support = Map.copyOf(support);
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
          try (InputStream in = ReleaseCatalog.class.getResourceAsStream(RESOURCE);
              InputStream ranges = ReleaseCatalog.class.getResourceAsStream(SUPPORT_RESOURCE);
              InputStream known = ReleaseCatalog.class.getResourceAsStream(BUILDS_RESOURCE);
              InputStream ends = ReleaseCatalog.class.getResourceAsStream(WINDOWS_RESOURCE)) {
            if (in == null || ranges == null || known == null || ends == null) {
              throw new IllegalStateException("release catalog missing from the class path");
            }
            ReleaseCatalog releases = parse(in);
            String asOf =
                releases
                    .row("catalog", "as-of")
                    .map(Row::value)
                    .orElseThrow(() -> new IllegalStateException("releases.tsv has no as-of row"));
            catalog =
                new ReleaseCatalog(
                    releases.usableRows(),
                    parseSupport(ranges),
                    KnownBuilds.parse(known),
                    SupportWindows.parse(ends, asOf));
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
        usable.add(new Row(cols[0], cols[1], cols[2], cols[3], cols[6], cols[7]));
      }
    }
    return new ReleaseCatalog(usable);
  }

  /** Reads {@code tool-support.tsv}: tool, line, oldest, newest, evidence. */
  static Map<String, SupportRange> parseSupport(InputStream in) throws IOException {
    Map<String, SupportRange> ranges = new TreeMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.startsWith("#") || line.isBlank() || line.startsWith("tool\t")) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols.length < 5) {
        throw new IllegalStateException("tool support row with " + cols.length + " columns");
      }
      ranges.put(
          cols[0] + "\t" + cols[1],
          new SupportRange(
              cols[2].equals("-") ? null : cols[2], cols[3].equals("-") ? null : cols[3], cols[4]));
    }
    return ranges;
  }

  private List<Row> usableRows() {
    List<Row> all = new ArrayList<>();
    rows.values().forEach(byKey -> all.addAll(byKey.values()));
    return all;
  }

  /** Every released build fleetc knows ({@code builds.tsv}); only in the built-in catalog. */
  public KnownBuilds knownBuilds() {
    if (builds == null) {
      throw new IllegalStateException("this catalog was built without builds.tsv");
    }
    return builds;
  }

  /** Upstream support windows ({@code support-windows.tsv}); only in the built-in catalog. */
  public SupportWindows supportWindows() {
    if (windows == null) {
      throw new IllegalStateException("this catalog was built without support-windows.tsv");
    }
    return windows;
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
   * The release a GitOps engine (flux, argocd) installs on a Kubernetes minor: the newest catalog
   * release whose line states a range containing the minor, else the newest release whose line
   * states no range (see {@code tool-support.tsv}). Empty when every line excludes the minor.
   */
  public Optional<String> toolFor(String tool, String kubernetesMinor) {
    // Asked once per cluster with the same few pairs; the catalog never changes.
    return toolForCache.computeIfAbsent(
        tool + "\t" + kubernetesMinor, key -> findToolFor(tool, kubernetesMinor));
  }

  private Optional<String> findToolFor(String tool, String kubernetesMinor) {
    String withRange = null;
    String withoutRange = null;
    for (Row row : rows(tool).values()) {
      String version = row.value();
      Optional<SupportRange> range = supportRange(tool, version);
      if (range.isPresent() && !range.get().contains(kubernetesMinor)) {
        continue;
      }
      boolean stated = range.isPresent() && range.get().stated();
      if (stated && (withRange == null || compareVersions(version, withRange) > 0)) {
        withRange = version;
      } else if (!stated && (withoutRange == null || compareVersions(version, withoutRange) > 0)) {
        withoutRange = version;
      }
    }
    return Optional.ofNullable(withRange != null ? withRange : withoutRange);
  }

  /**
   * The Kubernetes minors a release of a tool supports, by its release line ({@code v2.10.3} is
   * line {@code 2.10}); empty when the line is not in {@code tool-support.tsv}.
   */
  public Optional<SupportRange> supportRange(String tool, String version) {
    Matcher line = RELEASE_LINE.matcher(version);
    if (!line.matches()) {
      return Optional.empty();
    }
    return Optional.ofNullable(support.get(tool + "\t" + line.group(1)));
  }

  /**
   * The Kubernetes minors one release line of a tool (or chart) supports.
   *
   * @param oldest the oldest minor, or {@code null} when no source states a range
   * @param newest the newest minor, or {@code null} when none is stated (no upper bound when {@code
   *     oldest} is set)
   */
  public record SupportRange(String oldest, String newest, String evidence) {

    public boolean stated() {
      return oldest != null;
    }

    public boolean contains(String minor) {
      return !stated()
          || (compareMinors(oldest, minor) <= 0
              && (newest == null || compareMinors(minor, newest) <= 0));
    }

    /** "1.35 to 1.37", "1.25 and later", or "every minor" when no range is known. */
    public String describe() {
      if (!stated()) {
        return "every minor";
      }
      return newest == null ? oldest + " and later" : oldest + " to " + newest;
    }
  }

  /** Orders {@code v2.9.6} before {@code v2.10.0}; tags that are not versions sort first. */
  public static int compareVersions(String a, String b) {
    Matcher x = VERSION.matcher(a);
    Matcher y = VERSION.matcher(b);
    if (!x.matches() || !y.matches()) {
      return Boolean.compare(x.matches(), y.matches());
    }
    return compareMinors(
        x.group(1) + "." + x.group(2) + "." + x.group(3),
        y.group(1) + "." + y.group(2) + "." + y.group(3));
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
