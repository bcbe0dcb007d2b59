package dev.fleetc.compiler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: a line separator, a control or a bidirectional override in an imported file (or on the
 * command line) stops the import with FLEET-E065 naming the file and the key, instead of being
 * carried into the fleet and on into every generated file.
 */
class ImportedTextTest {

  private static FleetImporter.Result run(
      List<FleetImporter.Source> k0sctl, List<FleetImporter.NodeSource> k3s) {
    return new FleetImporter(ReleaseCatalog.builtIn())
        .run(new FleetImporter.Request("f", k0sctl, "k3s", null, k3s, "microk8s", null, List.of()));
  }

  private static final String K0SCTL =
      """
      apiVersion: k0sctl.k0sproject.io/v1beta1
      kind: Cluster
      metadata: {name: edge}
      spec:
        hosts:
          - role: single
            ssh: {address: 10.0.0.5, user: ops, keyPath: /keys/id}
            hostname: HOSTNAME
        k0s:
          version: v1.31.2+k0s.0
          config:
            spec:
              extensions:
                helm:
                  charts:
                    - {name: a, chartname: r/a, version: "1.0", namespace: a, values: "x: 1\\ny: 2\\n"}
      """;

  @Test
  void aCleanFileImportsAndAMultiLineValueIsFine() {
    FleetImporter.Result result =
        run(
            List.of(new FleetImporter.Source("k0sctl.yaml", K0SCTL.replace("HOSTNAME", "edge-1"))),
            List.of());
    assertThat(result.report().entries()).noneMatch(e -> e.code().equals(ImportReport.UNSAFE));
    assertThat(result.fleet()).isPresent();
  }

  @Test
  void aLineSeparatorInAK0sctlValueStopsTheImport() {
    FleetImporter.Result result =
        run(
            List.of(
                new FleetImporter.Source(
                    "k0sctl.yaml", K0SCTL.replace("HOSTNAME", "\"edge-1\\u2028bootcmd: x\""))),
            List.of());
    assertThat(result.fleet()).isEmpty();
    assertThat(result.report().entries())
        .filteredOn(e -> e.code().equals("FLEET-E065"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.file()).isEqualTo("k0sctl.yaml");
              assertThat(e.message())
                  .contains("'spec.hosts[0].hostname'")
                  .contains("U+2028")
                  .doesNotContain("\u2028");
            });
  }

  @Test
  void anEscapeInAK3sKeyOrAnOverrideInANodeNameStopsTheImport() {
    FleetImporter.Result result =
        run(
            List.of(),
            List.of(
                new FleetImporter.NodeSource(
                    "node\u202e1",
                    "10.0.0.1",
                    false,
                    new FleetImporter.Source(
                        "config.yaml", "token: x\n\"data-dir\\e[2K\": /var/lib/k3s\n"))));
    assertThat(result.fleet()).isEmpty();
    assertThat(result.report().entries())
        .filteredOn(e -> e.code().equals("FLEET-E065"))
        .extracting(ImportReport.Entry::toString)
        .anySatisfy(e -> assertThat(e).startsWith("config.yaml: error").contains("U+001B"))
        .anySatisfy(e -> assertThat(e).startsWith("(command line): error").contains("U+202E"));
  }
}
