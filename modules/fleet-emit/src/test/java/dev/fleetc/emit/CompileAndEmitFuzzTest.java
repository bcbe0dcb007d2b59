package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz target of the whole compile, in memory: bytes → parse → validate → emit every target. A
 * fleet the compiler accepts must emit without an exception; one it refuses must say why. In {@code
 * mvn verify} it replays {@code src/test/resources/dev/fleetc/emit/CompileAndEmitFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes it (docs/fuzzing.md).
 */
class CompileAndEmitFuzzTest {

  @FuzzTest(maxDuration = "5m")
  @DictionaryFile(resourcePath = "/dev/fleetc/fleet.dict")
  void compileAndEmit(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    CompileResult result = new FleetCompiler().compile("fuzz.yaml", text);
    if (result.fleet().isEmpty()) {
      assertThat(new DiagnosticRenderer(text).renderAll(result.diagnostics())).contains("error[");
      return;
    }
    CompiledFleet compiled = FleetEmitter.standard().emit(result.fleet().get(), c -> true, "fuzz");
    assertThat(compiled.files()).isNotEmpty();
    for (Artifact artifact : compiled.files()) {
      assertThat(artifact.path()).doesNotStartWith("/").doesNotContain("..");
    }
  }
}
