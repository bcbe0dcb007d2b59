package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetc.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real disk failures: a full file system (a small tmpfs), an immutable file ({@code chattr +i},
 * which stops root too) and a read-only file system. Each ends in exit 4 with the path and the
 * system's reason, the previous output intact and nothing left behind. Mounting needs root (CI and
 * this project's machines run tests as root); without it these tests are skipped and say so.
 */
class DiskFailureTest {

  @TempDir Path dir;

  @Test
  void noSpaceLeftOnDevice() throws Exception {
    Path mount = mountTmpfs("size=256k");
    try {
      Path out = mount.resolve("out");
      Path small = OutputFixture.write(dir.resolve("small.yaml"), OutputFixture.OLD);
      assertThat(OutputFixture.compile(small, out).exitCode()).isZero();
      Map<String, String> before = OutputFixture.snapshot(out);
      Path big = OutputFixture.write(dir.resolve("big.yaml"), Subprocess.fleet(0, 40, "10.9"));

      OutputFixture.Run run = OutputFixture.compile(big, out);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.IO_ERROR);
      assertThat(run.err())
          .matches("(?s)fleet: cannot write " + out + "/\\S+ .*: No space left on device\n")
          .doesNotContain("\tat ");
      assertThat(OutputFixture.snapshot(out)).isEqualTo(before);
      assertThat(OutputFixture.compile(small, out, "--check").exitCode()).isZero();
    } finally {
      unmount(mount);
    }
  }

  @Test
  void immutableFileStopsTheCompileAndIsRolledBack() throws Exception {
    Path fleet = OutputFixture.write(dir.resolve("fleet.yaml"), OutputFixture.OLD);
    Path out = dir.resolve("out");
    assertThat(OutputFixture.compile(fleet, out).exitCode()).isZero();
    Map<String, String> before = OutputFixture.snapshot(out);
    Path pinned = out.resolve("bootstrap/one/nodes/a-1/config.yaml"); // changed by NEW
    assumeTrue(
        exec("chattr", "+i", pinned.toString()) == 0,
        "skipped: chattr +i is not possible here (needs root and ext4 or similar)");
    try {
      OutputFixture.write(fleet, OutputFixture.NEW);
      OutputFixture.Run run = OutputFixture.compile(fleet, out);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.IO_ERROR);
      assertThat(run.err())
          .isEqualTo("fleet: cannot back up " + pinned + ": Operation not permitted\n");
      assertThat(OutputFixture.snapshot(out)).as("rolled back").isEqualTo(before);
    } finally {
      exec("chattr", "-i", pinned.toString());
    }
    assertThat(OutputFixture.compile(fleet, out).exitCode()).isZero();
  }

  @Test
  void readOnlyFileSystem() throws Exception {
    Path mount = mountTmpfs("size=1m");
    try {
      Path out = mount.resolve("out");
      Path fleet = OutputFixture.write(dir.resolve("fleet.yaml"), OutputFixture.OLD);
      assertThat(OutputFixture.compile(fleet, out).exitCode()).isZero();
      Map<String, String> before = OutputFixture.snapshot(out);
      assertThat(exec("mount", "-o", "remount,ro", mount.toString())).isZero();
      OutputFixture.write(fleet, OutputFixture.NEW);
      OutputFixture.Run run = OutputFixture.compile(fleet, out);
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.IO_ERROR);
      assertThat(run.err())
          .isEqualTo(
              "fleet: cannot create the lock file "
                  + out.resolve(FolderLock.FILE)
                  + ": Read-only file system\n");
      assertThat(OutputFixture.snapshot(out)).isEqualTo(before);
      OutputFixture.Run check = OutputFixture.compile(fleet, out, "--check");
      assertThat(check.exitCode()).as("--check writes nothing").isEqualTo(ExitCode.STALE);
    } finally {
      unmount(mount);
    }
  }

  private Path mountTmpfs(String options) throws Exception {
    Path mount = Files.createDirectories(dir.resolve("mnt"));
    assumeTrue(
        exec("mount", "-t", "tmpfs", "-o", options, "tmpfs", mount.toString()) == 0,
        "skipped: cannot mount a tmpfs here (tests need root for this)");
    return mount;
  }

  private static void unmount(Path mount) throws Exception {
    exec("umount", mount.toString());
  }

  private static int exec(String... command) throws IOException, InterruptedException {
    Process process;
    try {
      process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    } catch (IOException e) {
      return -1; // no such command
    }
    process.getInputStream().readAllBytes();
    return process.waitFor(30, TimeUnit.SECONDS) ? process.exitValue() : -1;
  }
}
