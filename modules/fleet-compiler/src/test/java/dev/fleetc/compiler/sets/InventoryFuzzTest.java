package dev.fleetc.compiler.sets;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.yaml.InputLimits;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzz target of cluster-set inventories. In {@code mvn verify} it replays the committed inputs
 * under {@code src/test/resources/dev/fleetc/compiler/sets/InventoryFuzzTestInputs/csv/}; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates them (docs/fuzzing.md). Whatever the bytes of the CSV file,
 * the compile answers with diagnostics, never an exception; and no diagnostic prints a cell of the
 * credential column {@code password}.
 */
class InventoryFuzzTest {

  private static final String FLEET =
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
            labels: {note: "{{note}}", pw: "{{password}}"}
            token: {secretRef: "env:STORE_{{id}}_TOKEN"}
            nodes:
              - {name: "store-{{id}}-a", address: "{{subnet}}.11", role: control-plane}
      """;

  @FuzzTest(maxDuration = "5m")
  void csv(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    CompileResult result =
        new FleetCompiler().compile("dir/fleet.yaml", FLEET, (path, maxBytes) -> text);
    assertThat(result.fleet().isPresent()).isNotEqualTo(result.hasErrors());
    assertThat(result.diagnostics().size()).isLessThanOrEqualTo(Diagnostics.MAX_KEPT + 1);
    String report = result.renderer().renderAll(result.diagnostics());
    assertThat(report.length()).isLessThan(200_000);
    Optional<Inventory> inventory =
        CsvInventory.parse("dir/stores.csv", text, InputLimits.DEFAULTS, new Diagnostics());
    if (inventory.isEmpty()) {
      return;
    }
    for (Inventory.Row row : inventory.get().rows()) {
      Inventory.Cell password = row.cells().get("password");
      if (password != null
          && password.text().strip().length() >= 8
          && !FLEET.contains(password.text().strip())
          && !inventory.get().columns().contains(password.text().strip())) {
        assertThat(report).doesNotContain(password.text().strip());
      }
    }
  }
}
