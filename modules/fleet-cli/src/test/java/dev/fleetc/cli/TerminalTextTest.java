package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.Severity;
import dev.fleetc.model.SourcePosition;
import dev.fleetc.model.TerminalText;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, "rendered text is inert": ESC, CR and bidirectional controls from a CSV cell or header
 * reach the terminal only as escapes, so they cannot clear a line, move the cursor or forge a clean
 * "fleet: ok" line; every command prints through the one escaper ({@link TerminalText}).
 */
class TerminalTextTest {

  @TempDir Path dir;

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: shops}
      clusterSets:
        - name: stores
          inventory: stores.csv
          cluster:
            name: "store-{{id}}"
            distribution: k3s
            kubernetes: "1.31"
            datastore: {type: sqlite}
            region: "{{region}}"
            token: {secretRef: "env:STORE_{{id}}_TOKEN"}
            nodes:
              - {name: "store-{{id}}-a", address: "10.1.{{id}}.11", role: control-plane}
      """;

  @Test
  void controlsFromAnInventoryAreEscapedInDiagnostics() throws IOException {
    Files.writeString(dir.resolve("fleet.yaml"), FLEET, StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve("stores.csv"),
        "id,region,\"note\u001b[2K\u202e\"\n1,\"eu\r\u001b[32mfleet: fleet.yaml is valid\u001b[0m\",x\n",
        StandardCharsets.UTF_8);
    Cli.Run run = Cli.run("validate", dir.resolve("fleet.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    String printed = run.out() + run.err();
    assertThat(printed).contains("FLEET-E065").contains("\\u001b[2K").contains("\\u202e");
    assertRaw(printed);
  }

  @Test
  void theWriterEscapesAllButLineFeedsTabsAndItsOwnColours() {
    StringWriter sink = new StringWriter();
    PrintWriter out = TerminalText.writer(new PrintWriter(sink));
    out.print("a\tb\r\u001b[2K\u001b[31mred\u001b[0m\u2028\u0085\ud83d");
    out.print("\ude00\u202e\n");
    out.flush();
    assertThat(sink.toString())
        .isEqualTo(
            "a\tb\\u000d\\u001b[2K\u001b[31mred\u001b[0m\\u2028\\u0085\ud83d\ude00\\u202e\n");
  }

  @Test
  void onlyStylingSequencesPassNeverConcealBackgroundsOrCursorMoves() {
    StringWriter sink = new StringWriter();
    PrintWriter out = TerminalText.writer(new PrintWriter(sink));
    out.print(
        "\u001b[1;33mhelp\u001b[39;22m \u001b[8mhidden\u001b[30;40mblack\u001b[1A\u001b]0;t\u0007");
    out.flush();
    assertThat(sink.toString())
        .isEqualTo(
            "\u001b[1;33mhelp\u001b[39;22m \\u001b[8mhidden\\u001b[30;40mblack\\u001b[1A"
                + "\\u001b]0;t\\u0007");
  }

  @Test
  void escapingKeepsTheCaretUnderTheCharacter() {
    String csv = "id,region\n1,\u202e\u001bx,TARGET\n";
    Diagnostic d =
        new Diagnostic(
            Severity.ERROR, "FLEET-E065", "m", new SourcePosition("stores.csv", 2, 7), "h");
    String[] lines = new DiagnosticRenderer("", Map.of("stores.csv", csv)).render(d).split("\n");
    assertThat(lines[1]).isEqualTo(" 2 | 1,\\u202e\\u001bx,TARGET");
    assertThat(lines[2].indexOf('^')).isEqualTo(lines[1].indexOf("TARGET"));
  }

  // Nothing a terminal acts on: no control but line feed and tab, no format or separator character.
  private static void assertRaw(String printed) {
    printed
        .codePoints()
        .forEach(
            c ->
                assertThat(TerminalText.mustEscape(c))
                    .as("U+%04X printed raw in:%n%s", c, printed)
                    .isFalse());
  }
}
