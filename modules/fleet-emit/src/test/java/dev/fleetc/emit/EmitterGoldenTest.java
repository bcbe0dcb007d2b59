package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden tests of every emitter: each folder under {@code golden/} holds a {@code fleet.yaml} and,
 * in {@code expected/}, every file compiling it must produce, the lock included. Add a case by
 * adding a folder and running with {@code -Dfleetc.updateGolden=true}.
 */
class EmitterGoldenTest {

  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  @TestFactory
  Stream<DynamicTest> everyCaseCompilesToItsExpectedFiles() throws IOException {
    try (Stream<Path> cases = Files.list(GOLDEN)) {
      return cases.filter(Files::isDirectory).sorted().toList().stream()
          .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }
  }

  private static void check(Path dir) throws IOException {
    String text = Files.readString(dir.resolve("fleet.yaml"), StandardCharsets.UTF_8);
    CompileResult result = new FleetCompiler().compile("fleet.yaml", text);
    assertThat(result.fleet())
        .as(() -> new DiagnosticRenderer(text).renderAll(result.diagnostics()))
        .isPresent();
    CompiledFleet compiled =
        FleetEmitter.standard().emit(result.fleet().get(), c -> true, "fleetc test");
    Map<String, String> files = new TreeMap<>();
    compiled.files().forEach(a -> files.put(a.path(), a.content()));
    GoldenTree.assertMatches(dir.resolve("expected"), files);
  }
}
