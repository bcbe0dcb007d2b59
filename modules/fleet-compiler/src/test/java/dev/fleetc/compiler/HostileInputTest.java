package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.model.Diagnostic;
import org.junit.jupiter.api.Test;

/** Input meant to hurt a YAML parser gets a diagnostic, never an exception or a hang. */
class HostileInputTest {

  private static CompileResult compile(String text) {
    return new FleetCompiler().compile("hostile.yaml", text);
  }

  @Test
  void oversizedFileIsRefusedBeforeParsing() {
    InputLimits fourMiB =
        new InputLimits(4 * 1024 * 1024, 64, 1_000_000, 1_000_000, 64 * 1024, 1 << 20, 1000);
    String huge = "a: |\n" + ("  " + "x".repeat(1000) + "\n").repeat(5 * 1024);
    CompileResult result =
        new FleetCompiler(dev.fleetc.compiler.catalog.ReleaseCatalog.builtIn(), fourMiB)
            .compile("hostile.yaml", huge);
    assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly("FLEET-E023");
    assertThat(result.diagnostics().get(0).message()).contains("larger than 4 MiB");
  }

  @Test
  void aHugeLineIsRefusedBeforeParsing() {
    CompileResult result = compile("a: b\nc: \"" + "x".repeat(4 * 1024 * 1024) + "\"\n");
    assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly("FLEET-E023");
    assertThat(result.diagnostics().get(0).message())
        .isEqualTo("line 2 is longer than 65536 characters");
  }

  @Test
  void aHugeStringOverManyLinesIsRefused() {
    CompileResult result = compile("a: |\n" + ("  " + "x".repeat(1000) + "\n").repeat(100));
    assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly("FLEET-E023");
    assertThat(result.diagnostics().get(0).message()).contains("a string longer than 65536");
  }

  /** The old 4 MiB ceiling refused honest fleets: 10,000 clusters are about 5 MB. */
  @Test
  void tenThousandClustersAreNotHostile() {
    StringBuilder fleet =
        new StringBuilder("apiVersion: fleetc.dev/v1alpha1\nkind: Fleet\nmetadata: {name: big}\n");
    fleet.append("clusters:\n");
    for (int i = 0; i < 10_000; i++) {
      fleet.append(
          String.format(
              "  - name: c%05d%n    profile: edge%n    region: r%d%n    apiEndpoint: 10.%d.%d.1%n"
                  + "    token: {secretRef: env:TOKEN_%05d}%n    nodes:%n",
              i, i % 7, 100 + i / 250, i % 250, i));
      for (int n = 0; n < 5; n++) {
        fleet.append(
            String.format(
                "      - {name: n%d, address: 10.%d.%d.%d, role: %s}%n",
                n, 100 + i / 250, i % 250, 10 + n, n < 3 ? "control-plane" : "worker"));
      }
    }
    assertThat(fleet.length()).isGreaterThan(4 * 1024 * 1024);
    Diagnostics diagnostics = new Diagnostics();
    assertThat(dev.fleetc.compiler.yaml.YamlReader.read("big.yaml", fleet.toString(), diagnostics))
        .isPresent();
    assertThat(diagnostics.all()).isEmpty();
  }

  @Test
  void limitsComeFromTheEnvironment() {
    InputLimits limits =
        InputLimits.fromEnvironment(
            java.util.Map.of("FLEETC_MAX_FLEET_BYTES", "512M", "FLEETC_MAX_INVENTORY_ROWS", "7"));
    assertThat(limits.maxBytes()).isEqualTo(512L * 1024 * 1024);
    assertThat(limits.maxInventoryRows()).isEqualTo(7);
    assertThat(limits.maxDepth()).isEqualTo(InputLimits.DEFAULTS.maxDepth());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> InputLimits.fromEnvironment(java.util.Map.of("FLEETC_MAX_YAML_NODES", "lots")))
        .hasMessageContaining("FLEETC_MAX_YAML_NODES='lots'");
  }

  @Test
  void billionLaughsInMappingValuesIsBounded() {
    StringBuilder yaml =
        new StringBuilder("l0: &l0 {a: x, b: x, c: x, d: x, e: x, f: x, g: x, h: x, i: x}\n");
    for (int i = 1; i < 12; i++) {
      yaml.append("l").append(i).append(": &l").append(i).append(" {");
      for (char c = 'a'; c <= 'i'; c++) {
        yaml.append(c).append(": *l").append(i - 1).append(c < 'i' ? ", " : "");
      }
      yaml.append("}\n");
    }
    CompileResult result = compile(yaml.toString());
    assertThat(result.diagnostics()).extracting(Diagnostic::code).contains("FLEET-E023");
    assertThat(result.fleet()).isEmpty();
  }

  @Test
  void selfReferenceIsRefused() {
    CompileResult result = compile("a: &a [x, *a]\n");
    assertThat(result.hasErrors()).isTrue();
    assertThat(result.fleet()).isEmpty();
  }

  @Test
  void deepNestingIsRefused() {
    CompileResult result = compile("a: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
    assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly("FLEET-E023");
  }

  @Test
  void binaryGarbageIsASyntaxError() {
    CompileResult result = compile("\u0000\u0001\u0002: [\n");
    assertThat(result.hasErrors()).isTrue();
    assertThat(result.diagnostics().get(0).code()).isIn("FLEET-E001", "FLEET-E023");
  }

  @Test
  void scalarAndEmptyDocumentsAreNotFleets() {
    assertThat(compile("just a string\n").diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly("FLEET-E025");
    assertThat(compile("").diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly("FLEET-E005");
    assertThat(compile("# only a comment\n").diagnostics())
        .extracting(Diagnostic::code)
        .containsExactly("FLEET-E005");
  }
}
