package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lock in parts ({@code fleet.lock.json} and {@code fleet.lock.d/}, docs/scale.md): a compile
 * writes it once the single file would pass its size, reads it back, migrates to and from the
 * single file an earlier fleetc wrote, and refuses hostile parts; {@code fleet diff} reads it too.
 * The size is lowered here ({@code -Dfleetc.lockSingleMaxBytes}) so that twenty clusters are parted
 * as 3,000 are in use.
 */
class PartedLockTest {

  @TempDir Path dir;
  Path fleet;
  Path out;

  @BeforeEach
  void fleet() throws IOException {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: fleetc.dev/v1alpha1
            kind: Fleet
            metadata: {name: parted}
            defaults: {kubernetes: "1.35", distribution: k3s}
            clusters:
            """);
    for (int c = 0; c < 20; c++) {
      yaml.append(
          """
            - name: c%02d
              token: {secretRef: env:TOKEN}
              nodes:
                - {name: s-1, address: 10.0.%d.1, role: control-plane}
                - {name: w-1, address: 10.0.%d.2, role: worker}
          """
              .formatted(c, c, c));
    }
    fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, yaml);
    out = dir.resolve("out");
  }

  @AfterEach
  void singleAgain() {
    System.clearProperty("fleetc.lockSingleMaxBytes");
  }

  private static void parted(boolean parted) {
    if (parted) {
      System.setProperty("fleetc.lockSingleMaxBytes", "2000");
    } else {
      System.clearProperty("fleetc.lockSingleMaxBytes");
    }
  }

  private Cli.Run compile(String... more) {
    String[] args =
        Stream.concat(Stream.of("compile", fleet.toString(), "-o", out.toString()), Stream.of(more))
            .toArray(String[]::new);
    return Cli.run(args);
  }

  private Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    return files;
  }

  @Test
  void anEarlierSingleLockMigratesToPartsAndBack() throws IOException {
    Cli.Run single = compile();
    assertThat(single.exitCode()).as(single.err()).isZero();
    Map<String, String> singleTree = tree(out);
    assertThat(out.resolve("fleet.lock.d")).doesNotExist();

    parted(true);
    Cli.Run migrate = compile();
    assertThat(migrate.exitCode()).as(migrate.err()).isZero();
    assertThat(migrate.out()).contains("0 files written"); // only the lock changed
    try (Stream<Path> parts = Files.list(out.resolve("fleet.lock.d"))) {
      assertThat(parts.map(p -> p.getFileName().toString()))
          .hasSize(16)
          .contains("0.json", "f.json");
    }
    assertThat(Files.readString(out.resolve("fleet.lock.json")))
        .contains("\"format\": 2", "\"parts\"")
        .doesNotContain("\"clusters\": [");
    Cli.Run check = compile("--check");
    assertThat(check.exitCode()).as(check.out() + check.err()).isZero();
    Cli.Run diff = Cli.run("diff", out.toString(), fleet.toString());
    assertThat(diff.exitCode()).as(diff.out() + diff.err()).isZero();
    assertThat(diff.out()).contains("20 clusters unchanged");

    parted(false);
    Cli.Run back = compile();
    assertThat(back.exitCode()).as(back.err()).isZero();
    assertThat(back.out()).contains("16 removed");
    assertThat(out.resolve("fleet.lock.d")).doesNotExist();
    assertThat(tree(out)).isEqualTo(singleTree); // byte for byte the earlier output
  }

  /**
   * A check of a folder that does not exist names the lock's files without serializing them: the
   * very files the compile then writes, parted or single.
   */
  @Test
  void aCheckOfNoFolderNamesTheLockFilesTheCompileWrites() throws IOException {
    for (boolean parted : new boolean[] {true, false}) {
      parted(parted);
      out = dir.resolve(parted ? "parted" : "single");
      Cli.Run check = compile("--check");
      assertThat(check.exitCode()).as(check.err()).isEqualTo(3);
      java.util.List<String> named =
          check.err().lines().filter(l -> l.contains("fleet.lock")).map(String::strip).toList();
      assertThat(compile().exitCode()).isZero();
      java.util.List<String> written =
          tree(out).keySet().stream()
              .filter(p -> p.startsWith("fleet.lock"))
              .map(p -> "changed  " + p)
              .sorted()
              .toList();
      assertThat(named).as("parted %s", parted).containsExactlyElementsOf(written);
      assertThat(named).hasSize(parted ? 17 : 1);
    }
  }

  @Test
  void aPartedFolderDiffsAgainstASingleOne() throws IOException {
    parted(true);
    assertThat(compile().exitCode()).isZero();
    parted(false);
    Path single = dir.resolve("single");
    assertThat(Cli.run("compile", fleet.toString(), "-o", single.toString()).exitCode()).isZero();
    Files.writeString(fleet, Files.readString(fleet).replace("10.0.3.2", "10.0.3.9"));
    assertThat(Cli.run("compile", fleet.toString(), "-o", single.toString()).exitCode()).isZero();
    Cli.Run diff = Cli.run("diff", out.toString(), single.toString());
    assertThat(diff.exitCode()).as(diff.err()).isEqualTo(2);
    assertThat(diff.out()).contains("c03").contains("19 unchanged");
  }

  @Test
  void aPartedLockIsReadAtAGitRevisionAndALinkedPartRefused() throws Exception {
    Path repo = dir.resolve("repo");
    out = repo.resolve("out");
    parted(true);
    assertThat(compile().exitCode()).isZero();
    var me = new org.eclipse.jgit.lib.PersonIdent("fleetc test", "test@fleetc.dev");
    try (var git =
        org.eclipse.jgit.api.Git.init()
            .setDirectory(repo.toFile())
            .setInitialBranch("main")
            .call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("out").setAuthor(me).setCommitter(me).setSign(false).call();
      Cli.Run same = Cli.run("diff", "--repo", repo.toString(), "HEAD:out", fleet.toString());
      assertThat(same.exitCode()).as(same.out() + same.err()).isZero();
      assertThat(same.out()).contains("20 clusters unchanged");
      // The same part as a link in the next commit: refused, never followed.
      Path part = out.resolve("fleet.lock.d/5.json");
      Files.delete(part);
      Files.createSymbolicLink(part, dir.resolve("elsewhere.json"));
      git.add().addFilepattern(".").call();
      git.commit().setMessage("link").setAuthor(me).setCommitter(me).setSign(false).call();
    }
    Cli.Run linked = Cli.run("diff", "--repo", repo.toString(), "HEAD:out", fleet.toString());
    assertThat(linked.exitCode()).isEqualTo(1);
    assertThat(linked.err()).contains("fleet.lock.d/5.json: is a symbolic link at this revision");
  }

  @Test
  void aLinkedPartIsRefusedAndNothingIsWritten() throws IOException {
    parted(true);
    assertThat(compile().exitCode()).isZero();
    Path outside = Files.writeString(dir.resolve("outside.json"), "{}");
    Path part = out.resolve("fleet.lock.d/3.json");
    String before = Files.readString(part);
    Files.delete(part);
    Files.createSymbolicLink(part, outside);
    Cli.Run run = compile();
    assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err())
        .contains(out.resolve("fleet.lock.d/3.json") + ": is a symbolic link")
        .contains("Nothing was written");
    assertThat(Files.isSymbolicLink(part)).isTrue();
    assertThat(Files.readString(outside)).isEqualTo("{}");
    assertThat(before).startsWith("{\"format\":2,\"part\":\"3\"");
  }

  @Test
  void anEditedOrMissingPartIsRefusedNamingIt() throws IOException {
    parted(true);
    assertThat(compile().exitCode()).isZero();
    Path part;
    try (Stream<Path> parts = Files.list(out.resolve("fleet.lock.d"))) {
      part = parts.sorted().filter(p -> size(p) > 100).findFirst().orElseThrow(); // one cluster
    }
    String name = "fleet.lock.d/" + part.getFileName();
    Files.writeString(part, Files.readString(part).replace("k3s-config", "runbook"));
    Cli.Run edited = compile();
    assertThat(edited.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(edited.err())
        .contains(out.resolve(name) + ": its sha256 is ")
        .contains("it was edited, or is from another compile");
    Files.delete(part);
    Cli.Run missing = Cli.run("diff", out.toString(), fleet.toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains(name + ": is missing");
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void aPartPathOutsideItsPlaceIsRefused() throws IOException {
    parted(true);
    assertThat(compile().exitCode()).isZero();
    Path sentinel = Files.writeString(dir.resolve("sentinel.txt"), "must survive");
    Path root = out.resolve("fleet.lock.json");
    Files.writeString(
        root, Files.readString(root).replace("fleet.lock.d/0.json", "../sentinel.txt"));
    Cli.Run run = compile();
    assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).contains("parts[0].path: '../sentinel.txt' is not where this part is");
    assertThat(Files.readString(sentinel)).isEqualTo("must survive");
  }

  @Test
  void aPartFleetcDidNotWriteIsNotOverwritten() throws IOException {
    assertThat(compile().exitCode()).isZero(); // single lock: it owns no part
    Files.createDirectories(out.resolve("fleet.lock.d"));
    Files.writeString(out.resolve("fleet.lock.d/0.json"), "someone's");
    parted(true);
    Cli.Run run = compile();
    assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).contains("fleet.lock.d/0.json");
    assertThat(Files.readString(out.resolve("fleet.lock.d/0.json"))).isEqualTo("someone's");
  }
}
