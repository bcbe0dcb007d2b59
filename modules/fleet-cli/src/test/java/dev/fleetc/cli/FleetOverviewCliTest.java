package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code FLEET.md} at the output root: written, locked, checked, and not a cluster change. */
class FleetOverviewCliTest {

  @TempDir Path temp;

  private Path compile(String name) {
    Path out = temp.resolve(name);
    Path fleet = Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml");
    assertThat(Cli.run("compile", fleet.toString(), "-o", out.toString()).exitCode())
        .isEqualTo(ExitCode.OK);
    return out;
  }

  @Test
  void isWrittenAndListedInTheLock() throws Exception {
    Path out = compile("out");
    assertThat(out.resolve("FLEET.md")).content().startsWith("# Fleet acme\n");
    assertThat(out.resolve("fleet.lock.json")).content().contains("\"path\": \"FLEET.md\"");
  }

  @Test
  void aStaleOverviewFailsTheCheckAndAFileInItsPlaceIsForeign() throws Exception {
    Path fleet = Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml");
    Path out = compile("out");
    Files.writeString(out.resolve("FLEET.md"), "edited\n", StandardCharsets.UTF_8);
    Cli.Run check = Cli.run("compile", fleet.toString(), "-o", out.toString(), "--check");
    assertThat(check.exitCode()).isEqualTo(ExitCode.STALE);
    assertThat(check.err()).contains("changed  FLEET.md");

    Path fresh = temp.resolve("fresh");
    Files.createDirectories(fresh);
    Files.writeString(fresh.resolve("FLEET.md"), "mine\n", StandardCharsets.UTF_8);
    Cli.Run refused = Cli.run("compile", fleet.toString(), "-o", fresh.toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(fresh.resolve("FLEET.md")).hasContent("mine");
  }

  @Test
  void aChangeOfTheOverviewAloneIsNoClusterChange() throws Exception {
    Path a = compile("a");
    Path b = compile("b");
    // An older fleetc wrote no FLEET.md and no "files" entry for it (the shared folders' files,
    // which belong to clusters, stay listed): the same clusters, so no changes.
    Files.delete(a.resolve("FLEET.md"));
    String lock = Files.readString(a.resolve("fleet.lock.json"), StandardCharsets.UTF_8);
    String withoutFiles = lock.replaceAll("(?s)\\s*\\{\\s*\"path\": \"FLEET\\.md\"[^}]*\\},?", "");
    assertThat(withoutFiles).isNotEqualTo(lock).doesNotContain("FLEET.md");
    Files.writeString(a.resolve("fleet.lock.json"), withoutFiles, StandardCharsets.UTF_8);

    Cli.Run diff = Cli.run("diff", a.toString(), b.toString());
    assertThat(diff.exitCode()).as(diff.out() + diff.err()).isEqualTo(0);
    assertThat(diff.out()).contains("No changes");
  }
}
