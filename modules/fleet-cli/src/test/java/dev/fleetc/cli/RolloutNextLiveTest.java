package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.status.MockClusters;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet rollout next} driving a whole canary → 10 % → rest rollout of ten K3s stores against
 * kubernetes-server-mock servers in CRUD mode, one per cluster, whose objects the test advances as
 * the clusters would (kubelets upgraded, SUC Plans complete, Flux applied the promoting commit).
 * The fleet file, its state and the output live in a temporary git repository, as in CI.
 */
class RolloutNextLiveTest {

  static final String OLD = "v1.31.14+k3s1";
  static final String NEW = "v1.32.13+k3s1";

  @TempDir Path dir;
  final Map<String, KubernetesMockServer> clusters = new LinkedHashMap<>();
  Path kubeconfig;
  Path fleet;
  Path state;
  Git git;

  static String fleetText(String minor) {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: fleetc.dev/v1alpha1
            kind: Fleet
            metadata: {name: stores}
            defaults:
              kubernetes: "MINOR"
              distribution: k3s
              datastore: {type: sqlite}
              gitops: {engine: flux, repository: 'https://git.example.com/stores.git', branch: main}
            clusters:
            """
                .replace("MINOR", minor));
    for (int i = 1; i <= 10; i++) {
      String name = String.format("s%02d", i);
      yaml.append(
          String.format(
              "  - {name: %s, region: eu-west, token: {secretRef: env:T},"
                  + " nodes: [{name: %s-1, address: 10.0.%d.1, role: control-plane}]}%n",
              name, name, i));
    }
    yaml.append(
        """
        rollout:
          progressDeadline: 12h
          waves:
            - {name: canary, clusters: [s01], soak: 2h}
            - {name: ten-percent, clusters: [s02], soak: 1h, approval: true}
            - {name: rest, selector: {}, maxConcurrent: 50%, maxFailures: 1, soak: 30m}
        """);
    return yaml.toString();
  }

  @BeforeEach
  void start() throws Exception {
    Map<String, String> contexts = new LinkedHashMap<>();
    for (int i = 1; i <= 10; i++) {
      String name = String.format("s%02d", i);
      KubernetesMockServer server = MockClusters.start();
      clusters.put(name, server);
      contexts.put(name, MockClusters.url(server));
    }
    kubeconfig = MockClusters.kubeconfig(dir.resolve("kubeconfig"), contexts);
    Path repo = Files.createDirectories(dir.resolve("repo"));
    git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call();
    StoredConfig config = git.getRepository().getConfig();
    config.setString("user", null, "name", "CI");
    config.setString("user", null, "email", "ci@example.com");
    config.setBoolean("commit", null, "gpgsign", false);
    config.save();
    fleet = repo.resolve("fleet.yaml");
    state = repo.resolve("fleet.rollout.json");
  }

  @AfterEach
  void stop() {
    clusters.values().forEach(KubernetesMockServer::destroy);
    git.close();
  }

  /** One cluster's objects: its node, the SUC Plan pair, a failed job if any, and Flux. */
  record Live(
      String kubelet,
      boolean ready,
      boolean cordoned,
      String planVersion,
      boolean planDone,
      boolean jobFailed,
      String revision,
      String flux) {

    static Live at(String version, String revision) {
      return new Live(version, true, false, version, true, false, revision, "ready");
    }

    Live kubelet(String v, boolean isReady) {
      return new Live(v, isReady, cordoned, planVersion, planDone, jobFailed, revision, flux);
    }

    Live failedJob() {
      return new Live(kubelet, ready, true, planVersion, false, true, revision, flux);
    }

    Live flux(String state) {
      return new Live(kubelet, ready, cordoned, planVersion, planDone, jobFailed, revision, state);
    }

    String objects(String cluster) {
      String node = cluster + "-1";
      String hash = "h-" + planVersion.replace('+', '-');
      String fluxStatus =
          switch (flux) {
            case "ready" -> "status: 'True'\n    reason: ReconciliationSucceeded";
            case "failing" ->
                "status: 'False'\n    reason: HealthCheckFailed\n    message: timeout waiting for"
                    + " Deployment/shop/web";
            default -> "status: 'Unknown'\n    reason: Progressing";
          };
      String yaml =
          """
          apiVersion: v1
          kind: Node
          metadata:
            name: NODE
            labels:
              node-role.kubernetes.io/control-plane: 'true'
          PLANLABEL
          spec: {unschedulable: CORDONED}
          status:
            conditions:
            - {type: Ready, status: 'READY'}
            nodeInfo: {kubeletVersion: KUBELET}
          ---
          apiVersion: upgrade.cattle.io/v1
          kind: Plan
          metadata: {name: server-plan, namespace: system-upgrade}
          spec: {concurrency: 1, version: PLANVERSION}
          status:
            latestVersion: PLANVERSION
            latestHash: HASH
            conditions:
            - {type: Complete, status: 'COMPLETE'}
          ---
          apiVersion: upgrade.cattle.io/v1
          kind: Plan
          metadata: {name: agent-plan, namespace: system-upgrade}
          spec: {concurrency: 1, version: PLANVERSION}
          status:
            latestVersion: PLANVERSION
            latestHash: h-agent
            conditions:
            - {type: Complete, status: 'True'}
          ---
          apiVersion: source.toolkit.fluxcd.io/v1
          kind: GitRepository
          metadata: {name: flux-system, namespace: flux-system}
          spec: {interval: 1m, url: 'https://git.example.com/stores.git'}
          status:
            artifact: {revision: 'main@sha1:REVISION'}
            conditions:
            - {type: Ready, status: 'True', reason: Succeeded}
          ---
          apiVersion: kustomize.toolkit.fluxcd.io/v1
          kind: Kustomization
          metadata: {name: flux-system, namespace: flux-system}
          spec: {interval: 10m, path: ./clusters/CLUSTER, prune: true}
          status:
            lastAppliedRevision: 'main@sha1:REVISION'
            conditions:
            - type: Ready
              FLUXSTATUS
          """
              .replace("NODE", node)
              .replace(
                  "PLANLABEL", planDone ? "    plan.upgrade.cattle.io/server-plan: " + hash : "")
              .replace("CORDONED", Boolean.toString(cordoned))
              .replace("READY", ready ? "True" : "False")
              .replace("KUBELET", kubelet)
              .replace("PLANVERSION", planVersion)
              .replace("HASH", hash)
              .replace("COMPLETE", planDone ? "True" : "False")
              .replace("REVISION", revision)
              .replace("CLUSTER", cluster)
              .replace("FLUXSTATUS", fluxStatus);
      if (jobFailed) {
        yaml +=
            """
            ---
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: apply-server-plan-on-NODE
              namespace: system-upgrade
              labels: {upgrade.cattle.io/plan: server-plan, upgrade.cattle.io/node: NODE}
            spec:
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: upgrade, image: rancher/k3s-upgrade}]
            status:
              conditions:
              - {type: Failed, status: 'True', reason: BackoffLimitExceeded}
            """
                .replace("NODE", node);
      }
      return yaml;
    }
  }

  void set(String cluster, Live live) {
    MockClusters.replace(clusters.get(cluster), live.objects(cluster));
  }

  Cli.Run compile(String now) {
    return Cli.run(
        "compile", fleet.toString(), "-o", dir.resolve("repo/out").toString(), "--now", now);
  }

  Cli.Run rollout(String... args) {
    List<String> all = new ArrayList<>(List.of("rollout"));
    all.addAll(List.of(args));
    all.addAll(
        List.of("-f", fleet.toString(), "--kubeconfig", kubeconfig.toString(), "--timeout", "10"));
    return Cli.run(all.toArray(String[]::new));
  }

  Cli.Run next(String now, String... more) {
    List<String> args = new ArrayList<>(List.of("next", "--now", now));
    args.addAll(List.of(more));
    return rollout(args.toArray(String[]::new));
  }

  String commitAll(String message) throws Exception {
    git.add().addFilepattern(".").call();
    return git.commit().setMessage(message).setSign(false).call().name();
  }

  String head() throws IOException {
    return git.getRepository().resolve("HEAD").name();
  }

  String install(String cluster) throws IOException {
    return Files.readString(
        dir.resolve("repo/out/bootstrap/" + cluster + "/nodes/" + cluster + "-1/install.sh"));
  }

  static String t(String hhmm) {
    return "2026-12-01T" + hhmm + ":00Z";
  }

  void allAt(String version, String revision, String... names) {
    for (String name : names) {
      set(name, Live.at(version, revision));
    }
  }

  @Test
  void canaryThenTenPercentThenTheRestGatedByTheLiveClusters() throws Exception {
    Files.writeString(fleet, fleetText("1.31"));
    assertThat(compile(t("07:00")).exitCode()).isEqualTo(ExitCode.OK);
    String initial = commitAll("fleet at 1.31");
    for (String name : clusters.keySet()) {
      set(name, Live.at(OLD, initial));
    }

    // The bump: the compile that first sees it promotes the canary; CI commits it.
    Files.writeString(fleet, fleetText("1.32"));
    assertThat(compile(t("09:00")).err()).contains("rollout started; promoted s01");
    String promoteCanary = commitAll("bump to 1.32");

    // Nothing is upgraded yet: waiting, and the state is not touched.
    String before = Files.readString(state);
    Cli.Run run = next(t("09:10"));
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(RolloutCommand.WAITING);
    assertThat(run.out())
        .contains("s01", "pending", "node s01-1 runs " + OLD + ", not " + NEW)
        .contains("waiting for 1 promoted cluster");
    assertThat(Files.readString(state)).isEqualTo(before);

    // The node reboots into the new version: NotReady is a wait, not a failure.
    set("s01", Live.at(NEW, initial).kubelet(NEW, false));
    run = next(t("09:20"));
    assertThat(run.exitCode()).isEqualTo(RolloutCommand.WAITING);
    assertThat(run.out()).contains("node s01-1 NotReady");

    // Upgraded, but Flux has not applied the promoting commit yet.
    set("s01", Live.at(NEW, initial));
    run = next(t("09:25"));
    assertThat(run.exitCode()).isEqualTo(RolloutCommand.WAITING);
    assertThat(run.out()).contains("applied main@sha1:" + initial + ", not " + promoteCanary);

    // On target: the time is recorded (and committed), the soak counts from it.
    set("s01", Live.at(NEW, promoteCanary));
    run = next(t("09:30"), "--commit");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(RolloutCommand.WAITING);
    assertThat(run.out()).contains("s01", "on-target", "soaks until 2026-12-01T11:30:00Z");
    assertThat(Files.readString(state)).contains("\"onTargetAt\": \"2026-12-01T09:30:00Z\"");
    RevCommit soakCommit = git.log().setMaxCount(1).call().iterator().next();
    assertThat(soakCommit.getFullMessage()).startsWith("fleet rollout: wave canary: on target");
    assertThat(next(t("11:00")).out()).contains("soaks until 2026-12-01T11:30:00Z");

    // Soaked: the next wave needs a person.
    run = next(t("11:31"));
    assertThat(run.exitCode()).isEqualTo(RolloutCommand.WAITING);
    assertThat(run.out()).contains("wave ten-percent needs approval");
    Cli.Run approve = rollout("approve", "ten-percent", "--by", "alice", "--now", t("11:40"));
    assertThat(approve.exitCode()).as(approve.err()).isEqualTo(ExitCode.OK);

    // --dry-run says what would happen and writes nothing.
    before = Files.readString(state);
    run = next(t("11:45"), "--dry-run");
    assertThat(run.exitCode()).isEqualTo(RolloutCommand.PROMOTED);
    assertThat(run.out()).contains("wave ten-percent: promoted s02", "dry run: nothing written");
    assertThat(Files.readString(state)).isEqualTo(before);

    // Promoted, recompiled and committed with a message naming the wave.
    run = next(t("11:45"), "-o", dir.resolve("repo/out").toString(), "--commit");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(RolloutCommand.PROMOTED);
    assertThat(install("s02")).contains("INSTALL_K3S_VERSION='" + NEW + "'");
    assertThat(install("s03")).contains("INSTALL_K3S_VERSION='" + OLD + "'");
    RevCommit promoteTen = git.log().setMaxCount(1).call().iterator().next();
    assertThat(promoteTen.getFullMessage())
        .startsWith("fleet rollout: wave ten-percent: promote s02");
    assertThat(git.status().call().isClean()).isTrue();
    assertThat(
            Cli.run(
                    "compile",
                    fleet.toString(),
                    "-o",
                    dir.resolve("repo/out").toString(),
                    "--check")
                .exitCode())
        .isEqualTo(ExitCode.OK);

    // Flux applied a later commit than the promotion: a descendant counts.
    String later =
        git.commit().setMessage("unrelated").setAllowEmpty(true).setSign(false).call().name();
    set("s02", Live.at(NEW, later));
    run = next(t("12:00"));
    assertThat(run.exitCode()).as(run.out()).isEqualTo(RolloutCommand.WAITING);
    assertThat(run.out()).contains("soaks until 2026-12-01T13:00:00Z");

    // The rest, half of its eight clusters per batch.
    run = next(t("13:01"), "-o", dir.resolve("repo/out").toString(), "--commit");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(RolloutCommand.PROMOTED);
    assertThat(run.out()).contains("wave rest: promoted s03, s04, s05, s06");
    String promoteRest = head();

    // Two of them fail (a failed SUC job leaves its node cordoned; a Flux health check), more
    // than maxFailures 1: the rollout halts and records why.
    set("s03", Live.at(NEW, promoteRest).failedJob());
    set("s04", Live.at(NEW, promoteRest).flux("failing"));
    allAt(NEW, promoteRest, "s05", "s06");
    run = next(t("13:30"), "--commit");
    assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCode.INVALID);
    assertThat(run.out())
        .contains("halted: wave rest: 2 clusters failed, more than maxFailures 1")
        .contains("s03: plan server-plan failed")
        .contains("s04: Kustomization flux-system/flux-system HealthCheckFailed");
    assertThat(Files.readString(state)).contains("\"halted\"", "more than maxFailures 1");
    assertThat(git.log().setMaxCount(1).call().iterator().next().getFullMessage())
        .startsWith("fleet rollout: halt in wave rest");
    assertThat(rollout("status").out()).contains("halted at 2026-12-01T13:30:00Z");
    // Halted stays halted (nothing ever rolls back) until a person resumes.
    run = next(t("14:00"));
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.out()).contains("fleet rollout resume");
    assertThat(install("s03")).contains(NEW);

    // One failure is within maxFailures: after resume the rest goes on without s04.
    set("s03", Live.at(NEW, promoteRest));
    assertThat(rollout("resume", "--now", t("14:05")).exitCode()).isEqualTo(ExitCode.OK);
    run = next(t("14:10"));
    assertThat(run.exitCode()).as(run.out()).isEqualTo(RolloutCommand.WAITING);
    assertThat(run.out()).contains("s04", "failed", "soaks until 2026-12-01T14:40:00Z");
    run = next(t("14:41"), "-o", dir.resolve("repo/out").toString(), "--commit");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(RolloutCommand.PROMOTED);
    assertThat(run.out()).contains("wave rest: promoted s07, s08, s09, s10");
    allAt(NEW, head(), "s07", "s08", "s09", "s10");
    set("s04", Live.at(NEW, promoteRest));
    // Every cluster promoted: next still waits for the last batch, then says it is complete.
    set("s09", Live.at(NEW, head()).kubelet(NEW, false));
    run = next(t("15:00"));
    assertThat(run.exitCode()).as(run.out()).isEqualTo(RolloutCommand.WAITING);
    assertThat(run.out()).contains("node s09-1 NotReady");
    set("s09", Live.at(NEW, head()));
    run = next(t("15:10"));
    assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("rollout complete");
    run = next(t("15:31"));
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("no rollout in progress");
    for (String name : clusters.keySet()) {
      assertThat(install(name)).contains("INSTALL_K3S_VERSION='" + NEW + "'");
    }
  }

  @Test
  void abortPinsTheClustersNotPromotedAtTheirPreviousVersion() throws Exception {
    Files.writeString(fleet, fleetText("1.31"));
    assertThat(compile(t("07:00")).exitCode()).isEqualTo(ExitCode.OK);
    commitAll("fleet at 1.31");
    Files.writeString(fleet, fleetText("1.32"));
    assertThat(compile(t("09:00")).exitCode()).isEqualTo(ExitCode.OK);
    commitAll("bump");

    // fleet status compares each cluster with its effective version and shows its rollout place:
    // a held cluster at its previous version is converged, not drift.
    String head = head();
    set("s01", Live.at(NEW, head));
    set("s02", Live.at(OLD, head));
    Cli.Run status =
        Cli.run(
            "status",
            "-f",
            fleet.toString(),
            "--kubeconfig",
            kubeconfig.toString(),
            "--format",
            "json",
            "--timeout",
            "10",
            "s01",
            "s02");
    assertThat(status.exitCode()).as(status.out() + status.err()).isEqualTo(ExitCode.OK);
    var json = tools.jackson.databind.json.JsonMapper.builder().build().readTree(status.out());
    var s01 = json.get("clusters").get(0);
    var s02 = json.get("clusters").get(1);
    assertThat(s01.get("wave").asString()).isEqualTo("canary");
    assertThat(s01.get("effectiveVersion").asString()).isEqualTo(NEW);
    assertThat(s02.get("wave").asString()).isEqualTo("ten-percent");
    assertThat(s02.get("targetVersion").asString()).isEqualTo(NEW);
    assertThat(s02.get("effectiveVersion").asString()).isEqualTo(OLD);
    assertThat(s02.get("expectedVersion").asString()).isEqualTo(OLD);
    assertThat(s02.get("verdict").asString()).isEqualTo("converged");

    Cli.Run abort = rollout("abort", "--by", "bob", "--now", t("09:30"), "--commit");
    assertThat(abort.exitCode()).as(abort.err()).isEqualTo(ExitCode.OK);
    assertThat(abort.out())
        .contains("rollout aborted by bob; 9 clusters stay at their previous version");
    assertThat(git.log().setMaxCount(1).call().iterator().next().getFullMessage())
        .startsWith("fleet rollout: rollout aborted by bob");

    Cli.Run run = next(t("12:00"));
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("aborted by bob", "stay at their previous version");
    assertThat(compile(t("12:00")).exitCode()).isEqualTo(ExitCode.OK);
    assertThat(install("s01")).contains("INSTALL_K3S_VERSION='" + NEW + "'"); // never rolled back
    assertThat(install("s02")).contains("INSTALL_K3S_VERSION='" + OLD + "'");
    assertThat(install("s10")).contains("INSTALL_K3S_VERSION='" + OLD + "'");
    assertThat(rollout("status").out()).contains("aborted by bob at 2026-12-01T09:30:00Z");
  }

  @Test
  void promotionNotCommittedYetWaitsAndNoLiveKeepsTheOldAssertion() throws Exception {
    Files.writeString(fleet, fleetText("1.31"));
    assertThat(compile(t("07:00")).exitCode()).isEqualTo(ExitCode.OK);
    String initial = commitAll("fleet at 1.31");
    Files.writeString(fleet, fleetText("1.32"));
    assertThat(compile(t("09:00")).exitCode()).isEqualTo(ExitCode.OK);
    set("s01", Live.at(NEW, initial));
    Cli.Run run = next(t("09:30"));
    assertThat(run.exitCode()).isEqualTo(RolloutCommand.WAITING);
    assertThat(run.out()).contains("its promotion is not committed yet");
    // --no-live: the caller asserts health; the soak counts from the promotion.
    run = next(t("11:01"), "--no-live");
    assertThat(run.out()).contains("wave ten-percent needs approval");
    assertThat(run.out()).doesNotContain("pending");
  }
}
