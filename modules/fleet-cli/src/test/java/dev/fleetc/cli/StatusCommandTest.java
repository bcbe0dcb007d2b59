package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.status.MockClusters;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code fleet status} against kubernetes-server-mock servers in CRUD mode, one per fixture case
 * under {@code src/test/resources/status/}, plus three clusters that cannot be reached: a socket
 * that accepts and never answers (timeout), a closed port (refused), and https to a plain-HTTP
 * server (TLS).
 */
class StatusCommandTest {

  static final String REVISION = "0123456789abcdef0123456789abcdef01234567";
  static final List<String> CASES =
      List.of(
          "converged",
          "notready",
          "cordoned",
          "vacuous",
          "window",
          "oldkubelet",
          "fluxfail",
          "argodegraded",
          "autopilot",
          "wrongrole",
          "ocipulled");

  @TempDir static Path tmp;
  static final List<KubernetesMockServer> servers = new ArrayList<>();
  static ServerSocket silent;
  static Path kubeconfig;
  static Path fleet;

  @BeforeAll
  static void startClusters() throws IOException {
    Map<String, String> contexts = new LinkedHashMap<>();
    for (String name : CASES) {
      KubernetesMockServer server = MockClusters.start();
      servers.add(server);
      try (InputStream fixture =
          StatusCommandTest.class.getResourceAsStream("/status/" + name + "/objects.yaml")) {
        MockClusters.seed(server, fixture);
      }
      contexts.put(name, MockClusters.url(server));
    }
    // Accepts connections (the kernel completes the handshake) and never answers.
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    contexts.put("timeout", "http://127.0.0.1:" + silent.getLocalPort());
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    contexts.put("refused", "http://127.0.0.1:" + closed);
    contexts.put("tls", "https://127.0.0.1:" + servers.get(0).getPort());
    kubeconfig = MockClusters.kubeconfig(tmp.resolve("kubeconfig"), contexts);
    fleet = Path.of("src/test/resources/status/status.fleet.yaml").toAbsolutePath();
  }

  @AfterAll
  static void stopClusters() throws IOException {
    servers.forEach(KubernetesMockServer::destroy);
    silent.close();
  }

  static Cli.Run status(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "status",
                "-f",
                fleet.toString(),
                "--kubeconfig",
                kubeconfig.toString(),
                "--revision",
                REVISION,
                // generous: a mock server on a loaded machine must not pass for a silent one
                "--timeout",
                "10"));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  static JsonNode parse(String json) {
    return JsonMapper.builder().build().readTree(json);
  }

  static JsonNode cluster(String name) {
    Cli.Run run = status("--format", "json", name);
    JsonNode doc = parse(run.out());
    assertThat(doc.get("formatVersion").asInt()).isEqualTo(1);
    return doc.get("clusters").get(0);
  }

  @Test
  void convergedClusterExitsZero() {
    Cli.Run run = status("converged");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
    assertThat(run.out())
        .contains("cluster converged (context converged): converged")
        .contains("2 ready, 0 not ready, 0 cordoned, 0 missing, 0 unexpected")
        .contains("plan agent-plan complete")
        .contains("Kustomization flux-system/flux-system ready");
    JsonNode c = cluster("converged");
    assertThat(c.get("verdict").asString()).isEqualTo("converged");
    assertThat(c.get("reachable").asBoolean()).isTrue();
    assertThat(c.get("wave").isNull()).isTrue();
    assertThat(c.get("targetVersion").isNull()).isTrue();
    assertThat(c.get("effectiveVersion").isNull()).isTrue();
    assertThat(c.get("versions").get("v1.31.14+k3s1").size()).isEqualTo(2);
  }

  @Test
  void nodeNotReadyIsUnhealthy() {
    JsonNode c = cluster("notready");
    assertThat(c.get("verdict").asString()).isEqualTo("unhealthy");
    assertThat(c.get("nodeCounts").get("notReady").asInt()).isEqualTo(1);
    assertThat(status("notready").exitCode()).isEqualTo(2);
    assertThat(status("notready", "--fail-on", "unhealthy").exitCode()).isEqualTo(1);
  }

  @Test
  void nodeLeftCordonedAfterAFailedSucJob() {
    JsonNode c = cluster("cordoned");
    assertThat(c.get("nodeCounts").get("cordoned").asInt()).isEqualTo(1);
    JsonNode agent = c.get("upgrade").get("plans").get(0);
    assertThat(agent.get("name").asString()).isEqualTo("agent-plan");
    assertThat(agent.get("state").asString()).isEqualTo("failed");
    assertThat(agent.get("detail").asString())
        .contains("apply-agent-plan-on-cordoned-2 on cordoned-2");
    assertThat(c.get("verdict").asString()).isEqualTo("unhealthy");
  }

  @Test
  void vacuouslyCompletePlanIsToldApartFromComplete() {
    JsonNode plans = cluster("vacuous").get("upgrade").get("plans");
    assertThat(plans.get(1).get("name").asString()).isEqualTo("extra-plan");
    assertThat(plans.get(1).get("state").asString()).isEqualTo("vacuously-complete");
    assertThat(plans.get(1).get("nodes").size()).isZero();
    assertThat(plans.get(0).get("state").asString()).isEqualTo("complete");
    assertThat(plans.get(0).get("nodes").get(0).asString()).isEqualTo("vacuous-2");
  }

  @Test
  void planWaitingForItsWindow() {
    Cli.Run run = status("window");
    assertThat(run.out()).contains("plan agent-plan waiting-for-window");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(cluster("window").get("verdict").asString()).isEqualTo("not-yet");
  }

  @Test
  void kubeletAtTheOldVersionIsDrift() {
    Cli.Run run = status("oldkubelet");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).contains("v1.30.9+k3s1 (expected v1.31.14+k3s1)");
    assertThat(status("oldkubelet", "--fail-on", "unhealthy").exitCode()).isEqualTo(2);
    assertThat(status("oldkubelet", "--fail-on", "drift").exitCode()).isEqualTo(1);
    JsonNode c = cluster("oldkubelet");
    assertThat(c.get("nodeCounts").get("wrongVersion").asInt()).isEqualTo(1);
    assertThat(c.get("versions").get("v1.30.9+k3s1").get(0).asString()).isEqualTo("oldkubelet-2");
  }

  @Test
  void fluxKustomizationFailingItsHealthCheck() {
    Cli.Run run = status("fluxfail");
    assertThat(run.out())
        .contains("Kustomization flux-system/flux-system failing (HealthCheckFailed)")
        // the escape sequence in the condition message reaches the terminal as text
        .contains("\\u001b[31mnot ready")
        .doesNotContain("\u001b");
    assertThat(cluster("fluxfail").get("verdict").asString()).isEqualTo("unhealthy");
  }

  @Test
  void argoApplicationDegraded() {
    JsonNode c = cluster("argodegraded");
    JsonNode app = c.get("gitops").get("objects").get(0);
    assertThat(c.get("gitops").get("engine").asString()).isEqualTo("argocd");
    assertThat(app.get("health").asString()).isEqualTo("Synced/Degraded");
    assertThat(app.get("state").asString()).isEqualTo("failing");
    assertThat(app.get("revisionMatches").asBoolean()).isTrue();
    assertThat(c.get("verdict").asString()).isEqualTo("unhealthy");
  }

  @Test
  void revisionOtherThanExpectedIsDrift() {
    Cli.Run run =
        Cli.run(
            "status",
            "-f",
            fleet.toString(),
            "--kubeconfig",
            kubeconfig.toString(),
            "--revision",
            "fedcba9876543210fedcba9876543210fedcba98",
            "converged");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).contains("(expected fedcba9876543210fedcba9876543210fedcba98)");
  }

  @Test
  void unreachableClustersAreStatusesWithTheirReason() {
    Cli.Run run = status("--format", "json", "timeout", "refused", "tls", "converged");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    JsonNode clusters = parse(run.out()).get("clusters");
    assertThat(clusters.get(0).get("unreachable").get("kind").asString()).isEqualTo("timeout");
    assertThat(clusters.get(1).get("unreachable").get("kind").asString()).isEqualTo("refused");
    assertThat(clusters.get(2).get("unreachable").get("kind").asString()).isEqualTo("tls");
    assertThat(clusters.get(3).get("reachable").asBoolean()).isTrue();
    assertThat(status("refused", "--fail-on", "unhealthy").exitCode()).isEqualTo(1);
  }

  @Test
  void missingContextIsUnreachableNotAnError() {
    Cli.Run run = status("--context-pattern", "{cluster}-admin", "converged");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).contains("unreachable: no-context");
  }

  @Test
  void emptyKubeconfigLeavesEveryClusterWithoutAContext() throws IOException {
    Path empty = java.nio.file.Files.createFile(tmp.resolve("empty-kubeconfig"));
    Cli.Run run =
        Cli.run("status", "-f", fleet.toString(), "--kubeconfig", empty.toString(), "converged");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).contains("unreachable: no-context");
    Cli.Run missing =
        Cli.run("status", "-f", fleet.toString(), "--kubeconfig", tmp.resolve("absent").toString());
    assertThat(missing.exitCode()).isEqualTo(4);
    assertThat(missing.err()).contains("absent: cannot be read");
  }

  @Test
  void everyClusterAtOnce() {
    Cli.Run run = status("--concurrency", "3");
    assertThat(run.out()).contains("14 clusters: 3 converged, 4 not yet, 7 unhealthy");
    assertThat(run.exitCode()).isEqualTo(2);
  }

  @Test
  void k0sAutopilotPlanIsReadAndHoldsConvergenceUntilCompleted() {
    Cli.Run run = status("autopilot");
    assertThat(run.out())
        .contains(
            "upgrade: autopilot plan SchedulableWait v1.31.14+k0s.0 (completed on autopilot-1)");
    assertThat(run.exitCode()).isEqualTo(2);
    JsonNode c = cluster("autopilot");
    assertThat(c.get("verdict").asString()).isEqualTo("not-yet");
    JsonNode autopilot = c.get("upgrade").get("autopilot");
    assertThat(autopilot.get("installed").asBoolean()).isTrue();
    assertThat(autopilot.get("state").asString()).isEqualTo("SchedulableWait");
    assertThat(autopilot.get("nodes").get(0).asString()).isEqualTo("autopilot-1");
    assertThat(autopilot.get("failed").asBoolean()).isFalse();
    // the k0s controller+worker carries the control-plane label, the worker none: roles match
    assertThat(c.get("nodeCounts").get("wrongRole").asInt()).isZero();
    // K3s clusters have no Autopilot plan to read
    assertThat(cluster("converged").get("upgrade").has("autopilot")).isFalse();
  }

  @Test
  void nodeRolesAreComparedWithTheFleetNotJustNames() {
    Cli.Run run = status("wrongrole");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).contains("(role worker, declared control-plane)");
    JsonNode c = cluster("wrongrole");
    assertThat(c.get("verdict").asString()).isEqualTo("not-yet");
    assertThat(c.get("nodeCounts").get("wrongRole").asInt()).isEqualTo(2);
    assertThat(c.get("nodes").get(1).get("role").asString()).isEqualTo("control-plane");
    assertThat(c.get("nodes").get(1).get("roleMatches").asBoolean()).isFalse();
    assertThat(cluster("converged").get("nodeCounts").get("wrongRole").asInt()).isZero();
  }

  @Test
  void unknownClusterIsAUsageError() {
    Cli.Run run = status("convergd");
    assertThat(run.exitCode()).isEqualTo(64);
    assertThat(run.err()).contains("did you mean");
  }

  static final String DIGEST =
      "sha256:3b6cdcc7adcc9a84d3214ee1c029543789d90b5ae69debe9efa3f66e982875de";

  static Path published(String digest, String tag) throws IOException {
    Path file = tmp.resolve("published-" + digest.substring(7, 15) + "-" + tag + ".json");
    Files.writeString(
        file,
        "{\"to\":\"oci://registry.example.com/fleet\",\"tag\":\""
            + tag
            + "\",\"clusters\":[{\"name\":\"ocipulled\",\"digest\":\""
            + digest
            + "\"}]}\n");
    return file;
  }

  /**
   * A cluster that pulls its artifact is read through its OCIRepository and held to the digest
   * fleet publish recorded, not to the Git commit; another digest is drift, and a record of another
   * tag is not this cluster's.
   */
  @Test
  void ociClusterIsHeldToThePublishedDigest() throws IOException {
    Cli.Run run = status("--published", published(DIGEST, "latest").toString(), "ocipulled");
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(0);
    assertThat(run.out())
        .contains("OCIRepository flux-system/flux-system ready")
        .contains("latest@" + DIGEST);
    String other = "sha256:" + "0".repeat(64);
    Cli.Run drift = status("--published", published(other, "latest").toString(), "ocipulled");
    assertThat(drift.exitCode()).as(drift.out()).isEqualTo(2);
    assertThat(drift.out()).contains("(expected " + other + ")");
    // Without a record (or with one of another tag) no revision is compared: the Git commit
    // given with --revision is never held against an artifact.
    assertThat(status("ocipulled").exitCode()).isEqualTo(0);
    assertThat(status("--published", published(other, "fleet").toString(), "ocipulled").exitCode())
        .isEqualTo(0);
  }

  @Test
  void aPublishedRecordThatIsNotOneIsAnIoError() throws IOException {
    Path bad = tmp.resolve("bad-published.json");
    Files.writeString(bad, "{\"to\": 1}");
    Cli.Run run = status("--published", bad.toString(), "ocipulled");
    assertThat(run.exitCode()).isEqualTo(ExitCode.IO_ERROR);
    assertThat(run.err()).contains("bad-published.json");
  }
}
