package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.model.Diagnostic;
import org.junit.jupiter.api.Test;

/** Input meant to hurt a YAML parser gets a diagnostic, never an exception or a hang. */
class HostileInputTest {

  private static CompileResult compile(String text) {
    return new FleetCompiler().compile("hostile.yaml", text);
  }

  @Test
  void oversizedFileIsRefusedBeforeParsing() {
    String huge = "a: \"" + "x".repeat(5 * 1024 * 1024) + "\"\n";
    CompileResult result = compile(huge);
    assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly("FLEET-E023");
    assertThat(result.diagnostics().get(0).message()).contains("larger than 4 MiB");
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
