package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code kill -9} of a compiling process at random moments (a fixed seed, a bounded number of
 * runs) while it stages and renames files: whatever the moment, {@code --check} never calls the
 * folder up to date unless it is, and the next compile leaves exactly what an uninterrupted compile
 * leaves.
 */
class KillNineTest {

  private static final int RUNS = 6;

  @TempDir Path dir;

  @Test
  void killedCompilesAreRepairedByTheNextOne() throws Exception {
    // The new fleet changes a third of the old one's clusters, drops a third and adds as many.
    String oldFleet = Subprocess.fleet(0, 60, "10.1");
    String newFleet =
        Subprocess.fleet(0, 20, "10.1") + Subprocess.fleet(20, 60, "10.2").split("clusters:\n")[1];
    Path newFile = OutputFixture.write(dir.resolve("new.yaml"), newFleet);
    Map<String, String> oldState = OutputFixture.cleanResult(dir.resolve("ref-old"), oldFleet);
    Map<String, String> newState = OutputFixture.cleanResult(dir.resolve("ref-new"), newFleet);

    // How long each phase takes: staging (from the staging folder's appearance to the journal's),
    // then renaming (from the journal's appearance to the end).
    Path timed = dir.resolve("timed");
    OutputFixture.copy(dir.resolve("ref-old/out"), timed);
    Process whole =
        Subprocess.start(dir, "timed", "compile", newFile.toString(), "-o", timed.toString());
    long stagingStart = await(whole, timed.resolve(Transaction.STAGING));
    long renameStart = await(whole, timed.resolve(Transaction.STAGING).resolve(Journal.FILE));
    assertThat(whole.waitFor(120, TimeUnit.SECONDS)).isTrue();
    long end = System.nanoTime();
    assertThat(whole.exitValue()).as(Subprocess.err(dir, "timed")).isZero();
    long[] windows = {
      Math.max(1, (renameStart - stagingStart) / 1_000_000),
      Math.max(1, (end - renameStart) / 1_000_000)
    };

    Random random = new Random(20261129);
    int halfDone = 0;
    for (int run = 0; run < RUNS; run++) {
      Path out = dir.resolve("run-" + run);
      OutputFixture.copy(dir.resolve("ref-old/out"), out);
      Process compile =
          Subprocess.start(dir, "run-" + run, "compile", newFile.toString(), "-o", out.toString());
      // Even runs are killed while staging, odd ones while renaming.
      Path trigger = out.resolve(Transaction.STAGING);
      if (run % 2 == 1) {
        trigger = trigger.resolve(Journal.FILE);
      }
      long window = windows[run % 2];
      long delay = random.nextInt((int) window + 1);
      await(compile, trigger);
      boolean finished = compile.waitFor(delay, TimeUnit.MILLISECONDS);
      compile.destroyForcibly(); // SIGKILL
      assertThat(compile.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String at =
          "run " + run + " killed " + delay + " ms after " + out.relativize(trigger) + " appeared";

      Map<String, String> killed = OutputFixture.snapshot(out);
      killed.remove(FolderLock.FILE);
      boolean intact = killed.equals(oldState) || killed.equals(newState);
      halfDone += intact ? 0 : 1;
      OutputFixture.Run check = OutputFixture.compile(newFile, out, "--check");
      if (check.exitCode() == ExitCode.OK) {
        assertThat(killed).as(at + ": --check said up to date").isEqualTo(newState);
      } else {
        assertThat(check.exitCode()).as(at + "\n" + check.err()).isEqualTo(ExitCode.STALE);
      }
      OutputFixture.Run next = OutputFixture.compile(newFile, out);
      assertThat(next.exitCode()).as(at + "\n" + next.err()).isZero();
      assertThat(OutputFixture.snapshot(out)).as(at).isEqualTo(newState);
      System.out.printf(
          "KillNineTest: %s: %s; next compile: %s%n",
          at,
          finished ? "it had finished" : intact ? "folder whole" : "folder not whole",
          next.err().isBlank() ? "nothing to repair" : next.err().strip());
    }
    System.out.printf("KillNineTest: %d of %d kills left a folder not whole%n", halfDone, RUNS);
  }

  /** Waits until {@code file} appears (or the compile ends); returns when (nanoTime). */
  private static long await(Process compile, Path file) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(file) && compile.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(1);
    }
    return System.nanoTime();
  }
}
