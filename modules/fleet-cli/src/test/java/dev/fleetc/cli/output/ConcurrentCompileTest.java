package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two compiles into one folder: the second is refused naming the first, or waits with --wait. */
class ConcurrentCompileTest {

  @TempDir Path dir;

  @Test
  void aHeldFolderIsRefusedNamingTheHolder() throws IOException {
    Path fleet = OutputFixture.write(dir.resolve("fleet.yaml"), OutputFixture.OLD);
    Path out = dir.resolve("out");
    SafeFolder folder = SafeFolder.of(out);
    folder.create();
    try (FolderLock held =
        FolderLock.acquire(folder, "fleet compile held-by-test", Duration.ZERO)) {
      OutputFixture.Run run = OutputFixture.compile(fleet, out);
      assertThat(run.exitCode()).isEqualTo(ExitCode.BUSY);
      assertThat(run.err())
          .startsWith("fleet: " + out + " is in use by another fleet compile: pid ")
          .contains(
              "pid " + ProcessHandle.current().pid(), "(fleet compile held-by-test)", "--wait");
      OutputFixture.Run check = OutputFixture.compile(fleet, out, "--check");
      assertThat(check.exitCode()).isEqualTo(ExitCode.BUSY);
      assertThat(out.resolve("fleet.lock.json")).doesNotExist();
    }
    assertThat(out.resolve(FolderLock.FILE)).as("removed on release").doesNotExist();
    assertThat(OutputFixture.compile(fleet, out).exitCode()).isZero();
    assertThat(out.resolve(FolderLock.FILE)).doesNotExist();
  }

  @Test
  void aLockFileLeftByAKilledCompileIsTakenOver() throws IOException {
    Path fleet = OutputFixture.write(dir.resolve("fleet.yaml"), OutputFixture.OLD);
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve(FolderLock.FILE), "pid=999999999\nhost=gone\ncommand=x\n");
    OutputFixture.Run run = OutputFixture.compile(fleet, out);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(out.resolve(FolderLock.FILE)).doesNotExist();
  }

  @Test
  void twoProcessesAtOnce() throws Exception {
    Path a = OutputFixture.write(dir.resolve("a.yaml"), Subprocess.fleet(0, 60, "10.1"));
    Path b = OutputFixture.write(dir.resolve("b.yaml"), Subprocess.fleet(30, 60, "10.2"));
    for (int round = 0; round < 2; round++) {
      Path out = dir.resolve("out-" + round);
      Process first =
          Subprocess.start(dir, round + "a", "compile", a.toString(), "-o", out.toString());
      Process second =
          Subprocess.start(dir, round + "b", "compile", b.toString(), "-o", out.toString());
      assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      int codeA = first.exitValue();
      int codeB = second.exitValue();
      String errA = Subprocess.err(dir, round + "a");
      String errB = Subprocess.err(dir, round + "b");
      assertThat(codeA).as(errA).isIn(ExitCode.OK, ExitCode.BUSY);
      assertThat(codeB).as(errB).isIn(ExitCode.OK, ExitCode.BUSY);
      assertThat(codeA == ExitCode.OK || codeB == ExitCode.OK).isTrue();
      if (codeA == ExitCode.BUSY) {
        // Named, unless the holder had not written its details within the grace (a loaded host).
        assertThat(errA)
            .containsAnyOf(
                "is in use by another fleet compile: pid " + second.pid(),
                "is in use by another fleet compile (it has not written its details yet)");
      }
      if (codeB == ExitCode.BUSY) {
        // Named, unless the holder had not written its details within the grace (a loaded host).
        assertThat(errB)
            .containsAnyOf(
                "is in use by another fleet compile: pid " + first.pid(),
                "is in use by another fleet compile (it has not written its details yet)");
      }
      assertConsistent(out, a, b);
      System.out.printf("ConcurrentCompileTest: round %d: exit %d and %d%n", round, codeA, codeB);
    }
    Path out = dir.resolve("out-wait");
    Process first =
        Subprocess.start(dir, "wa", "compile", a.toString(), "-o", out.toString(), "--wait", "60");
    Process second =
        Subprocess.start(dir, "wb", "compile", b.toString(), "-o", out.toString(), "--wait", "60");
    assertThat(first.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(Subprocess.err(dir, "wa")).isZero();
    assertThat(second.exitValue()).as(Subprocess.err(dir, "wb")).isZero();
    assertConsistent(out, a, b);
  }

  /** Exactly one of the fleets is what the folder holds, with nothing else left in it. */
  private static void assertConsistent(Path out, Path a, Path b) throws IOException {
    int upToDateA = OutputFixture.compile(a, out, "--check").exitCode();
    int upToDateB = OutputFixture.compile(b, out, "--check").exitCode();
    assertThat(upToDateA == ExitCode.OK ^ upToDateB == ExitCode.OK)
        .as("one fleet's output, whole: " + upToDateA + ", " + upToDateB)
        .isTrue();
    assertThat(out.resolve(Transaction.STAGING)).doesNotExist();
    assertThat(out.resolve(FolderLock.FILE)).doesNotExist();
  }
}
