package dev.fleetc.compiler.sets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.SourcePosition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cluster sets expand into the clusters one would have written by hand, and say where from. */
class ClusterSetsTest {

  private static final String HEAD =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: shops}
      profiles:
        edge: {distribution: k3s, kubernetes: "1.35", datastore: {type: sqlite}, gitops: {engine: none}}
      """;

  private static final String SET =
      HEAD
          + """
          clusterSets:
            - name: stores
              profile: edge
              inventory: inv/stores.csv
              cluster:
                name: "store-{{id}}"
                region: "{{region}}"
                labels: {store: "{{id}}"}
                token: {secretRef: "env:STORE_{{id}}_TOKEN"}
                nodes:
                  - {name: "store-{{id}}-a", address: "{{subnet}}.11", role: control-plane}
          """;

  private static final String CSV = "id,region,subnet\n0001,eu,10.1.1\n0002,us,10.1.2\n";

  private static CompileResult compile(String fleet, String csv) {
    return compile(fleet, Map.of("inv/stores.csv", csv));
  }

  private static CompileResult compile(String fleet, Map<String, String> files) {
    return new FleetCompiler()
        .compile(
            "dir/fleet.yaml",
            fleet,
            (path, max) -> {
              String text = files.get(path);
              if (text == null) {
                throw new InventoryFiles.Unreadable("no such file");
              }
              return text;
            });
  }

  private static List<String> codes(CompileResult result) {
    return result.diagnostics().stream().map(Diagnostic::code).toList();
  }

  @Test
  void aSetIsTheSameFleetAsItsMembersWrittenByHand() {
    String byHand =
        HEAD
            + """
            clusters:
              - name: store-0001
                profile: edge
                region: eu
                labels: {store: "0001"}
                token: {secretRef: env:STORE_0001_TOKEN}
                nodes:
                  - {name: store-0001-a, address: 10.1.1.11, role: control-plane}
              - name: store-0002
                profile: edge
                region: us
                labels: {store: "0002"}
                token: {secretRef: env:STORE_0002_TOKEN}
                nodes:
                  - {name: store-0002-a, address: 10.1.2.11, role: control-plane}
            """;
    CompileResult stamped = compile(SET, CSV);
    CompileResult written = new FleetCompiler().compile("dir/fleet.yaml", byHand);
    assertThat(stamped.diagnostics()).isEmpty();
    // Equal once positions are set aside: those say where each value was written, and differ.
    assertThat(withoutProvenance(stamped.fleet().orElseThrow().clusters()))
        .isEqualTo(withoutProvenance(written.fleet().orElseThrow().clusters()));
    assertThat(stamped.origins())
        .containsEntry("store-0002", "set stores, dir/inv/stores.csv row 2");
    assertThat(stamped.sources()).containsEntry("dir/inv/stores.csv", CSV);
    assertThat(stamped.fleet().get().cluster("store-0002").get().provenance().get("region"))
        .satisfies(
            p ->
                assertThat(p.position()).isEqualTo(new SourcePosition("dir/inv/stores.csv", 3, 6)));
  }

  private static List<Cluster> withoutProvenance(List<Cluster> clusters) {
    return clusters.stream().map(c -> c.withProvenance(Map.of())).toList();
  }

  @Test
  void inlineMembersWorkWithoutAFile() {
    String fleet =
        SET.replace(
            "inventory: inv/stores.csv",
            "members:\n        - {id: \"0001\", region: eu, subnet: 10.1.1}");
    CompileResult result = new FleetCompiler().compile("fleet.yaml", fleet);
    assertThat(result.diagnostics()).isEmpty();
    assertThat(result.fleet().get().clusters())
        .extracting(Cluster::name)
        .containsExactly("store-0001");
    assertThat(result.origins()).containsEntry("store-0001", "set stores, fleet.yaml row 1");
  }

  @Test
  void aPlaceholderNamingNoColumnIsAnErrorAtTheTemplate() {
    CompileResult result = compile(SET.replace("{{region}}", "{{regoin}}"), CSV);
    assertThat(result.fleet()).isEmpty();
    // The column it meant is unused, hence the warning next to the error.
    assertThat(codes(result)).containsExactly("FLEET-W014", "FLEET-E060");
    assertThat(result.diagnostics().get(1))
        .satisfies(
            d -> {
              assertThat(d.position()).isEqualTo(new SourcePosition("dir/fleet.yaml", 12, 15));
              assertThat(d.hint()).startsWith("did you mean {{region}}?");
            });
  }

  @Test
  void aLineOrFormatCharacterInACellIsAnErrorAtThatCell() {
    // Issue 18: U+2028 is a line break to YAML 1.1 (cloud-init); ESC and RLO forge terminal text.
    // The name template joins two cells: the error points at the one holding the character.
    String fleet =
        SET.replace("name: \"store-{{id}}\"", "name: \"store-{{id}}{{suffix}}\"")
            .replace(
                "labels: {store: \"{{id}}\"}",
                "labels: {store: \"{{id}}\"}\n      ssh: {user: \"{{region}}\"}");
    String csv =
        "id,region,subnet,suffix\n0001,eu,10.1.1,\"a\"\n0002,\"u\u2028s\",10.1.2,b\n"
            + "0003,eu,10.1.3,\"\u001b[2K\"\n0004,eu,10.1.4,\"\u202ex\"\n";
    CompileResult result = compile(fleet, csv);
    assertThat(result.fleet()).isEmpty();
    List<Diagnostic> unsafe =
        result.diagnostics().stream().filter(d -> d.code().equals("FLEET-E065")).toList();
    assertThat(unsafe)
        .extracting(Diagnostic::position)
        .containsExactlyInAnyOrder(
            new SourcePosition("dir/inv/stores.csv", 3, 6),
            new SourcePosition("dir/inv/stores.csv", 4, 16),
            new SourcePosition("dir/inv/stores.csv", 5, 16));
    assertThat(unsafe)
        .extracting(Diagnostic::message)
        .anySatisfy(m -> assertThat(m).contains("U+2028"))
        .anySatisfy(m -> assertThat(m).contains("U+001B"))
        .anySatisfy(m -> assertThat(m).contains("U+202E"))
        .allSatisfy(m -> assertThat(m).doesNotContain("\u2028", "\u001b", "\u202e"));
  }

  @Test
  void anInvalidValueIsReportedAtItsCellWithTheTemplateAsANote() {
    CompileResult result = compile(SET, CSV + "0003,eu,10.1.999\n");
    Diagnostic bad =
        result.diagnostics().stream()
            .filter(d -> d.code().equals("FLEET-E010"))
            .findFirst()
            .orElseThrow();
    assertThat(bad.position()).isEqualTo(new SourcePosition("dir/inv/stores.csv", 4, 9));
    assertThat(bad.hint())
        .contains(
            "\nnote: column 'subnet' is substituted into the template at dir/fleet.yaml:16:45");
    String rendered = result.renderer().render(bad);
    assertThat(rendered)
        .contains(" 4 | 0003,eu,10.1.999\n   |         ^\n")
        .contains("\n  = note: column 'subnet'");
  }

  @Test
  void namesAreUniqueAcrossSetsAndPlainClusters() {
    String fleet =
        SET
            + """
            clusters:
              - name: store-0002
                profile: edge
                token: {secretRef: env:OTHER}
                nodes: [{name: n, address: 10.9.9.9, role: control-plane}]
            """;
    CompileResult result = compile(fleet, CSV);
    assertThat(result.diagnostics())
        .filteredOn(d -> d.code().equals("FLEET-E007"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.position().file()).isEqualTo("dir/inv/stores.csv");
              assertThat(d.hint()).startsWith("the first is at dir/fleet.yaml:");
            });
  }

  @Test
  void unsafeInventoryPathsAreNeverRead() {
    for (String path :
        List.of("/etc/passwd", "../x.csv", "a/../../x.csv", "a\\\\b.csv", "~/x.csv")) {
      CompileResult result =
          compile(
              SET.replace("inv/stores.csv", path),
              Map.of()); // the reader would fail the test by answering "no such file" for all
      assertThat(result.diagnostics())
          .as(path)
          .extracting(Diagnostic::code, Diagnostic::message)
          .singleElement()
          .satisfies(t -> assertThat(t.toList().get(1).toString()).doesNotContain("no such file"));
      assertThat(codes(result)).containsExactly("FLEET-E061");
    }
    assertThat(codes(compile(SET, Map.of()))).containsExactly("FLEET-E061");
  }

  @Test
  void declarationMistakes() {
    assertThat(
            codes(
                compile(
                    SET.replace(
                        "inventory: inv/stores.csv",
                        "inventory: inv/stores.csv\n    members: [{id: x}]"),
                    CSV)))
        .containsExactly("FLEET-E063");
    assertThat(codes(compile(SET.replace("store-{{id}}\"", "store\""), CSV)))
        .containsExactly("FLEET-E063");
    assertThat(codes(compile(SET.replace("region: \"{{region}}\"", "region: eu"), CSV)))
        .containsExactly("FLEET-W014");
    assertThat(codes(compile(HEAD, CSV))).containsExactly("FLEET-E005");
  }

  @Test
  void theNodeBudgetCoversExpandedClusters() {
    InputLimits small = new InputLimits(1 << 20, 64, 300, 1000, 1000, 1 << 20, 1000);
    StringBuilder csv = new StringBuilder("id,region,subnet\n");
    for (int i = 0; i < 40; i++) {
      csv.append(String.format("%04d,eu,10.1.%d%n", i, i));
    }
    CompileResult result =
        new FleetCompiler(ReleaseCatalog.builtIn(), small)
            .compile("dir/fleet.yaml", SET, (p, m) -> csv.toString());
    assertThat(codes(result)).containsExactly("FLEET-E064");
  }
}
