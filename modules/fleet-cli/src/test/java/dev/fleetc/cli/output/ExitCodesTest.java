package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exit codes that told the wrong story on the code before: an out-of-memory exited 1 (the "fleet
 * has errors" code) with a stack trace, an internal error printed its stack trace, {@code --wait
 * 9223372036854775807} was an internal error (70) instead of a usage error (64), and {@code fleet
 * diff} of a folder that a running compile holds said "interrupted, run fleet compile".
 */
class ExitCodesTest {

  @TempDir Path dir;

  @AfterEach
  void uninstall() {
    Faults.install(null);
  }

  private Path compiled() throws IOException {
    Path fleet = OutputFixture.write(dir.resolve("fleet.yaml"), OutputFixture.OLD);
    assertThat(OutputFixture.compile(fleet, dir.resolve("out")).exitCode()).isZero();
    OutputFixture.write(fleet, OutputFixture.NEW);
    return fleet;
  }

  @Test
  void outOfMemoryIsOneLineAndSeventy() throws IOException {
    Path fleet = compiled();
    Faults.install(
        (operation, path) -> {
          throw new OutOfMemoryError("Java heap space");
        });
    OutputFixture.Run run = OutputFixture.compile(fleet, dir.resolve("out"));
    assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL);
    assertThat(run.err()).startsWith("fleet: out of memory").contains("-Xmx");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  @Test
  void internalErrorIsOneLineWithoutStackTrace() throws IOException {
    Path fleet = compiled();
    Faults.install(
        (operation, path) -> {
          throw new IllegalStateException("a bug");
        });
    OutputFixture.Run run = OutputFixture.compile(fleet, dir.resolve("out"));
    assertThat(run.exitCode()).isEqualTo(ExitCode.INTERNAL);
    assertThat(run.err())
        .startsWith("fleet: internal error: java.lang.IllegalStateException: a bug")
        .contains("FLEETC_DEBUG=1");
    assertThat(run.err().strip().lines()).hasSize(1);
  }

  /** A real out-of-memory in a separate JVM with a small heap; FLEETC_DEBUG=1 adds the trace. */
  @Test
  void realOutOfMemoryExitsSeventy() throws Exception {
    Path fleet = OutputFixture.write(dir.resolve("big.yaml"), Subprocess.fleet(0, 20000, "10.9"));
    for (boolean debug : List.of(false, true)) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp"));
      command.add(System.getProperty("java.class.path"));
      command.add("dev.fleetc.cli.FleetCommand");
      command.addAll(List.of("compile", fleet.toString(), "-o", dir.resolve("big").toString()));
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectOutput(dir.resolve("oom.out").toFile());
      builder.redirectError(dir.resolve("oom.err").toFile());
      builder.environment().remove("JAVA_TOOL_OPTIONS");
      if (debug) {
        builder.environment().put("FLEETC_DEBUG", "1");
      } else {
        builder.environment().remove("FLEETC_DEBUG");
      }
      Process process = builder.start();
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String err = Files.readString(dir.resolve("oom.err"));
      assertThat(process.exitValue()).as(err).isEqualTo(ExitCode.INTERNAL);
      assertThat(err).as(err).contains("fleet: out of memory");
      if (debug) {
        assertThat(err).contains("\tat ");
      } else {
        assertThat(err).doesNotContain("\tat ", "Exception in thread");
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "compile --wait 9223372036854775807",
        "compile --wait 86401",
        "compile --wait -1",
        "compile --wait 1e3",
        "diff --wait 9223372036854775807",
        "preflight --all --timeout 99999999999",
        "preflight --all --timeout 0"
      })
  void numberOptionsAreBoundedUsageErrors(String command) throws IOException {
    Path fleet = compiled();
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    switch (args.get(0)) {
      case "compile" -> args.addAll(List.of(fleet.toString(), "-o", dir.resolve("out").toString()));
      case "diff" -> args.addAll(List.of(dir.resolve("out").toString(), fleet.toString()));
      default -> args.addAll(List.of("-f", fleet.toString()));
    }
    OutputFixture.Run run = OutputFixture.run(args.toArray(String[]::new));
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
    String option = command.contains("--wait") ? "--wait" : "--timeout";
    assertThat(run.err()).contains(option).doesNotContain("\tat ", "internal error");
  }

  /** While a compile holds the folder (staging folder and all): say so, or wait with --wait. */
  @Test
  void diffOfAFolderACompileHoldsSaysSoOrWaits() throws Exception {
    Path fleet = compiled();
    Path out = dir.resolve("out");
    SafeFolder folder = SafeFolder.of(out);
    FolderLock lock = FolderLock.acquire(folder, "fleet compile (test)", Duration.ZERO);
    Files.createDirectories(out.resolve(Transaction.STAGING)); // as while it stages
    try {
      OutputFixture.Run run = OutputFixture.run("diff", out.toString(), fleet.toString());
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.INVALID);
      assertThat(run.err())
          .contains("is in use by another fleet compile")
          .contains("fleet compile (test)")
          .contains("--wait")
          .doesNotContain("interrupted");
    } finally {
      Files.delete(out.resolve(Transaction.STAGING));
      lock.close();
    }

    FolderLock again = FolderLock.acquire(folder, "fleet compile (test)", Duration.ZERO);
    CompletableFuture<Void> release =
        CompletableFuture.runAsync(
            () -> {
              try {
                Thread.sleep(300);
                again.close();
              } catch (InterruptedException | OutputException e) {
                throw new IllegalStateException(e);
              }
            });
    OutputFixture.Run waited =
        OutputFixture.run("diff", out.toString(), fleet.toString(), "--wait", "60");
    release.join();
    assertThat(waited.exitCode()).as(waited.err()).isEqualTo(ExitCode.CHANGES);
  }
}
