package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet import} never copies a secret into what it prints (nor, through it, into
 * k0sctl.yaml), and reads bounded input: aliases, total size, no links in a folder.
 */
class ImportHostileInputTest {

  @TempDir Path temp;

  private static final String AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String PROXY_PASSWORD = "pr0xy-pa55";

  private Path write(String name, String text) throws Exception {
    Path file = temp.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void hostEnvironmentSecretsBecomeReferencesAllTheWayToK0sctlYaml() throws Exception {
    Path k0sctl =
        write(
            "k0sctl.yaml",
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            metadata: {name: edge}
            spec:
              hosts:
                - role: single
                  hostname: edge-1
                  ssh: {address: 10.0.0.5, user: ops, keyPath: /keys/id}
                  k0sDownloadURL: "https://fetch:%s@files.example.com/k0s"
                  environment:
                    AWS_SECRET_ACCESS_KEY: "%s"
                    HTTPS_PROXY: "http://ops:%s@proxy.example.com:3128"
                    NO_PROXY: "10.0.0.0/8"
              k0s:
                version: v1.31.2+k0s.0
            """
                .formatted(PROXY_PASSWORD, AWS_SECRET, PROXY_PASSWORD));
    Cli.Run run = Cli.run("import", k0sctl.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out() + run.err()).doesNotContain(AWS_SECRET).doesNotContain(PROXY_PASSWORD);
    assertThat(run.out())
        .contains("secretRef: \"env:EDGE_AWS_SECRET_ACCESS_KEY\"")
        .contains("secretRef: \"env:EDGE_HTTPS_PROXY\"")
        .contains("NO_PROXY: \"10.0.0.0/8\"");
    assertThat(run.err())
        .contains("warning[FLEET-W012]")
        .contains("set EDGE_AWS_SECRET_ACCESS_KEY")
        .contains("set EDGE_HTTPS_PROXY")
        .contains("k0sDownloadURL holds a credential");
    // Compiled, the reference is k0sctl's own expansion of its environment.
    Path fleet = write("edge.fleet.yaml", run.out());
    Path out = temp.resolve("out");
    Cli.Run compiled = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(compiled.exitCode()).as(compiled.err()).isEqualTo(ExitCode.OK);
    try (Stream<Path> files = Files.walk(out)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file))
            .as(file.toString())
            .doesNotContain(AWS_SECRET)
            .doesNotContain(PROXY_PASSWORD);
      }
    }
    try (Stream<Path> files = Files.walk(out)) {
      Path k0sctlYaml =
          files.filter(p -> p.getFileName().toString().equals("k0sctl.yaml")).findFirst().get();
      assertThat(Files.readString(k0sctlYaml))
          .contains("AWS_SECRET_ACCESS_KEY: \"${EDGE_AWS_SECRET_ACCESS_KEY}\"");
    }
  }

  @Test
  void aFileSecretInAK0sHostEnvironmentIsRefused() throws Exception {
    Path fleet =
        write(
            "f.fleet.yaml",
            """
            apiVersion: fleetc.dev/v1alpha1
            kind: Fleet
            metadata: {name: f}
            clusters:
              - name: edge
                distribution: k0s
                kubernetes: "1.31"
                gitops: {engine: none}
                k0s: {hosts: {environment: {KEY: {secretRef: file:/run/key}}}}
                nodes: [{name: a, address: 10.0.0.1, role: control-plane}]
            """);
    Cli.Run run = Cli.run("validate", fleet.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err()).contains("error[FLEET-E035]");
  }

  @Test
  // A separate thread: the spinning code before the fix never looks at interrupts.
  @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void anAliasBombIsRefusedNamingTheLimit() throws Exception {
    StringBuilder bomb =
        new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    char previous = 'a';
    for (char level = 'b'; level <= 'k'; level++) {
      bomb.append(level).append(": &").append(level).append(" [");
      for (int i = 0; i < 6; i++) {
        bomb.append(i == 0 ? "" : ",").append('*').append(previous);
      }
      bomb.append("]\n");
      previous = level;
    }
    assertThat(bomb.length()).isLessThan(1024);
    Path file = write("bomb.yaml", bomb.toString());
    Cli.Run run = Cli.run("import", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err()).contains("FLEETC_MAX_ALIAS_NODES");
  }

  @Test
  void aK3sFolderIsReadWithoutFollowingLinks() throws Exception {
    write("cfg/a/config.yaml", "cluster-init: true\nnode-name: a\nnode-ip: [10.1.0.1]\n");
    Path big = write("elsewhere/big.yaml", "node-name: x\nnode-ip: [10.1.0.9]\n");
    for (int i = 0; i < 5; i++) {
      Files.createSymbolicLink(temp.resolve("cfg/link-" + i + ".yaml"), big);
    }
    Files.createDirectories(temp.resolve("cfg/b"));
    Files.createSymbolicLink(temp.resolve("cfg/b/config.yaml"), big);
    Cli.Run run = Cli.run("import", "--k3s", temp.resolve("cfg").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("10.1.0.1").doesNotContain("10.1.0.9");
    assertThat(run.err()).contains("link-0.yaml: a link; not read");
  }

  @Test
  void theFilesToImportAreBoundedTogether() throws Exception {
    // Five files of 3.5 MiB each: every one under the 4 MiB of a file, 17.5 MiB together.
    String padding = "# " + "x".repeat(1000) + "\n";
    String file = "cluster-init: true\nnode-ip: [10.1.0.1]\n" + padding.repeat(3_500);
    for (int i = 0; i < 5; i++) {
      write("many/n" + i + ".yaml", file);
    }
    Cli.Run run = Cli.run("import", "--k3s", temp.resolve("many").toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err()).contains("FLEETC_MAX_IMPORT_BYTES");
  }
}
