package dev.fleetc.emit.overview;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code FLEET.md} diagram (the golden cases' and one with awkward names) parses with
 * mermaid's own parser under Node. Needs {@code node} and a folder whose {@code node_modules} holds
 * {@code mermaid} and {@code jsdom}: {@code $FLEETC_MERMAID_DIR}, else {@code
 * ~/.cache/fleetc/mermaid} ({@code .ci/run} installs it there). Skipped, and says so, without them.
 */
class MermaidParseTest {

  @TempDir Path temp;

  @Test
  void everyDiagramParsesWithMermaid() throws Exception {
    Path modules = mermaidDir();
    Assumptions.assumeTrue(
        modules != null,
        () -> skip("no mermaid and jsdom under $FLEETC_MERMAID_DIR or ~/.cache/fleetc/mermaid"));
    Assumptions.assumeTrue(onPath("node"), () -> skip("node is not on PATH"));

    List<String> files = new ArrayList<>();
    int n = 0;
    try (Stream<Path> cases = Files.list(Path.of("src", "test", "resources", "golden"))) {
      for (Path overview :
          cases
              .map(c -> c.resolve("expected").resolve("FLEET.md"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList()) {
        files.add(write(n++, mermaidBlock(Files.readString(overview, StandardCharsets.UTF_8))));
      }
    }
    files.add(write(n++, mermaidBlock(FleetOverview.render(Fleets.compile(Fleets.AWKWARD)))));
    // Labels holding what Mermaid or Markdown would act on (issue 18) stay one label each.
    files.add(
        write(
            n++,
            "flowchart TB\n  c0[\""
                + FleetOverview.label(
                    "`x` \"q\" <b>#1</b> a\u2028b\u2029c\u0085d\u001be\u202ef end")
                + "\"]\n  c1[\""
                + FleetOverview.label("]) --> c0; click c0 \"javascript:alert(1)\"")
                + "\"]\n  c0 --> c1\n"));
    // The check must be able to fail: a broken diagram is rejected.
    String broken = write(n, "flowchart TB\n  c0[\"unclosed\n");

    Path script = Path.of("src", "test", "resources", "mermaid", "parse.mjs").toAbsolutePath();
    List<String> command = new ArrayList<>(List.of("node", script.toString()));
    command.addAll(files);
    command.add(broken);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("MERMAID_DIR", modules.toAbsolutePath().toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    for (String file : files) {
      assertThat(output).as(output).contains("ok " + file + " flowchart");
    }
    assertThat(output).contains("FAIL " + broken);
  }

  private String write(int n, String text) throws IOException {
    Path file = temp.resolve("diagram-" + n + ".mmd");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file.toString();
  }

  static String mermaidBlock(String markdown) {
    int start = markdown.indexOf("```mermaid\n");
    assertThat(start).as("a mermaid block").isNotNegative();
    int body = start + "```mermaid\n".length();
    return markdown.substring(body, markdown.indexOf("```", body));
  }

  private static Path mermaidDir() {
    String configured = System.getenv("FLEETC_MERMAID_DIR");
    Path dir =
        configured != null && !configured.isEmpty()
            ? Path.of(configured)
            : Path.of(System.getProperty("user.home"), ".cache", "fleetc", "mermaid");
    return Files.isDirectory(dir.resolve("node_modules/mermaid"))
            && Files.isDirectory(dir.resolve("node_modules/jsdom"))
        ? dir
        : null;
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    return path != null
        && Stream.of(path.split(java.io.File.pathSeparator))
            .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
  }

  private static String skip(String why) {
    String message = "MermaidParseTest skipped: " + why + " (.ci/run installs them)";
    System.err.println(message);
    return message;
  }
}
