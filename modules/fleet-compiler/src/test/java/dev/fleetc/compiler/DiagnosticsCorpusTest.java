package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fleet under {@code invalid/} compiles to exactly the diagnostics in its {@code .expected}
 * file (rendered as the CLI prints them), and no fleet comes out.
 */
class DiagnosticsCorpusTest {

  private static final Path CORPUS = Golden.resources().resolve("invalid");

  @TestFactory
  Stream<DynamicTest> everyInvalidFleetGetsItsDiagnostics() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.filter(p -> p.toString().endsWith(".fleet.yaml")).sorted().toList().stream()
          .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
    }
  }

  private static void check(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString();
    CompileResult result = new FleetCompiler().compile(name, text);
    assertThat(result.fleet()).as("an invalid fleet must not compile").isEmpty();
    assertThat(result.hasErrors()).isTrue();
    String rendered = new DiagnosticRenderer(text).renderAll(result.diagnostics());
    Golden.assertMatches(CORPUS.resolve(name.replace(".fleet.yaml", ".expected")), rendered);
  }
}
