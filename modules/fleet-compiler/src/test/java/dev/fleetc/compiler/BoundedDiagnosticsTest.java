package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.model.Diagnostic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile files cannot make the report large: the number of diagnostics, the width of a quoted line
 * and the length of a message are bounded. Sizes are asserted, not times.
 */
class BoundedDiagnosticsTest {

  private static final int SMALL = 64 * 1024;

  private static String report(String text) {
    CompileResult result = new FleetCompiler().compile("hostile.yaml", text);
    assertThat(result.hasErrors()).isTrue();
    return new DiagnosticRenderer(text).renderAll(result.diagnostics());
  }

  private static int bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  // Lines stay under the 64 Ki-character line limit (a longer line is refused before parsing,
  // with one E023: HostileInputTest), so these are the most mistakes one line can hold.
  @Test
  void fiveThousandErrorsOnOneLine() {
    StringBuilder line = new StringBuilder("metadata: {name: x");
    for (int i = 0; i < 5_000; i++) {
      line.append(", k").append(i).append(": 1");
    }
    String text = "apiVersion: fleetc.dev/v1alpha1\nkind: Fleet\n" + line + "}\nclusters: []\n";
    String report = report(text);
    assertThat(bytes(report)).isLessThan(SMALL);
    assertThat(report)
        .contains("... and 4900 more errors and 0 more warnings not shown")
        .endsWith("5000 errors, 0 warnings\n");
    assertThat(report.lines().mapToInt(String::length).max().orElse(0))
        .isLessThan(DiagnosticRenderer.TEXT_WIDTH + 100);
  }

  @Test
  void duplicateKeysOnOneLineAreCountedNotKept() {
    StringBuilder line = new StringBuilder("{apiVersion: fleetc.dev/v1alpha1");
    for (int i = 0; i < 4_000; i++) {
      line.append(", kind: Fleet");
    }
    String report = report(line + "}\n");
    assertThat(bytes(report)).isLessThan(SMALL);
    assertThat(report).contains("more errors");
  }

  /** A 19 KB file of long lines, each with many mistakes (the shape that gave 56 MB). */
  @Test
  void nineteenKilobyteFileGivesASmallReport() {
    StringBuilder text = new StringBuilder("apiVersion: fleetc.dev/v1alpha1\nkind: Fleet\n");
    text.append("metadata: {name: x}\nclusters:\n");
    int n = 0;
    while (text.length() < 19 * 1024) {
      text.append("  - {name: c").append(n).append(", nodes: [");
      for (int i = 0; i < 40; i++) {
        text.append("{name: N_").append(i).append(", address: 999.1.1.").append(i);
        text.append(", role: boss}, ");
      }
      text.append("]}\n");
      n++;
    }
    assertThat(bytes(text.toString())).isBetween(19 * 1024, 24 * 1024);
    String report = report(text.toString());
    assertThat(bytes(report)).isLessThan(SMALL);
  }

  @Test
  void collectorKeepsAtMostTheCapAndCountsTheRest() {
    Diagnostics diagnostics = new Diagnostics();
    for (int i = 0; i < 5_000; i++) {
      diagnostics.error(ErrorCode.INVALID_VALUE, dev.fleetc.model.SourcePosition.NONE, "e" + i, "");
    }
    diagnostics.warning(ErrorCode.PARITY_OVERRIDE, dev.fleetc.model.SourcePosition.NONE, "w", "");
    List<Diagnostic> all = diagnostics.all();
    assertThat(all).hasSize(Diagnostics.MAX_KEPT + 1);
    assertThat(diagnostics.errorCount()).isEqualTo(5_000);
    assertThat(all.get(all.size() - 1).message())
        .isEqualTo("... and 4900 more errors and 1 more warning not shown");
  }

  @Test
  void aLongLineIsShownAroundTheCaret() {
    String padding = "x".repeat(5_000);
    String text =
        "apiVersion: fleetc.dev/v1alpha1\nkind: Fleet\nmetadata: {name: x, a: \""
            + padding
            + "\", typo: 1}\nclusters: []\n";
    String report = report(text);
    List<String> lines = report.lines().toList();
    int typo =
        lines.indexOf(
            lines.stream().filter(l -> l.contains("unknown key 'typo'")).findFirst().orElseThrow());
    String excerpt = lines.get(typo + 1);
    String caret = lines.get(typo + 2);
    assertThat(excerpt.length()).isLessThanOrEqualTo(" 3 | ".length() + 126);
    assertThat(excerpt).startsWith(" 3 | ...");
    assertThat(excerpt.substring(caret.indexOf('^'))).startsWith("typo");
  }
}
