package dev.fleetc.compiler.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every released build of {@code builds.tsv}: K3s and k0s tags and MicroK8s tracks per Kubernetes
 * minor, with how complete each stretch of the listing is, and the day each distribution's listing
 * was read.
 */
public final class KnownBuilds {

  /** A K3s or k0s release tag: {@code v1.30.14+k3s2}, {@code v1.33.13+k0s.1}. */
  private static final Pattern TAG = Pattern.compile("v1\\.(\\d+)\\.(\\d+)\\+k(?:3s|0s\\.)(\\d+)");

  private static final Comparator<Build> NEWEST_FIRST =
      Comparator.comparingInt((Build b) -> b.patch).thenComparingInt(b -> b.respin).reversed();

  /**
   * One listed build; {@code olderComplete}: nothing between it and the next older one; {@code
   * released}: its release date as the source prints it, or {@code null} when not seen.
   */
  private record Build(
      String name, int patch, int respin, boolean olderComplete, LocalDate released) {}

  /** What the catalog says about a pinned build. */
  public sealed interface Verdict {}

  /** The build is listed. */
  public record Released() implements Verdict {}

  /**
   * Newer than anything listed for its minor (or a minor newer than any listed): the source may be
   * older than the build.
   *
   * @param newestKnown the newest listed build of the minor, or empty
   * @param knownThrough the day the distribution's listing was read
   */
  public record NewerThanKnown(Optional<String> newestKnown, String knownThrough)
      implements Verdict {}

  /** Within a stretch the listing covers completely, yet not listed: never released. */
  public record NeverReleased(List<String> nearest) implements Verdict {}

  /** In a stretch the catalog did not read (or a pre-release, or a track not seen). */
  public record Unconfirmed(String why) implements Verdict {}

  private final Map<String, Map<String, List<Build>>> builds;
  private final Map<String, String> knownThrough;

  private KnownBuilds(
      Map<String, Map<String, List<Build>>> builds, Map<String, String> knownThrough) {
    this.builds = builds;
    this.knownThrough = knownThrough;
  }

  static KnownBuilds parse(InputStream in) throws IOException {
    Map<String, Map<String, List<Build>>> builds = new TreeMap<>();
    Map<String, String> knownThrough = new TreeMap<>();
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.startsWith("#") || line.isBlank() || line.startsWith("distribution\t")) {
        continue;
      }
      String[] cols = line.split("\t", -1);
      if (cols.length != 8) {
        throw new IllegalStateException("builds.tsv row with " + cols.length + " columns");
      }
      if (cols[1].equals("*")) {
        knownThrough.put(cols[0], cols[3]);
        continue;
      }
      Matcher tag = TAG.matcher(cols[2]);
      LocalDate released = cols[3].equals("-") ? null : LocalDate.parse(cols[3]);
      Build build =
          tag.matches()
              ? new Build(
                  cols[2],
                  Integer.parseInt(tag.group(2)),
                  Integer.parseInt(tag.group(3)),
                  cols[6].equals("complete"),
                  released)
              : new Build(cols[2], 0, 0, cols[6].equals("complete"), released);
      builds
          .computeIfAbsent(cols[0], d -> new TreeMap<>())
          .computeIfAbsent(cols[1], m -> new ArrayList<>())
          .add(build);
    }
    builds.values().forEach(byMinor -> byMinor.values().forEach(l -> l.sort(NEWEST_FIRST)));
    return new KnownBuilds(builds, knownThrough);
  }

  /** The day the distribution's listing was read ("-" when the catalog has none). */
  public String knownThrough(String distribution) {
    return knownThrough.getOrDefault(distribution, "-");
  }

  /** The listed builds of a minor, newest first. */
  public List<String> builds(String distribution, String minor) {
    return builds.getOrDefault(distribution, Map.of()).getOrDefault(minor, List.of()).stream()
        .map(Build::name)
        .toList();
  }

  /** The day a listed build was released, if the catalog lists it with a date. */
  public Optional<LocalDate> released(String distribution, String build) {
    for (List<Build> listed : builds.getOrDefault(distribution, Map.of()).values()) {
      for (Build b : listed) {
        if (b.name.equals(build)) {
          return Optional.ofNullable(b.released);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The oldest listed build of a minor released in {@code month} or later, if any: what to declare
   * instead of a build from an earlier month.
   */
  public Optional<String> oldestReleasedFrom(String distribution, String minor, YearMonth month) {
    List<Build> listed = builds.getOrDefault(distribution, Map.of()).getOrDefault(minor, List.of());
    Build oldest = null;
    for (Build b : listed) { // newest first
      if (b.released != null && !YearMonth.from(b.released).isBefore(month)) {
        oldest = b;
      }
    }
    return Optional.ofNullable(oldest).map(Build::name);
  }

  /**
   * Judges a pinned build of a minor. {@code build} is a K3s/k0s tag or, for MicroK8s, the track
   * part of a channel ({@code 1.31-strict}).
   */
  public Verdict check(String distribution, String minor, String build) {
    Map<String, List<Build>> byMinor = builds.getOrDefault(distribution, Map.of());
    List<Build> listed = byMinor.getOrDefault(minor, List.of());
    String through = knownThrough(distribution);
    if (listed.stream().anyMatch(b -> b.name.equals(build))) {
      return new Released();
    }
    if (listed.isEmpty()) {
      boolean newerMinor =
          byMinor.keySet().stream().allMatch(m -> ReleaseCatalog.compareMinors(m, minor) < 0);
      return newerMinor && !byMinor.isEmpty()
          ? new NewerThanKnown(Optional.empty(), through)
          : new Unconfirmed("the catalog lists no " + distribution + " build of " + minor);
    }
    Matcher tag = TAG.matcher(build);
    if (!tag.matches()) {
      // A MicroK8s track not seen, or a pre-release tag: neither listed nor excluded.
      return new Unconfirmed(
          distribution.equals("microk8s")
              ? "the catalog does not list track " + build
              : "pre-releases are not in the catalog");
    }
    Build pin =
        new Build(
            build, Integer.parseInt(tag.group(2)), Integer.parseInt(tag.group(3)), true, null);
    // listed is newest first: the first one older than the pin, and the one before it.
    int olderAt = 0;
    while (olderAt < listed.size() && NEWEST_FIRST.compare(listed.get(olderAt), pin) < 0) {
      olderAt++;
    }
    if (olderAt == 0) {
      return new NewerThanKnown(Optional.of(listed.get(0).name), through);
    }
    Build newer = listed.get(olderAt - 1);
    if (!newer.olderComplete) {
      return new Unconfirmed(
          "the catalog did not read the " + distribution + " releases before " + newer.name);
    }
    List<String> nearest = new ArrayList<>();
    if (olderAt < listed.size()) {
      nearest.add(listed.get(olderAt).name);
    }
    nearest.add(newer.name);
    return new NeverReleased(nearest);
  }
}
