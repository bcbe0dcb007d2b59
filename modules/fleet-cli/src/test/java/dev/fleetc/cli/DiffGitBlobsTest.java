package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet diff REV:out} reads the blobs of a compiled folder one at a time, when a unified
 * diff needs one, not all of them up front: a few compressible blobs in a small repository must not
 * cost gigabytes, nor fail on a size no file has.
 */
class DiffGitBlobsTest {

  @TempDir Path dir;

  @Test
  void blobsAreReadOnlyWhenNeededAndOneAtATime() throws Exception {
    Path fleet =
        Cli.projectRoot()
            .resolve("modules/fleet-plan/src/test/resources/pairs/canonical/old.fleet.yaml");
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo);
    PersonIdent me = new PersonIdent("fleetc test", "test@fleetc.dev");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Path out = repo.resolve("out");
      Cli.Run compile = Cli.run("compile", fleet.toString(), "-o", out.toString());
      assertThat(compile.exitCode()).as(compile.err()).isEqualTo(ExitCode.OK);
      // A file the lock lists becomes 513 MiB of zeros at the revision (a sparse file here, little
      // in git): past what fleetc reads of one file, and never needed to compare by digest.
      Path runbook = out.resolve("bootstrap/staging/RUNBOOK.md");
      assertThat(runbook).exists();
      try (RandomAccessFile file = new RandomAccessFile(runbook.toFile(), "rw")) {
        file.setLength(513L * 1024 * 1024);
      }
      git.getRepository().getConfig().setInt("core", null, "compression", 1); // a faster test
      git.add().addFilepattern(".").call();
      git.commit().setMessage("out").setAuthor(me).setCommitter(me).setSign(false).call();
      Files.delete(runbook);
    }
    Cli.Run run = Cli.run("diff", "--repo", repo.toString(), "HEAD:out", "HEAD:out");
    assertThat(run.err()).doesNotContain("512 MiB");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
  }
}
