package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.compiler.upgrades.RolloutEngine;
import dev.fleetc.compiler.upgrades.RolloutStateJson;
import dev.fleetc.model.Diagnostic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fleet under {@code invalid/} compiles to exactly the diagnostics in its {@code .expected}
 * file (rendered as the CLI prints them), and no fleet comes out. The corpus holds nothing else: an
 * expected file without its fleet is a case that silently stopped being tested.
 */
class DiagnosticsCorpusTest {

  private static final Path CORPUS = Golden.resources().resolve("invalid");
  private static final String FLEET = ".fleet.yaml";
  private static final String EXPECTED = ".expected";

  /**
   * A case may come with the rollout state it is compiled against ({@code NAME.rollout.json}): then
   * the fleet itself is valid and the promotion checks (FLEET-E110..E112) refuse it.
   */
  private static final String STATE = ".rollout.json";

  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @TestFactory
  Stream<DynamicTest> everyInvalidFleetGetsItsDiagnostics() throws IOException {
    return corpus().stream()
        .filter(p -> p.toString().endsWith(FLEET))
        .map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> check(file)));
  }

  @Test
  void everyFileOfTheCorpusIsAFleetWithItsExpectedDiagnostics() throws IOException {
    for (Path file : corpus()) {
      String name = file.getFileName().toString();
      if (name.endsWith(FLEET)) {
        String expected = name.substring(0, name.length() - FLEET.length()) + EXPECTED;
        assertThat(CORPUS.resolve(expected)).as("expected diagnostics of %s", name).exists();
      } else if (name.endsWith(STATE)) {
        String fleet = name.substring(0, name.length() - STATE.length()) + FLEET;
        assertThat(CORPUS.resolve(fleet)).as("the fleet %s belongs to (orphan)", name).exists();
      } else {
        assertThat(name)
            .as("a corpus file that is neither a fleet nor expected")
            .endsWith(EXPECTED);
        String fleet = name.substring(0, name.length() - EXPECTED.length()) + FLEET;
        assertThat(CORPUS.resolve(fleet)).as("the fleet %s belongs to (orphan)", name).exists();
      }
    }
  }

  @Test
  void crlfCasesKeepTheirLineEndings() throws IOException {
    // .gitattributes keeps git from normalizing them; without CRLF the case tests nothing new.
    List<Path> crlf =
        corpus().stream()
            .map(p -> p.getFileName().toString())
            .filter(name -> name.startsWith("crlf-") && name.endsWith(FLEET))
            .map(CORPUS::resolve)
            .toList();
    assertThat(crlf).isNotEmpty();
    for (Path file : crlf) {
      assertThat(Files.readString(file, StandardCharsets.UTF_8)).as("%s", file).contains("\r\n");
    }
  }

  private static List<Path> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      return files.sorted().toList();
    }
  }

  private static void check(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String name = file.getFileName().toString();
    CompileResult result = new FleetCompiler().compile(name, text);
    List<Diagnostic> diagnostics = new ArrayList<>(result.diagnostics());
    Path state = CORPUS.resolve(name.replace(FLEET, STATE));
    if (Files.exists(state)) {
      assertThat(result.fleet())
          .as(
              "a fleet compiled against a rollout state: %s",
              new DiagnosticRenderer(text).renderAll(result.diagnostics()))
          .isPresent();
      RolloutEngine.Step step =
          RolloutEngine.compile(
              result.fleet().get(),
              Optional.of(RolloutStateJson.read(Files.readString(state))),
              NOW);
      assertThat(step.refusals()).as("refusals against %s", state).isNotEmpty();
      diagnostics.addAll(step.refusals());
    } else {
      assertThat(result.fleet()).as("an invalid fleet must not compile").isEmpty();
      assertThat(result.hasErrors()).isTrue();
    }
    String rendered = new DiagnosticRenderer(text).renderAll(diagnostics);
    Golden.assertMatches(CORPUS.resolve(name.replace(FLEET, EXPECTED)), rendered);
  }
}
