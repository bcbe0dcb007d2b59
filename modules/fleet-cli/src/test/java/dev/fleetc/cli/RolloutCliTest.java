package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A version bump through the command line: the compile that first sees it starts a rollout (the
 * state beside the fleet file) and writes only the canary's files at the new version; {@code fleet
 * rollout} moves the next batches (soak, approval); each compile then follows the state.
 */
class RolloutCliTest {

  @TempDir Path dir;

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: shops}
      defaults: {kubernetes: "MINOR", distribution: k3s, datastore: {type: sqlite}}
      clusters:
        - {name: canary, region: eu-west, token: {secretRef: env:T}, nodes: [{name: c-1, address: 10.0.1.1, role: control-plane}]}
        - {name: eu-1, region: eu-central, token: {secretRef: env:T}, nodes: [{name: e-1, address: 10.0.2.1, role: control-plane}]}
        - {name: us-1, region: us-east, token: {secretRef: env:T}, nodes: [{name: u-1, address: 10.0.3.1, role: control-plane}]}
      rollout:
        waves:
          - {name: canary, clusters: [canary], soak: 24h}
          - {name: eu, selector: {region: eu-central}, approval: true}
          - {name: rest, selector: {}}
      """;

  private Path fleet(String minor) throws IOException {
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, FLEET.replace("MINOR", minor));
    return file;
  }

  private String install(String cluster, String node) throws IOException {
    return Files.readString(
        dir.resolve("out/bootstrap/" + cluster + "/nodes/" + node + "/install.sh"));
  }

  private Cli.Run compile(Path file, String now) {
    return Cli.run("compile", file.toString(), "-o", dir.resolve("out").toString(), "--now", now);
  }

  @Test
  void aBumpMovesTheCanaryFirstThenEachBatchThroughRolloutNext() throws IOException {
    Path file = fleet("1.31");
    assertThat(compile(file, "2026-12-01T08:00:00Z").exitCode()).isEqualTo(ExitCode.OK);
    Path state = dir.resolve("fleet.rollout.json");
    assertThat(Files.readString(state))
        .contains("\"us-1\": \"v1.31.14+k3s1\"")
        .doesNotContain("rollout\"");

    fleet("1.32");
    Cli.Run bump = compile(file, "2026-12-01T09:00:00Z");
    assertThat(bump.exitCode()).as(bump.err()).isEqualTo(ExitCode.OK);
    assertThat(bump.err()).contains("rollout started; promoted canary");
    assertThat(install("canary", "c-1")).contains("INSTALL_K3S_VERSION='v1.32.13+k3s1'");
    assertThat(install("eu-1", "e-1")).contains("INSTALL_K3S_VERSION='v1.31.14+k3s1'");
    assertThat(install("us-1", "u-1")).contains("INSTALL_K3S_VERSION='v1.31.14+k3s1'");
    assertThat(Files.readString(state))
        .contains(
            "\"startedAt\": \"2026-12-01T09:00:00Z\"", "\"promotedAt\": \"2026-12-01T09:00:00Z\"");

    // Compiling again changes nothing, --check agrees.
    assertThat(compile(file, "2026-12-01T10:00:00Z").exitCode()).isEqualTo(ExitCode.OK);
    assertThat(
            Cli.run("compile", file.toString(), "-o", dir.resolve("out").toString(), "--check")
                .exitCode())
        .isEqualTo(ExitCode.OK);

    Cli.Run soaking =
        Cli.run("rollout", "next", "--no-live", file.toString(), "--now", "2026-12-01T12:00:00Z");
    assertThat(soaking.exitCode()).isEqualTo(RolloutCommand.WAITING);
    assertThat(soaking.out()).contains("soaks until 2026-12-02T09:00:00Z");
    String day = "2026-12-02T10:00:00Z";
    assertThat(Cli.run("rollout", "next", "--no-live", file.toString(), "--now", day).out())
        .contains("wave eu needs approval");
    assertThat(
            Cli.run("rollout", "approve", "eu", file.toString(), "--by", "alice", "--now", day)
                .exitCode())
        .isEqualTo(ExitCode.OK);
    Cli.Run next = Cli.run("rollout", "next", "--no-live", file.toString(), "--now", day);
    assertThat(next.out()).contains("wave eu: promoted eu-1");
    assertThat(next.exitCode()).isEqualTo(RolloutCommand.PROMOTED);
    assertThat(Cli.run("rollout", "status", file.toString()).out())
        .contains("canary", "1 of 1 promoted", "approved");

    // rollout next changed only the state: the compile writes the promoted cluster's files.
    assertThat(install("eu-1", "e-1")).contains("v1.31.14+k3s1");
    assertThat(Cli.run("rollout", "next", "--no-live", file.toString(), "--now", day).out())
        .contains("wave rest: promoted us-1");
    assertThat(compile(file, day).exitCode()).isEqualTo(ExitCode.OK);
    assertThat(install("eu-1", "e-1")).contains("INSTALL_K3S_VERSION='v1.32.13+k3s1'");
    assertThat(install("us-1", "u-1")).contains("INSTALL_K3S_VERSION='v1.32.13+k3s1'");
    Cli.Run done = Cli.run("rollout", "next", "--no-live", file.toString(), "--now", day);
    assertThat(done.out()).contains("no rollout in progress");
    assertThat(done.exitCode()).isEqualTo(ExitCode.OK);

    // Going back is refused before anything is written.
    fleet("1.31");
    Cli.Run back = compile(file, day);
    assertThat(back.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(back.err())
        .contains("error[FLEET-E111]: cluster 'canary' runs v1.32.13+k3s1", "never downgrades")
        .contains("  = hint: declare v1.32.13+k3s1 or later")
        .contains("recorded in " + dir.resolve("fleet.rollout.json"));
    assertThat(install("canary", "c-1")).contains("INSTALL_K3S_VERSION='v1.32.13+k3s1'");
  }

  @Test
  void diffShowsTheBatchTheBumpWouldPromoteAndWhatItHolds() throws IOException {
    Path file = fleet("1.31");
    assertThat(compile(file, "2026-12-01T08:00:00Z").exitCode()).isEqualTo(ExitCode.OK);
    Path old = dir.resolve("old.yaml");
    Files.copy(file, old);
    fleet("1.32");
    Cli.Run diff = Cli.run("diff", old.toString(), file.toString());
    assertThat(diff.exitCode()).as(diff.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(diff.out())
        .contains("version: v1.31.14+k3s1 (Kubernetes 1.31) → v1.32.13+k3s1 (Kubernetes 1.32)")
        .contains("rollout.held: (none) → v1.32.13+k3s1 (held: wave eu)")
        .contains("rollout.held: (none) → v1.32.13+k3s1 (held: wave rest)");
    assertThat(Files.readString(dir.resolve("fleet.rollout.json"))).doesNotContain("startedAt");
  }

  @Test
  void aTamperedStateIsRefusedAndNothingIsWritten() throws IOException {
    Path file = fleet("1.31");
    assertThat(compile(file, "2026-12-01T08:00:00Z").exitCode()).isEqualTo(ExitCode.OK);
    Path state = dir.resolve("fleet.rollout.json");
    Files.writeString(
        state, Files.readString(state).replace("v1.31.14+k3s1\"", "v1.31.14+k3s1$(reboot)\""));
    fleet("1.32");
    Cli.Run run = compile(file, "2026-12-01T09:00:00Z");
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .contains("fleet.rollout.json: not a valid rollout state: versions.canary");
    assertThat(install("canary", "c-1")).contains("v1.31.14+k3s1");
  }
}
