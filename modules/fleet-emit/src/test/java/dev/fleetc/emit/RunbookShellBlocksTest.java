package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every fenced {@code sh}, {@code bash} or {@code console} block of every Markdown file fleetc
 * writes (runbooks, GITOPS.md), for every example fleet, every golden fleet and a fleet of
 * hostile-but-valid values, parses under {@code bash -n} and passes {@code shellcheck}. An operator
 * pastes these blocks into a root shell: a value that is not quoted there is a command.
 */
class RunbookShellBlocksTest {

  private static final Pattern FENCE_OPEN = Pattern.compile("^(\\s*)```(sh|bash|console)\\s*$");
  private static final Pattern FENCE_CLOSE = Pattern.compile("^\\s*```\\s*$");

  /** One extracted block: where it comes from and its text. */
  record Block(String origin, String text) {}

  @TempDir static Path work;
  private static List<Block> blocks;

  @BeforeAll
  static void extract() throws IOException {
    blocks = new ArrayList<>();
    for (Path fleet : fleets()) {
      String text = Files.readString(fleet, StandardCharsets.UTF_8);
      CompileResult result = ExampleFleets.compile(fleet);
      assertThat(result.fleet())
          .as(() -> fleet + "\n" + new DiagnosticRenderer(text).renderAll(result.diagnostics()))
          .isPresent();
      CompiledFleet compiled = FleetEmitter.standard().emit(result.fleet().get(), c -> true, "t");
      for (Artifact artifact : compiled.files()) {
        if (artifact.path().endsWith(".md")) {
          blocks.addAll(blocks(fleet + ":" + artifact.path(), artifact.content()));
        }
      }
    }
  }

  static List<Path> fleets() throws IOException {
    List<Path> fleets = new ArrayList<>();
    Path root = Path.of(System.getProperty("fleetc.projectRoot", "../.."));
    try (Stream<Path> examples = Files.list(root.resolve("fleet-examples"))) {
      examples.filter(p -> p.toString().endsWith(".fleet.yaml")).sorted().forEach(fleets::add);
    }
    try (Stream<Path> golden = Files.list(EmitterGoldenTest.GOLDEN)) {
      golden
          .map(d -> d.resolve("fleet.yaml"))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(fleets::add);
    }
    fleets.add(Path.of("src/test/resources/shell-blocks/hostile-but-valid.fleet.yaml"));
    return fleets;
  }

  /**
   * The fenced shell blocks of a Markdown text, de-indented; console blocks keep their commands.
   */
  static List<Block> blocks(String origin, String markdown) {
    List<Block> out = new ArrayList<>();
    List<String> lines = markdown.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher open = FENCE_OPEN.matcher(lines.get(i));
      if (!open.matches()) {
        continue;
      }
      int indent = open.group(1).length();
      boolean console = open.group(2).equals("console");
      StringBuilder body = new StringBuilder();
      int start = i + 1;
      for (i = start; i < lines.size() && !FENCE_CLOSE.matcher(lines.get(i)).matches(); i++) {
        String line = lines.get(i);
        line =
            line.length() >= indent && line.substring(0, indent).isBlank()
                ? line.substring(indent)
                : line.strip();
        if (console) {
          if (!line.startsWith("$ ")) {
            continue; // output
          }
          line = line.substring(2);
        }
        body.append(line).append('\n');
      }
      out.add(new Block(origin + ":" + (start), body.toString()));
    }
    return out;
  }

  @Test
  void blocksAreFoundWhereTheTemplatesPutThem() {
    assertThat(blocks).hasSizeGreaterThan(10);
    assertThat(blocks)
        .anySatisfy(
            b -> assertThat(b.text()).contains("--from-literal=url='ssh://git@git.example.com"))
        .anySatisfy(
            b ->
                assertThat(b.text())
                    .contains(
                        "--from-file=cloud='/etc/fleet/velero it'\\''s here/cloud credentials'"));
  }

  @Test
  void everyBlockParsesUnderBash() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Block block : blocks) {
      Path file = Files.createTempFile(work, "block", ".sh");
      Files.writeString(file, block.text(), StandardCharsets.UTF_8);
      Result r = run(List.of("bash", "-n", file.toString()));
      if (r.exit() != 0) {
        failures.add(block.origin() + "\n" + block.text() + r.output());
      }
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void everyBlockPassesShellcheck() throws Exception {
    boolean present = shellcheckPresent();
    if (!present) {
      System.err.println(
          "RunbookShellBlocksTest: shellcheck is not installed, shellcheck of runbook blocks"
              + " SKIPPED (CI installs it)");
    }
    assumeTrue(present, "shellcheck not installed");
    List<String> failures = new ArrayList<>();
    for (Block block : blocks) {
      Path file = Files.createTempFile(work, "block", ".sh");
      Files.writeString(file, block.text(), StandardCharsets.UTF_8);
      Result r = run(List.of("shellcheck", "-s", "bash", "-f", "gcc", file.toString()));
      if (r.exit() != 0) {
        failures.add(block.origin() + "\n" + block.text() + r.output());
      }
    }
    assertThat(failures).isEmpty();
  }

  private static boolean shellcheckPresent() {
    try {
      return run(List.of("shellcheck", "--version")).exit() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  record Result(int exit, String output) {}

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return new Result(-1, output + "\n(timed out)");
    }
    return new Result(p.exitValue(), output);
  }
}
