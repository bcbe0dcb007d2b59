package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops a compile that adds, changes and prunes files after each of its operations in turn, and
 * checks that the folder is then never called up to date unless it is, that the next run leaves
 * exactly the old or the new state, and that the compile after it leaves exactly the new state.
 */
class CrashInjectionTest {

  /** Thrown by the hook to stop a compile as {@code kill -9} would: no handler catches it. */
  static final class Crash extends Error {
    Crash() {
      super("simulated crash", null, false, false);
    }
  }

  @TempDir Path dir;
  Map<String, String> oldState;
  Map<String, String> newState;
  int operations;

  @BeforeEach
  void referenceStates() throws IOException {
    oldState = OutputFixture.cleanResult(dir.resolve("ref-old"), OutputFixture.OLD);
    newState = OutputFixture.cleanResult(dir.resolve("ref-new"), OutputFixture.NEW);
    assertThat(oldState).isNotEqualTo(newState);
    Path out = prepared("count");
    List<String> done = new ArrayList<>();
    Faults.install((operation, path) -> done.add(operation + " " + out.relativize(path)));
    OutputFixture.Run run = OutputFixture.compile(dir.resolve("count/new.yaml"), out);
    Faults.install(null);
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(OutputFixture.snapshot(out)).isEqualTo(newState);
    operations = done.size();
    assertThat(operations).as("staging, journal, renames, prunes, clean-up").isGreaterThan(20);
    everyChangedFileIsStagedBeforeTheCommit(done);
  }

  /**
   * The operations the crash loops stop at: files are staged as the clusters stream past, each
   * changed file (the lock included) once, each with a stop half-way through its content, all
   * before the journal is written and renamed (the commit point).
   */
  private void everyChangedFileIsStagedBeforeTheCommit(List<String> done) {
    String staging = Transaction.STAGING + "/";
    assertThat(done.get(0)).isEqualTo("mkdir " + Transaction.STAGING);
    List<String> stagedFiles = new ArrayList<>();
    for (int i = 0; i < done.size(); i++) {
      String op = done.get(i);
      if (op.startsWith("write " + staging + "f")) {
        String file = op.substring("write ".length());
        stagedFiles.add(file);
        assertThat(done.get(i + 1)).isEqualTo("write-rest " + file);
      }
    }
    long changed =
        newState.entrySet().stream()
            .filter(
                e -> !e.getKey().endsWith("/") && !e.getValue().equals(oldState.get(e.getKey())))
            .count();
    assertThat(stagedFiles)
        .as("one staged file per changed file, the lock included")
        .hasSize((int) changed);
    int journal = done.indexOf("write " + staging + Journal.FILE + ".draft");
    int commit = done.indexOf("move " + staging + Journal.FILE);
    assertThat(journal)
        .isGreaterThan(done.indexOf("write-rest " + stagedFiles.get(stagedFiles.size() - 1)));
    assertThat(done.get(journal + 1)).isEqualTo("write-rest " + staging + Journal.FILE + ".draft");
    assertThat(commit).isGreaterThan(journal);
  }

  @AfterEach
  void uninstall() {
    Faults.install(null);
  }

  /** An output folder holding the old fleet's files, and the new fleet beside it. */
  private Path prepared(String name) throws IOException {
    Path base = dir.resolve(name);
    Path old = OutputFixture.write(base.resolve("old.yaml"), OutputFixture.OLD);
    OutputFixture.write(base.resolve("new.yaml"), OutputFixture.NEW);
    Path out = base.resolve("out");
    Path reference = dir.resolve("ref-old/out");
    if (Files.isDirectory(reference)) {
      OutputFixture.copy(reference, out); // faster than compiling it again
    } else {
      assertThat(OutputFixture.compile(old, out).exitCode()).isZero();
    }
    return out;
  }

  @Test
  void crashAfterEveryOperationIsRepaired() throws IOException {
    List<String> outcomes = new ArrayList<>();
    for (int n = 1; n <= operations; n++) {
      Path out = prepared("crash-" + n);
      Path fleet = out.resolveSibling("new.yaml");
      AtomicInteger count = new AtomicInteger();
      int stopAt = n;
      String[] stoppedBefore = new String[1];
      Faults.install(
          (operation, path) -> {
            if (count.incrementAndGet() == stopAt) {
              stoppedBefore[0] = operation + " " + out.relativize(path);
              throw new Crash();
            }
          });
      try {
        OutputFixture.compile(fleet, out);
        throw new AssertionError("the compile did not reach operation " + n);
      } catch (Crash expected) {
        // as if killed
      } finally {
        Faults.install(null);
      }
      String at = "crash before operation " + n + " (" + stoppedBefore[0] + ")";

      OutputFixture.Run check = OutputFixture.compile(fleet, out, "--check");
      if (check.exitCode() == ExitCode.OK) {
        assertThat(withoutLockFile(out)).as(at + ": --check said up to date").isEqualTo(newState);
      } else {
        assertThat(check.exitCode()).as(at + "\n" + check.err()).isEqualTo(ExitCode.STALE);
      }

      // The next run first repairs: the folder is then exactly the old or the new state.
      new OutputTree(SafeFolder.of(out)).repair();
      Map<String, String> repaired = withoutLockFile(out);
      assertThat(repaired.equals(oldState) || repaired.equals(newState))
          .as(at + ": after repair\n" + repaired)
          .isTrue();
      outcomes.add(repaired.equals(oldState) ? "old" : "new");

      OutputFixture.Run next = OutputFixture.compile(fleet, out);
      assertThat(next.exitCode()).as(at + "\n" + next.err()).isZero();
      assertThat(OutputFixture.snapshot(out)).as(at + ": next compile").isEqualTo(newState);
      assertThat(OutputFixture.compile(fleet, out, "--check").exitCode()).isZero();
    }
    assertThat(outcomes)
        .as("crashes before the commit roll back, after it roll forward")
        .contains("old", "new");
  }

  /**
   * A crash while repairing a committed compile, at each of the repair's operations, for the first,
   * a middle and the last committed crash point of the compile (all of them would take half a
   * minute for no more coverage: the repair's steps do not depend on where the compile stopped).
   */
  @Test
  void crashDuringTheRepairIsRepairedByTheNextRun() throws IOException {
    List<Integer> committed = new ArrayList<>();
    for (int n = 1; n <= operations; n++) {
      Path out = prepared("committed-" + n);
      crashAt(out, () -> OutputFixture.compile(out.resolveSibling("new.yaml"), out), n);
      if (new Transaction(SafeFolder.of(out)).leftover() == Transaction.Leftover.JOURNAL) {
        committed.add(n);
      }
    }
    assertThat(committed).isNotEmpty();
    int repairsChecked = 0;
    for (int n :
        new java.util.TreeSet<>(
            List.of(
                committed.get(0),
                committed.get(committed.size() / 2),
                committed.get(committed.size() - 1)))) {
      // Each folder is crashed anew rather than copied: a journal is bound to the staging folder
      // it was written into (its device and inode), so a copy's journal is refused, as a planted
      // one is (PlantedJournalTest).
      Path probe = prepared("double-" + n + "-probe");
      crashAt(probe, () -> OutputFixture.compile(probe.resolveSibling("new.yaml"), probe), n);
      AtomicInteger count = new AtomicInteger();
      Faults.install((operation, path) -> count.incrementAndGet());
      try {
        new OutputTree(SafeFolder.of(probe)).repair();
      } finally {
        Faults.install(null);
      }
      for (int k = 1; k <= count.get(); k++) {
        Path copy = prepared("double-" + n + "-repair-" + k);
        crashAt(copy, () -> OutputFixture.compile(copy.resolveSibling("new.yaml"), copy), n);
        crashAt(copy, () -> new OutputTree(SafeFolder.of(copy)).repair(), k);
        new OutputTree(SafeFolder.of(copy)).repair();
        Map<String, String> repaired = withoutLockFile(copy);
        assertThat(repaired)
            .as("crash at compile operation " + n + ", then at repair operation " + k)
            .isIn(oldState, newState);
        repairsChecked++;
      }
    }
    assertThat(repairsChecked).isPositive();
  }

  /** A step that may fail. */
  private interface IoStep {
    Object run() throws IOException;
  }

  /** Runs {@code step}, stopping it as a crash would before its {@code n}th change. */
  private static void crashAt(Path out, IoStep step, int n) throws IOException {
    AtomicInteger count = new AtomicInteger();
    Faults.install(
        (operation, path) -> {
          if (count.incrementAndGet() == n) {
            throw new Crash();
          }
        });
    try {
      step.run();
      throw new AssertionError("did not reach operation " + n + " in " + out);
    } catch (Crash expected) {
      // as if killed
    } finally {
      Faults.install(null);
    }
  }

  @Test
  void failureAtEveryOperationLeavesTheOldStateOrTheNew() throws IOException {
    for (int n = 1; n <= operations; n++) {
      Path out = prepared("fail-" + n);
      Path fleet = out.resolveSibling("new.yaml");
      AtomicInteger count = new AtomicInteger();
      int failAt = n;
      Faults.install(
          (operation, path) -> {
            if (count.incrementAndGet() == failAt) {
              throw new IOException("injected failure");
            }
          });
      OutputFixture.Run run;
      try {
        run = OutputFixture.compile(fleet, out);
      } finally {
        Faults.install(null);
      }
      String at = "failure at operation " + n + ": " + run.err();
      Map<String, String> after = OutputFixture.snapshot(out);
      if (run.exitCode() == ExitCode.OK) {
        assertThat(after).as(at).isEqualTo(newState);
      } else {
        assertThat(run.exitCode()).as(at).isEqualTo(ExitCode.IO_ERROR);
        assertThat(run.err())
            .as(at)
            .startsWith("fleet: cannot ")
            .contains(out.toString(), ": injected failure")
            .doesNotContain("\tat ");
        assertThat(after.equals(oldState) || withoutStaging(after).equals(newState))
            .as(at + "\n" + after)
            .isTrue();
      }
      OutputFixture.Run next = OutputFixture.compile(fleet, out);
      assertThat(next.exitCode()).as(at + "\n" + next.err()).isZero();
      assertThat(OutputFixture.snapshot(out)).as(at).isEqualTo(newState);
    }
  }

  @Test
  void firstCompileThatFailsLeavesNoFolderBehind() throws IOException {
    Path fleet = OutputFixture.write(dir.resolve("first/new.yaml"), OutputFixture.NEW);
    for (int n = 1; ; n++) {
      Path out = dir.resolve("first/a/b/out-" + n);
      AtomicInteger count = new AtomicInteger();
      int failAt = n;
      Faults.install(
          (operation, path) -> {
            if (count.incrementAndGet() == failAt) {
              throw new IOException("injected failure");
            }
          });
      OutputFixture.Run run;
      try {
        run = OutputFixture.compile(fleet, out);
      } finally {
        Faults.install(null);
      }
      if (run.exitCode() == ExitCode.OK) {
        break; // past the last operation
      }
      if (!run.err().contains("the new files are in place")) {
        assertThat(out).as("failure at operation " + n + ": " + run.err()).doesNotExist();
      }
    }
  }

  /** The state as a reader of the lock sees it: the advisory lock file is no output. */
  private static Map<String, String> withoutLockFile(Path out) throws IOException {
    Map<String, String> tree = OutputFixture.snapshot(out);
    tree.remove(FolderLock.FILE);
    return tree;
  }

  private static Map<String, String> withoutStaging(Map<String, String> tree) {
    Map<String, String> rest = new java.util.TreeMap<>(tree);
    rest.keySet().removeIf(k -> k.startsWith(Transaction.STAGING));
    return rest;
  }

  @Test
  void aLeftoverStagingFolderIsNeverCalledUpToDate() throws IOException {
    Path out = prepared("leftover");
    Path fleet = out.resolveSibling("old.yaml");
    Files.createDirectory(out.resolve(Transaction.STAGING));
    OutputFixture.Run check = OutputFixture.compile(fleet, out, "--check");
    assertThat(check.exitCode()).isEqualTo(ExitCode.STALE);
    assertThat(check.err()).contains("interrupted fleet compile");
    OutputFixture.Run compile = OutputFixture.compile(fleet, out);
    assertThat(compile.exitCode()).as(compile.err()).isZero();
    assertThat(compile.err()).contains("removed the staging folder of an interrupted compile");
    assertThat(out.resolve(Transaction.STAGING)).doesNotExist();
    assertThat(OutputFixture.compile(fleet, out, "--check").exitCode()).isZero();
  }
}
