package dev.fleetc.compiler.sets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.model.Diagnostic;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Cluster sets are budgeted in characters as well as nodes, and an inventory costs memory for the
 * columns it feeds and the rows the budget admits only.
 */
class SetByteBudgetTest {

  private static final String HEAD =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: shops}
      profiles:
        edge: {distribution: k3s, kubernetes: "1.31", datastore: {type: sqlite}, gitops: {engine: none}}
      clusterSets:
        - name: stores
          profile: edge
          inventory: stores.csv
          cluster:
            name: "store-{{id}}"
            region: "%s"
            token: {secretRef: "env:STORE_{{id}}_TOKEN"}
            nodes:
              - {name: "store-{{id}}-a", address: "10.1.{{n}}.11", role: control-plane}
      """;

  private static CompileResult compile(InputLimits limits, String region, String csv) {
    return new FleetCompiler(ReleaseCatalog.builtIn(), limits)
        .compile("dir/fleet.yaml", HEAD.formatted(region), (p, max) -> csv);
  }

  private static Diagnostic only(CompileResult result) {
    assertThat(result.diagnostics()).hasSize(1);
    return result.diagnostics().get(0);
  }

  @Test
  void aPlaceholderRepeatedOverALongCellIsRefusedBeforeItIsStamped() {
    // 2,000 placeholders over a 30,000-character cell: 60 million characters in one string, from
    // an inventory of 30 KB. The node budget does not see it.
    String region = "{{big}}".repeat(2_000);
    String csv = "id,n,big\n1,1," + "x".repeat(30_000) + "\n";
    Diagnostic d = only(compile(InputLimits.DEFAULTS, region, csv));
    assertThat(d.code()).isEqualTo("FLEET-E064");
    assertThat(d.message()).contains("stamps a string of 60000000 characters", "STRING_CHARS");
    assertThat(d.hint()).contains("raise FLEETC_MAX_STRING_CHARS");
  }

  @Test
  void allSetsTogetherStampAtMostTheExpandedCharacterBudget() {
    StringBuilder csv = new StringBuilder("id,n,big\n");
    for (int i = 0; i < 50; i++) {
      csv.append(i).append(',').append(i).append(',').append("x".repeat(1_000)).append('\n');
    }
    InputLimits limits = InputLimits.DEFAULTS.withMaxExpandedChars(20_000);
    Diagnostic d = only(compile(limits, "{{big}}", csv.toString()));
    assertThat(d.code()).isEqualTo("FLEET-E064");
    assertThat(d.message()).contains("FLEETC_MAX_EXPANDED_CHARS");
    assertThat(d.hint()).contains("raise FLEETC_MAX_EXPANDED_CHARS");
    // Within the budget the same set is stamped.
    assertThat(compile(InputLimits.DEFAULTS, "{{big}}", csv.toString()).diagnostics())
        .noneMatch(e -> e.code().equals("FLEET-E064"));
  }

  @Test
  void readingStopsAtTheFirstRowPastTheNodeBudget() {
    InputLimits small = new InputLimits(1 << 20, 64, 300, 1000, 1000, 1 << 20, 100_000);
    StringBuilder csv = new StringBuilder("id,n\n");
    for (int i = 0; i < 5_000; i++) {
      csv.append(i).append(',').append(i % 250).append('\n');
    }
    Diagnostic d = only(compile(small, "eu", csv.toString()));
    assertThat(d.code()).isEqualTo("FLEET-E064");
    assertThat(d.message()).contains("FLEETC_MAX_YAML_NODES");
    // Reported at the row where reading stopped, in the inventory, not after reading it all.
    assertThat(d.position().file()).isEqualTo("dir/stores.csv");
    assertThat(d.position().line()).isLessThan(100);
  }

  @Test
  void cellsOfColumnsNoPlaceholderUsesAreNotKept() {
    String csv = "id,n,unused,other\n1,1,aaaa,bbbb\n2,2,cccc,dddd\n";
    Optional<Inventory> inventory =
        CsvInventory.parse(
            "stores.csv",
            csv,
            InputLimits.DEFAULTS,
            new Diagnostics(),
            new CsvInventory.Reading(Set.of(), Set.of("id", "n"), Long.MAX_VALUE, ""));
    assertThat(inventory).isPresent();
    assertThat(inventory.get().columns()).containsExactly("id", "n", "unused", "other");
    assertThat(inventory.get().rows())
        .allSatisfy(row -> assertThat(row.cells()).containsOnlyKeys("id", "n"));
  }
}
