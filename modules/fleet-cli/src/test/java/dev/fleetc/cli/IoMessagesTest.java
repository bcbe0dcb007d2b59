package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** I/O and git failures name the path or revision and the reason, never a bare path or "null". */
class IoMessagesTest {

  @TempDir Path dir;

  @Test
  void outputThatIsAFileIsNamed() throws IOException {
    Path fleet = Files.writeString(dir.resolve("fleet.yaml"), TamperedLockTest.FLEET);
    Path file = Files.writeString(dir.resolve("afile"), "x");
    Cli.Run run = Cli.run("compile", fleet.toString(), "-o", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).isEqualTo("fleet: " + file + " exists and is not a folder\n");
    Cli.Run below = Cli.run("compile", fleet.toString(), "-o", file.resolve("out").toString());
    assertThat(below.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(below.err()).startsWith("fleet: cannot create the folder " + file.resolve("out"));
    assertThat(below.err()).endsWith(": Not a directory\n");
  }

  @Test
  void gitFailuresSayWhatFailed() throws IOException, GitAPIException {
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo);
    Path fleet = Files.writeString(repo.resolve("fleet.yaml"), TamperedLockTest.FLEET);
    Path out = repo.resolve("out");
    assertThat(Cli.run("compile", fleet.toString(), "-o", out.toString()).exitCode()).isZero();
    String lock = Files.readString(out.resolve("fleet.lock.json"));
    Files.writeString(
        out.resolve("fleet.lock.json"),
        lock.replace("\"bootstrap/two/RUNBOOK.md\"", "\"../../etc/passwd\""));
    PersonIdent me = new PersonIdent("fleetc test", "test@fleetc.dev");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("tampered").setAuthor(me).setCommitter(me).setSign(false).call();
    }
    String r = repo.toString();
    Cli.Run tampered = Cli.run("diff", "--repo", r, "HEAD:out", "HEAD:fleet.yaml");
    assertThat(tampered.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(tampered.err())
        .isEqualTo(
            "fleet: HEAD:out/fleet.lock.json: clusters[1].artifacts[0].path: '../../etc/passwd'"
                + " is not normalized ('..'); refusing this lock\n");
    Cli.Run noRevision = Cli.run("diff", "--repo", r, "origin/main:fleet.yaml", "HEAD:fleet.yaml");
    assertThat(noRevision.err())
        .isEqualTo(
            "fleet: origin/main:fleet.yaml: cannot read fleet.yaml at origin/main: no such"
                + " revision\n");
    Cli.Run badSyntax = Cli.run("diff", "--repo", r, "HEAD^^{nope:fleet.yaml", "HEAD:fleet.yaml");
    assertThat(badSyntax.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(badSyntax.err()).doesNotContain("null").contains("cannot read");
  }
}
