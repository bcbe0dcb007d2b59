package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files are staged while later clusters are still being emitted; a file fleetc does not own found
 * late in the stream must still leave the folder exactly as it was.
 */
class StreamingStagingTest {

  @TempDir Path dir;

  @AfterEach
  void uninstall() {
    Faults.install(null);
  }

  @Test
  void aForeignFileFoundLateLeavesTheFolderUntouched() throws IOException {
    Path out = dir.resolve("out");
    Path old = OutputFixture.write(dir.resolve("old.yaml"), OutputFixture.OLD);
    assertThat(OutputFixture.compile(old, out).exitCode()).isZero();
    // Cluster one changes (staged first), and a last cluster, "zz", meets a hand-written file.
    String fleet =
        OutputFixture.OLD.replace("10.0.0.2", "10.0.0.9")
            + """
              - name: zz
                nodes:
                  - {name: s-1, address: 10.0.9.1, role: control-plane}
            """;
    Path changed = OutputFixture.write(dir.resolve("new.yaml"), fleet);
    Path theirs = out.resolve("bootstrap/zz/RUNBOOK.md");
    Files.createDirectories(theirs.getParent());
    Files.writeString(theirs, "hand-written");
    Map<String, String> before = OutputFixture.snapshot(out);

    List<String> staged = Collections.synchronizedList(new ArrayList<>());
    Faults.install(
        (operation, path) -> {
          if (operation.equals("write")) {
            staged.add(out.relativize(path).toString());
          }
        });
    OutputFixture.Run run = OutputFixture.compile(changed, out);
    Faults.install(null);

    assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err())
        .contains("these files exist in " + out + " but fleetc did not write them:")
        .contains("  bootstrap/zz/RUNBOOK.md")
        .contains("Nothing was written.");
    assertThat(staged)
        .as("cluster one's files were staged before zz was reached")
        .isNotEmpty()
        .allMatch(p -> p.startsWith(Transaction.STAGING + "/f"));
    assertThat(OutputFixture.snapshot(out)).isEqualTo(before);
    assertThat(out.resolve(Transaction.STAGING)).doesNotExist();

    OutputFixture.Run forced = OutputFixture.compile(changed, out, "--force");
    assertThat(forced.exitCode()).as(forced.err()).isZero();
    assertThat(theirs).content().startsWith("# Cluster zz");
  }

  /**
   * A failure while renaming into place whose undo fails too leaves the journal and the backups:
   * nothing of the streamed compile's clean-up may delete them, and the next compile finishes it.
   */
  @Test
  void aFailedUndoAfterTheCommitLeavesWhatTheRepairNeeds() throws IOException {
    Path out = dir.resolve("out");
    Path old = OutputFixture.write(dir.resolve("old.yaml"), OutputFixture.OLD);
    Path changed = OutputFixture.write(dir.resolve("new.yaml"), OutputFixture.NEW);
    Map<String, String> newState = OutputFixture.cleanResult(dir.resolve("ref"), OutputFixture.NEW);
    assertThat(OutputFixture.compile(old, out).exitCode()).isZero();

    AtomicBoolean committed = new AtomicBoolean();
    AtomicInteger movesAfter = new AtomicInteger();
    Faults.install(
        (operation, path) -> {
          if (!operation.equals("move")) {
            return;
          }
          if (committed.get() && movesAfter.incrementAndGet() > 2) {
            throw new IOException("injected failure");
          }
          if (path.endsWith(Journal.FILE)) {
            committed.set(true);
          }
        });
    OutputFixture.Run run = OutputFixture.compile(changed, out);
    Faults.install(null);

    assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).contains("undoing the compile failed too", "the next 'fleet compile'");
    assertThat(new Transaction(SafeFolder.of(out)).leftover())
        .isEqualTo(Transaction.Leftover.JOURNAL);

    OutputFixture.Run next = OutputFixture.compile(changed, out);
    assertThat(next.exitCode()).as(next.err()).isZero();
    assertThat(next.err()).contains("finished an interrupted compile");
    assertThat(OutputFixture.snapshot(out)).isEqualTo(newState);
  }
}
