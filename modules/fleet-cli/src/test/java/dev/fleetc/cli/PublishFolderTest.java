package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code fleet publish} reads from a compiled folder is untrusted: links are not followed, a
 * file edited since the compile is refused, a hostile record is ignored, and bad arguments are
 * usage errors. All without a registry ({@code --check} stays off the network).
 */
class PublishFolderTest {

  @TempDir Path temp;

  private static final String TO = "oci://127.0.0.1:1/fleet";

  private Path compile() {
    Path out = temp.resolve("out");
    Path fleet = Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml");
    assertThat(Cli.run("compile", fleet.toString(), "-o", out.toString()).exitCode())
        .isEqualTo(ExitCode.OK);
    return out;
  }

  @Test
  void withoutARecordEveryClusterChanges() {
    Path out = compile();
    Cli.Run check = Cli.run("publish", out.toString(), "--to", TO, "--check");
    assertThat(check.exitCode()).as(check.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(check.out())
        .contains("6 of 6 artifacts change")
        .contains("127.0.0.1:1/fleet/dev:latest");
  }

  @Test
  void aLinkInAClusterPathIsNotFollowed() throws Exception {
    Path out = compile();
    Path file = out.resolve("clusters/dev/cluster.yaml");
    Path secret = Files.writeString(temp.resolve("secret.txt"), "not yours\n");
    Files.delete(file);
    Files.createSymbolicLink(file, secret);
    Cli.Run check = Cli.run("publish", out.toString(), "--to", TO, "--check");
    assertThat(check.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(check.err()).contains("is a symbolic link");
  }

  @Test
  void aFileEditedSinceTheCompileIsRefused() throws Exception {
    Path out = compile();
    Files.writeString(out.resolve("clusters/dev/cluster.yaml"), "edited\n", StandardCharsets.UTF_8);
    Cli.Run check = Cli.run("publish", out.toString(), "--to", TO, "--check");
    assertThat(check.exitCode()).isEqualTo(ExitCode.STALE);
    assertThat(check.err()).contains("differs from the lock");
  }

  @Test
  void aHostileRecordIsIgnoredWithAWarning() throws Exception {
    Path out = compile();
    Files.writeString(out.resolve("fleet.publish.json"), "{\"to\": [1]}", StandardCharsets.UTF_8);
    Cli.Run check = Cli.run("publish", out.toString(), "--to", TO, "--check");
    assertThat(check.exitCode()).isEqualTo(ExitCode.CHANGES);
    assertThat(check.err()).contains("fleet.publish.json").contains("ignored");
  }

  @Test
  void badArgumentsAreUsageErrors() {
    Path out = compile();
    Cli.Run scheme = Cli.run("publish", out.toString(), "--to", "https://r/x");
    assertThat(scheme.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(scheme.err()).contains("fleet publish: --to https://r/x: must start with oci://");
    Cli.Run tag = Cli.run("publish", out.toString(), "--to", TO, "--tag", "-bad");
    assertThat(tag.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(tag.err()).contains("--tag -bad: not an OCI tag");
    Cli.Run concurrency = Cli.run("publish", out.toString(), "--to", TO, "--concurrency", "0");
    assertThat(concurrency.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(concurrency.err()).contains("--concurrency must be between 1 and 256");
  }

  @Test
  void compilingAgainLeavesTheRecordAloneAndUpToDate() throws Exception {
    Path out = compile();
    Files.writeString(
        out.resolve("fleet.publish.json"),
        "{\"to\":\"x\",\"tag\":\"t\",\"clusters\":[]}\n",
        StandardCharsets.UTF_8);
    Path fleet = Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml");
    Cli.Run again = Cli.run("compile", fleet.toString(), "-o", out.toString(), "--check");
    assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCode.OK);
    assertThat(Cli.run("compile", fleet.toString(), "-o", out.toString()).exitCode())
        .isEqualTo(ExitCode.OK);
    assertThat(out.resolve("fleet.publish.json")).content().contains("\"tag\":\"t\"");
  }
}
