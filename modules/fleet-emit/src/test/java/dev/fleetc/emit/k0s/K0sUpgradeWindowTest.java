package dev.fleetc.emit.k0s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.ExampleFleets;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * k0sctl has no clock, so the runbook's "Upgrade" section checks a cluster's {@code
 * upgrades.window} before {@code k0sctl apply}: the block of the golden cluster {@code undrained}
 * (sat, sun 22:00-04:00 Europe/Berlin, past midnight) runs under {@code sh} against a stand-in
 * {@code date} that answers {@code +%u %H %M} in the zone it is given.
 */
class K0sUpgradeWindowTest {

  private static final Path FLEET =
      Path.of("src/test/resources/golden/k0s-upgrade-options/fleet.yaml");

  @TempDir Path work;

  private static String windowBlock() throws Exception {
    CompiledFleet compiled =
        FleetEmitter.standard()
            .emit(ExampleFleets.compile(FLEET).fleet().orElseThrow(), c -> true, "t");
    String runbook =
        compiled.files().stream()
            .filter(a -> a.path().equals("bootstrap/undrained/RUNBOOK.md"))
            .map(Artifact::content)
            .findFirst()
            .orElseThrow();
    int step = runbook.indexOf("Then check the cluster's maintenance window");
    assertThat(step).as(runbook).isPositive();
    int open = runbook.indexOf("```sh\n", step) + "```sh\n".length();
    int close = runbook.indexOf("```", open);
    return runbook.substring(open, close).replaceAll("(?m)^   ", "");
  }

  @ParameterizedTest(name = "{0} {1}:{2} in Europe/Berlin -> exit {3}")
  @CsvSource({
    "6, 22, 00, 0", // Saturday at the start
    "6, 23, 10, 0",
    "7, 00, 00, 0", // Sunday after midnight: Saturday's window and Sunday's day
    "7, 03, 59, 0",
    "1, 03, 59, 0", // Monday's early hours belong to Sunday's window
    "1, 04, 00, 1", // the end is not inside
    "6, 21, 59, 1",
    "5, 23, 00, 1", // Friday night: Friday is not a window day
    "6, 03, 00, 1", // Saturday's early hours belong to Friday
    "3, 08, 09, 1", // leading zeros are not octal
  })
  void theCheckStopsOutsideTheWindow(String day, String hour, String minute, int exit)
      throws Exception {
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path date = bin.resolve("date");
    Files.writeString(
        date,
        "#!/bin/sh\n"
            + "[ \"$TZ\" = Europe/Berlin ] || { echo \"TZ=$TZ\" >&2; exit 9; }\n"
            + "echo '"
            + day
            + " "
            + hour
            + " "
            + minute
            + "'\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(date, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path script = work.resolve("check.sh");
    Files.writeString(script, "set -e\n" + windowBlock() + "echo inside\n");
    ProcessBuilder builder = new ProcessBuilder("sh", script.toString()).redirectErrorStream(true);
    builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(exit);
    if (exit == 0) {
      assertThat(output).contains("inside");
    } else {
      assertThat(output)
          .contains("outside the maintenance window: sat, sun 22:00-04:00 Europe/Berlin")
          .doesNotContain("inside\n");
    }
  }
}
