package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fleetc never writes, reads or deletes through a symbolic link inside the output folder: a link
 * where it would write, prune or descend is refused (exit 4, naming the link), whatever the lock
 * says, and what the link points to is unchanged.
 */
class SymlinkInOutputTest {

  @TempDir Path dir;
  Path out;
  Path elsewhere;
  Path fleet;

  @BeforeEach
  void compileOnce() throws IOException {
    out = dir.resolve("out");
    elsewhere = dir.resolve("elsewhere");
    Files.createDirectories(elsewhere);
    fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, TamperedLockTest.FLEET);
    assertThat(Cli.run("compile", fleet.toString(), "-o", out.toString()).exitCode()).isZero();
    // The next compile changes cluster one's files and prunes cluster two's.
    Files.writeString(fleet, TamperedLockTest.ONE_CLUSTER.replace("10.0.0.1", "10.0.0.9"));
  }

  @Test
  void symlinkedFolderIsNotWrittenThrough() throws IOException {
    Path real = out.resolve("bootstrap/one/nodes");
    Path moved = elsewhere.resolve("nodes");
    Files.move(real, moved);
    Files.createSymbolicLink(real, moved);
    String before = Files.readString(moved.resolve("s-1/config.yaml"));
    Cli.Run run = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err())
        .startsWith("fleet: " + real + " -> " + moved + " is a symbolic link")
        .doesNotContain("\tat ");
    assertThat(moved.resolve("s-1/config.yaml")).hasContent(before);
    try (var files = Files.list(moved.resolve("s-1"))) {
      assertThat(files)
          .as("no staged or temporary file beside them")
          .hasSize(3); // config.yaml, install.sh, user-data.yaml
    }
    assertThat(out.resolve("bootstrap/two/RUNBOOK.md")).as("nothing pruned either").exists();
    assertThat(out.resolve(".fleetc-staging")).doesNotExist();
    Cli.Run check = Cli.run("compile", fleet.toString(), "-o", out.toString(), "--check");
    assertThat(check.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(check.err()).contains(real + " -> " + moved + " is a symbolic link");
  }

  @Test
  void symlinkedFileIsNotWrittenThroughNorPruned() throws IOException {
    Path target = elsewhere.resolve("precious.md");
    Files.writeString(target, "precious");
    Path config = out.resolve("bootstrap/one/nodes/s-1/config.yaml");
    Files.delete(config);
    Files.createSymbolicLink(config, target);
    Cli.Run run = Cli.run("compile", fleet.toString(), "-o", out.toString(), "--force");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).contains(config + " -> " + target + " is a symbolic link");
    assertThat(target).hasContent("precious");

    Files.delete(config);
    Path pruned = out.resolve("bootstrap/two/RUNBOOK.md");
    Files.delete(pruned);
    Files.createSymbolicLink(pruned, target);
    run = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).contains(pruned + " -> " + target + " is a symbolic link");
    assertThat(target).hasContent("precious");
    assertThat(Files.isSymbolicLink(pruned)).isTrue();
  }

  @Test
  void symlinkedLockIsNotFollowed() throws IOException {
    Path lock = out.resolve("fleet.lock.json");
    Path copy = elsewhere.resolve("lock.json");
    Files.move(lock, copy);
    Files.createSymbolicLink(lock, copy);
    String before = Files.readString(copy);
    Cli.Run run = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).contains(lock + " -> " + copy + " is a symbolic link");
    assertThat(copy).hasContent(before);
    Cli.Run diff = Cli.run("diff", out.toString(), fleet.toString());
    assertThat(diff.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(diff.err()).contains("is a symbolic link");
  }

  @Test
  void outputFolderItselfMayBeALink() throws IOException {
    Path link = dir.resolve("link-to-out");
    Files.createSymbolicLink(link, out);
    Cli.Run run = Cli.run("compile", fleet.toString(), "-o", link.toString());
    assertThat(run.exitCode())
        .as("the folder named on the command line is the user's choice")
        .isEqualTo(ExitCode.OK);
    assertThat(out.resolve("bootstrap/two")).doesNotExist();
  }
}
