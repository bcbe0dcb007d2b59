package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End-to-end tests of every command and exit code. */
class CliTest {

  private static final String TWO_CLUSTERS =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: test}
      defaults: {kubernetes: "1.31", distribution: k3s}
      clusters:
        - name: one
          token: {secretRef: env:ONE_TOKEN}
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
            - {name: a-1, address: 10.0.0.2, role: worker}
        - name: two
          nodes:
            - {name: s-1, address: 10.0.1.1, role: control-plane}
      """;

  @TempDir Path dir;

  private Path fleet(String text) throws IOException {
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void versionAndHelp() {
    Cli.Run version = Cli.run("--version");
    assertThat(version.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(version.out()).startsWith("fleetc ");
    Cli.Run help = Cli.run("--help");
    assertThat(help.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(help.out()).contains("compile", "validate", "explain", "schema", "Exit codes");
    assertThat(help.out()).doesNotContain("warmup");
  }

  @Test
  void usageErrorsExit64() {
    assertThat(Cli.run("frobnicate").exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run().exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("compile", "-f", "x.yaml").exitCode())
        .as("-o is required")
        .isEqualTo(ExitCode.USAGE);
  }

  @Test
  void validateAcceptsTheCanonicalExample() {
    Path acme = Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml");
    Cli.Run run = Cli.run("validate", acme.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("fleet 'acme' is valid: 6 clusters");
    assertThat(run.err()).contains("warning[FLEET-W001]");
    assertThat(Cli.run("validate", "--warnings-as-errors", acme.toString()).exitCode())
        .isEqualTo(ExitCode.INVALID);
  }

  @Test
  void validateReportsEveryErrorAndExits1() throws IOException {
    Path file =
        fleet(TWO_CLUSTERS.replace("role: worker", "role: wroker").replace("10.0.1.1", "10.0.0.1"));
    Cli.Run run = Cli.run("validate", "-f", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .contains(file + ":10:46: error[FLEET-E021]")
        .contains("error[FLEET-E009]")
        .contains("2 errors");
  }

  @Test
  void missingFileExits4() {
    Cli.Run run = Cli.run("validate", dir.resolve("nope.yaml").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).contains("no such file");
  }

  @Test
  void unreadableTextIsARenderedDiagnosticAndExits1() throws IOException {
    Path file = dir.resolve("latin1.yaml");
    Files.write(file, new byte[] {'a', ':', ' ', (byte) 0xE9, '\n'});
    Cli.Run run = Cli.run("compile", file.toString(), "-o", dir.resolve("out").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .startsWith(file + ":1:1: error[FLEET-E001]: the file is not UTF-8 text\n")
        .contains("1 error, 0 warnings")
        .contains("nothing written");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void compileWritesFilesAndLockAndIsIdempotent() throws IOException {
    Path file = fleet(TWO_CLUSTERS);
    Path out = dir.resolve("out");
    Cli.Run first = Cli.run("compile", file.toString(), "-o", out.toString());
    assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.OK);
    assertThat(out.resolve("fleet.lock.json")).exists();
    assertThat(out.resolve("bootstrap/one/nodes/s-1/config.yaml")).exists();
    assertThat(out.resolve("bootstrap/one/nodes/s-1/install.sh")).isExecutable();
    assertThat(out.resolve("bootstrap/two/RUNBOOK.md")).exists();
    Cli.Run second = Cli.run("compile", file.toString(), "-o", out.toString());
    assertThat(second.out()).contains("0 files written");
    assertThat(Cli.run("compile", file.toString(), "-o", out.toString(), "--check").exitCode())
        .isEqualTo(ExitCode.OK);
  }

  @Test
  void everyShellScriptIsWrittenExecutable() {
    // A MicroK8s node's upgrade.sh is listed as kind "other" (the spec has no kind for it), but
    // an operator runs it as ./upgrade.sh like install.sh.
    Path example = Cli.projectRoot().resolve("fleet-examples/microk8s.fleet.yaml");
    Path out = dir.resolve("out");
    Cli.Run run = Cli.run("compile", example.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(out.resolve("bootstrap/edge-single/nodes/edge-1/upgrade.sh")).isExecutable();
    assertThat(out.resolve("bootstrap/edge-single/nodes/edge-1/install.sh")).isExecutable();
    assertThat(
            java.nio.file.Files.isExecutable(
                out.resolve("bootstrap/edge-single/nodes/edge-1/launch-config.yaml")))
        .isFalse();
  }

  @Test
  void checkNamesStaleFilesAndExits3() throws IOException {
    Path file = fleet(TWO_CLUSTERS);
    Path out = dir.resolve("out");
    Cli.run("compile", file.toString(), "-o", out.toString());
    Files.writeString(out.resolve("bootstrap/one/nodes/a-1/config.yaml"), "edited\n");
    Cli.Run check = Cli.run("compile", file.toString(), "-o", out.toString(), "--check");
    assertThat(check.exitCode()).isEqualTo(ExitCode.STALE);
    assertThat(check.err()).contains("changed  bootstrap/one/nodes/a-1/config.yaml");
    assertThat(out.resolve("bootstrap/one/nodes/a-1/config.yaml")).hasContent("edited");
  }

  @Test
  void invalidFleetWritesNothing() throws IOException {
    Path file = fleet(TWO_CLUSTERS.replace("10.0.1.1", "10.0.0.1"));
    Path out = dir.resolve("out");
    Cli.Run run = Cli.run("compile", file.toString(), "-o", out.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err()).contains("nothing written");
    assertThat(out).doesNotExist();
  }

  @Test
  void removedClustersArePrunedAndForeignFilesKept() throws IOException {
    Path file = fleet(TWO_CLUSTERS);
    Path out = dir.resolve("out");
    Cli.run("compile", file.toString(), "-o", out.toString());
    Path mine = out.resolve("bootstrap/two/notes.txt");
    Files.writeString(mine, "mine");
    String oneCluster = TWO_CLUSTERS.substring(0, TWO_CLUSTERS.indexOf("  - name: two"));
    Files.writeString(file, oneCluster);
    Cli.Run run = Cli.run("compile", file.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("4 removed");
    assertThat(out.resolve("bootstrap/two/RUNBOOK.md")).doesNotExist();
    assertThat(out.resolve("bootstrap/two/nodes")).doesNotExist();
    assertThat(mine).hasContent("mine");
    assertThat(Files.readString(out.resolve("fleet.lock.json"))).doesNotContain("\"two\"");
  }

  @Test
  void refusesToOverwriteFilesItDidNotWrite() throws IOException {
    Path file = fleet(TWO_CLUSTERS);
    Path out = dir.resolve("out");
    Path theirs = out.resolve("bootstrap/two/RUNBOOK.md");
    Files.createDirectories(theirs.getParent());
    Files.writeString(theirs, "hand-written");
    Cli.Run run = Cli.run("compile", file.toString(), "-o", out.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).contains("bootstrap/two/RUNBOOK.md", "--force");
    assertThat(theirs).hasContent("hand-written");
    assertThat(out.resolve("fleet.lock.json")).doesNotExist();
    assertThat(Cli.run("compile", file.toString(), "-o", out.toString(), "--force").exitCode())
        .isEqualTo(ExitCode.OK);
    assertThat(theirs).content().startsWith("# Cluster two");
  }

  @Test
  void clusterSelectionKeepsTheOtherClusters() throws IOException {
    Path file = fleet(TWO_CLUSTERS);
    Path out = dir.resolve("out");
    Cli.run("compile", file.toString(), "-o", out.toString());
    Files.writeString(file, TWO_CLUSTERS.replace("10.0.0.2", "10.0.0.3"));
    Cli.Run run = Cli.run("compile", file.toString(), "-o", out.toString(), "--cluster", "one");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    String lock = Files.readString(out.resolve("fleet.lock.json"));
    assertThat(lock).contains("\"name\": \"one\"", "\"name\": \"two\"");
    assertThat(out.resolve("bootstrap/two/RUNBOOK.md")).exists();
    assertThat(Cli.run("compile", file.toString(), "-o", out.toString(), "--cluster", "tow").err())
        .contains("did you mean 'two'");
  }

  @Test
  void corruptLockIsNotOverwritten() throws IOException {
    Path file = fleet(TWO_CLUSTERS);
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    Files.writeString(out.resolve("fleet.lock.json"), "{not json");
    Cli.Run run = Cli.run("compile", file.toString(), "-o", out.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).contains(out.resolve("fleet.lock.json") + " is not a valid fleetc lock");
  }

  @Test
  void explainShowsWhichLayerSetEachValue() {
    Path acme = Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml");
    Cli.Run run = Cli.run("explain", "platform-ap", acme.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .containsPattern("distribution\\s+k0s\\s+profile upstream at .*acme.fleet.yaml:44:19")
        .containsPattern("kubernetes\\s+1.31\\s+defaults at")
        .containsPattern("version\\s+v1.31.14\\+k0s.0\\s+release catalog")
        .containsPattern("addons.ingress\\s+ingress-nginx\\s+profile upstream")
        .contains("ssh ubuntu@192.0.2.111:22");
    Cli.Run json = Cli.run("explain", "platform-ap", acme.toString(), "--format", "json");
    assertThat(json.out()).contains("\"layer\": \"profile\"");
    assertThat(Cli.run("explain", "platfrom-ap", acme.toString()).exitCode())
        .isEqualTo(ExitCode.USAGE);
  }

  @Test
  void schemaIsJsonSchema() {
    Cli.Run run = Cli.run("schema");
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).startsWith("{").contains("\"$schema\"", "\"clusters\"", "\"secretRef\"");
  }

  @Test
  void warmupWritesNothing() throws IOException {
    assertThat(Cli.run("warmup").exitCode()).isEqualTo(ExitCode.OK);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).isEmpty();
    }
  }
}
