package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No pin fleetc writes rests on third-party evidence: every component version of every example and
 * golden cluster comes from a catalog row whose status is {@code verified} or {@code
 * upstream-page}, never {@code secondary} (see {@code catalog/releases.tsv}).
 */
class NoSecondaryPinTest {

  private static final List<Path> FOLDERS =
      List.of(Path.of("..", "..", "fleet-examples"), Path.of("src", "test", "resources", "golden"));

  @Test
  void everyEmittedPinRestsOnUpstreamEvidence() throws IOException {
    ReleaseCatalog catalog = ReleaseCatalog.builtIn();
    TreeSet<String> pins = new TreeSet<>();
    List<String> secondary = new ArrayList<>();
    for (Cluster cluster : clusters()) {
      String minor = cluster.release().kubernetesMinor();
      String distribution = cluster.distribution().id();
      // The distribution's build when the catalog chose it.
      catalog
          .row(distribution, minor)
          .filter(r -> r.value().equals(cluster.release().version()))
          .ifPresent(r -> check(distribution + " " + r.value(), Optional.of(r), pins, secondary));
      for (Map.Entry<String, String> pin : cluster.release().components().entrySet()) {
        check(
            pin.getKey() + " " + pin.getValue(),
            row(catalog, pin.getKey(), pin.getValue()),
            pins,
            secondary);
      }
    }
    assertThat(pins)
        .anyMatch(p -> p.startsWith("velero "))
        .anyMatch(p -> p.startsWith("chart/velero "));
    assertThat(secondary).as("pins resting on secondary evidence").isEmpty();
  }

  private static void check(
      String pin, Optional<ReleaseCatalog.Row> row, TreeSet<String> pins, List<String> secondary) {
    assertThat(row).as("the catalog row of %s", pin).isPresent();
    pins.add(pin);
    if (row.get().status().equals("secondary") && !secondary.contains(pin)) {
      secondary.add(pin);
    }
  }

  private static Optional<ReleaseCatalog.Row> row(
      ReleaseCatalog catalog, String component, String version) {
    if (component.startsWith("chart/")) {
      return catalog.row("chart", component.substring("chart/".length()));
    }
    Optional<ReleaseCatalog.Row> latest = catalog.row(component, "latest");
    if (latest.isPresent() && latest.get().value().equals(version)) {
      return latest;
    }
    return catalog.rows(component).values().stream()
        .filter(r -> r.value().equals(version))
        .findFirst();
  }

  private static boolean isFleet(Path file) {
    return file.getFileName().toString().endsWith("fleet.yaml")
        && !file.toString().contains("expected");
  }

  private static List<Cluster> clusters() throws IOException {
    List<Cluster> clusters = new ArrayList<>();
    for (Path folder : FOLDERS) {
      try (Stream<Path> files = Files.walk(folder)) {
        for (Path file : files.filter(NoSecondaryPinTest::isFleet).sorted().toList()) {
          ExampleFleets.compile(file).fleet().map(Fleet::clusters).ifPresent(clusters::addAll);
        }
      }
    }
    assertThat(clusters).isNotEmpty();
    return clusters;
  }
}
