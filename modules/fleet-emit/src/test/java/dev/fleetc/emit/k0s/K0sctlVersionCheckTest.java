package dev.fleetc.emit.k0s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.ExampleFleets;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.model.Distribution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every k0s runbook names the oldest k0sctl that does all {@code k0sctl.yaml} says (every document,
 * {@code spec.options} with its {@code false} values) and checks it in its first step: the step's
 * shell block runs under bash against a stand-in {@code k0sctl} that prints {@code k0sctl
 * version}'s two lines, and refuses anything older than v0.27.1.
 */
class K0sctlVersionCheckTest {

  private static final Path ACME = Path.of("..", "..", "fleet-examples", "acme.fleet.yaml");

  @TempDir Path work;

  private static List<String> k0sRunbooks() {
    CompileResult result = ExampleFleets.compile(ACME);
    CompiledFleet compiled =
        FleetEmitter.standard().emit(result.fleet().orElseThrow(), c -> true, "t");
    List<String> clusters =
        result.fleet().orElseThrow().clusters().stream()
            .filter(c -> c.distribution() == Distribution.K0S)
            .map(c -> "bootstrap/" + c.name() + "/RUNBOOK.md")
            .toList();
    return compiled.files().stream()
        .filter(a -> clusters.contains(a.path()))
        .map(Artifact::content)
        .toList();
  }

  private static String checkBlock(String runbook) {
    int step =
        runbook.indexOf("## Stand the cluster up\n\n1. Check that k0sctl is v0.27.1 or newer");
    assertThat(step).as(runbook).isPositive();
    int open = runbook.indexOf("```sh\n", step) + "```sh\n".length();
    int close = runbook.indexOf("```", open);
    return runbook.substring(open, close).replaceAll("(?m)^   ", "");
  }

  @Test
  void everyK0sRunbookStatesTheMinimumAndChecksItFirst() {
    List<String> runbooks = k0sRunbooks();
    assertThat(runbooks).isNotEmpty();
    for (String runbook : runbooks) {
      assertThat(runbook).contains("installed by k0sctl v0.27.1 or newer");
      assertThat(checkBlock(runbook)).contains("k0sctl version");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "v0.21.0, 1",
    "v0.9.3, 1",
    "v0.22.0, 1",
    "v0.25.1, 1",
    "v0.27.0, 1",
    "v0.27.1, 0",
    "v0.27.1-rc.1, 0",
    "v0.32.2, 0",
    "0.28.0, 0",
    "dev, 1",
  })
  void theFirstStepRefusesAnOlderK0sctl(String version, int exitCode) throws Exception {
    String block = checkBlock(k0sRunbooks().get(0));
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path k0sctl = bin.resolve("k0sctl");
    Files.writeString(
        k0sctl,
        "#!/bin/sh\nprintf 'version: %s\\ncommit: 0123abc\\n' '" + version + "'\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(k0sctl, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path script = work.resolve("check.sh");
    Files.writeString(script, "set -e\n" + block + "echo checked\n");
    ProcessBuilder builder =
        new ProcessBuilder("bash", script.toString()).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(exitCode);
    if (exitCode != 0) {
      assertThat(output).contains("is older than v0.27.1").doesNotContain("checked");
    }
  }
}
