package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.emit.support.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end tests of {@code fleet diff}: sides, formats and exit codes. */
class DiffCommandTest {

  @TempDir Path dir;
  private Path old;
  private Path now;

  @BeforeEach
  void pair() throws IOException {
    Path pairs = Cli.projectRoot().resolve("modules/fleet-plan/src/test/resources/pairs/canonical");
    old = dir.resolve("old.fleet.yaml");
    now = dir.resolve("new.fleet.yaml");
    Files.copy(pairs.resolve("old.fleet.yaml"), old);
    Files.copy(pairs.resolve("new.fleet.yaml"), now);
  }

  @Test
  void aChangeOfEveryClassExits2InEveryFormat() {
    Cli.Run text = Cli.run("diff", old.toString(), now.toString());
    assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(text.out())
        .contains("-/+ platform-us  replace")
        .contains("^ staging  upgrade")
        .contains("order: control plane one node at a time (stg-cp-1, stg-cp-2), then workers")
        .contains(
            "Plan: 6 clusters change (1 unchanged): 1 replace, 1 destroy, 1 create, 1 upgrade,"
                + " 1 remove-node, 1 add-node, 1 reconfigure, 2 gitops.")
        .doesNotContain("\u001b[");
    Cli.Run markdown = Cli.run("diff", "--format", "markdown", old.toString(), now.toString());
    assertThat(markdown.exitCode()).isEqualTo(ExitCode.CHANGES);
    assertThat(markdown.out())
        .startsWith("## fleet diff")
        .contains("| `platform-us` | **replace**");
    Cli.Run json = Cli.run("diff", "--format", "json", old.toString(), now.toString());
    assertThat(json.exitCode()).isEqualTo(ExitCode.CHANGES);
    Map<?, ?> doc = JsonWriter.mapper().readValue(json.out(), Map.class);
    assertThat(doc.get("formatVersion")).isEqualTo(1);
    // The staging upgrade also moves its Flux to the newest line that supports the new minor.
    assertThat(((Map<?, ?>) ((Map<?, ?>) doc.get("summary")).get("changes")).get("gitops"))
        .isEqualTo(2);
  }

  @Test
  void listedInHelp() {
    assertThat(Cli.run("--help").out()).contains("diff");
    assertThat(Cli.run("diff", "--help").out()).contains("REV:path", "--fail-on");
  }

  @Test
  void noChangesExits0() {
    Cli.Run run = Cli.run("diff", old.toString(), old.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).startsWith("No changes. 6 clusters unchanged.");
  }

  @Test
  void failOnExits1OnlyWhenTheClassIsPresent() throws IOException {
    Cli.Run replace = Cli.run("diff", "--fail-on", "replace", old.toString(), now.toString());
    assertThat(replace.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(replace.err()).contains("the plan has replace changes (--fail-on)");
    assertThat(replace.out()).contains("replace");
    String upgradeOnly = Files.readString(old).replace("v1.31.4+k3s1 ", "v1.31.14+k3s1");
    Path patched = dir.resolve("patched.fleet.yaml");
    Files.writeString(patched, upgradeOnly, StandardCharsets.UTF_8);
    Cli.Run upgrade =
        Cli.run("diff", "--fail-on", "replace,destroy", old.toString(), patched.toString());
    assertThat(upgrade.exitCode()).as(upgrade.out()).isEqualTo(ExitCode.CHANGES);
    String skip = upgradeOnly.replace("v1.31.14+k3s1", "v1.33.13+k3s2");
    Files.writeString(
        patched,
        skip.replace(
            "profile: saas-staging\n", "profile: saas-staging\n    kubernetes: \"1.33\"\n"));
    Cli.Run notAllowed =
        Cli.run("diff", "--fail-on", "not-allowed", old.toString(), patched.toString());
    assertThat(notAllowed.exitCode()).as(notAllowed.err()).isEqualTo(ExitCode.INVALID);
    assertThat(notAllowed.out()).contains("not allowed: Kubernetes 1.31 → 1.33 skips a minor");
  }

  @Test
  void unifiedDiffOfTheGeneratedFiles() {
    Cli.Run run = Cli.run("diff", "-u", old.toString(), now.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.CHANGES);
    assertThat(run.out())
        .contains("--- a/bootstrap/staging/nodes/stg-cp-1/install.sh")
        .contains("+++ b/bootstrap/staging/nodes/stg-cp-1/install.sh")
        .contains("@@ ")
        .contains("--- /dev/null\n+++ b/bootstrap/prod-ap/RUNBOOK.md");
    Cli.Run markdown =
        Cli.run("diff", "-u", "--format", "markdown", old.toString(), now.toString());
    assertThat(markdown.out()).contains("<details><summary>Generated files</summary>", "````diff");
  }

  @Test
  void colourOnlyWhenAskedOrOnATerminal() {
    Cli.Run run = Cli.run("diff", "--color", "always", old.toString(), now.toString());
    assertThat(run.out()).contains("\u001b[31m-/+\u001b[0m");
  }

  @Test
  void anOutputFolderIsComparedThroughItsLock() {
    Path out = dir.resolve("out");
    Cli.Run compile = Cli.run("compile", old.toString(), "-o", out.toString());
    assertThat(compile.exitCode()).as(compile.err()).isEqualTo(ExitCode.OK);
    assertThat(Cli.run("diff", out.toString(), old.toString()).exitCode()).isEqualTo(ExitCode.OK);
    Cli.Run run = Cli.run("diff", out.toString(), now.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(run.out())
        .contains("+ prod-ap  create", "^ staging  upgrade", "- platform-ap  destroy");
  }

  @Test
  void gitRevisionsAreReadWithJGit() throws IOException, GitAPIException {
    Path repo = dir.resolve("repo");
    Files.createDirectories(repo);
    PersonIdent me = new PersonIdent("fleetc test", "test@fleetc.dev");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.copy(old, repo.resolve("fleet.yaml"));
      assertThat(
              Cli.run(
                      "compile",
                      old.toString(),
                      "-o",
                      repo.resolve("out").toString(),
                      "--cluster",
                      "staging")
                  .exitCode())
          .isEqualTo(ExitCode.OK);
      git.add().addFilepattern(".").call();
      git.commit().setMessage("old").setAuthor(me).setCommitter(me).setSign(false).call();
      Files.copy(
          now, repo.resolve("fleet.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      assertThat(
              Cli.run(
                      "compile",
                      now.toString(),
                      "-o",
                      repo.resolve("out").toString(),
                      "--cluster",
                      "staging")
                  .exitCode())
          .isEqualTo(ExitCode.OK);
      git.add().addFilepattern(".").call();
      git.commit().setMessage("new").setAuthor(me).setCommitter(me).setSign(false).call();
    }
    String r = repo.toString();
    Cli.Run commits = Cli.run("diff", "--repo", r, "HEAD~1:fleet.yaml", "HEAD:fleet.yaml");
    assertThat(commits.exitCode()).as(commits.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(commits.err()).isEmpty();
    assertThat(commits.out()).contains("^ staging  upgrade", "-/+ platform-us  replace");
    Cli.Run worktree =
        Cli.run("diff", "--repo", r, "main:fleet.yaml", repo.resolve("fleet.yaml").toString());
    assertThat(worktree.exitCode()).as(worktree.err()).isEqualTo(ExitCode.OK);
    Cli.Run folders = Cli.run("diff", "--repo", r, "HEAD~1:out", "HEAD:out", "-u");
    assertThat(folders.exitCode()).as(folders.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(folders.out()).contains("^ staging  upgrade", "+++ b/bootstrap/staging/RUNBOOK.md");
    Cli.Run unknown = Cli.run("diff", "--repo", r, "nosuch:fleet.yaml", "HEAD:fleet.yaml");
    assertThat(unknown.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(unknown.err()).contains("cannot read fleet.yaml at nosuch: no such revision");
    Cli.Run missing = Cli.run("diff", "--repo", r, "HEAD:nope.yaml", "HEAD:fleet.yaml");
    assertThat(missing.err()).contains("'nope.yaml' does not exist at HEAD");
  }

  @Test
  void errorsExit1AndUsageErrorsExit64() throws IOException {
    Cli.Run missing = Cli.run("diff", dir.resolve("nope.yaml").toString(), now.toString());
    assertThat(missing.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(missing.err()).contains("nope.yaml: no such file or folder");
    Path broken = dir.resolve("broken.fleet.yaml");
    Files.writeString(broken, Files.readString(old).replace("role: worker", "role: wroker"));
    Cli.Run invalid = Cli.run("diff", old.toString(), broken.toString());
    assertThat(invalid.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(invalid.err()).contains("error[FLEET-E021]", "the fleet has errors");
    assertThat(Cli.run("diff", "--format", "yaml", old.toString(), now.toString()).exitCode())
        .isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("diff", "--fail-on", "explode", old.toString(), now.toString()).exitCode())
        .isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("diff", old.toString()).exitCode()).isEqualTo(ExitCode.USAGE);
  }
}
