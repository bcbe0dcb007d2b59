package dev.fleetc.emit.microk8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.compiler.upgrades.RolloutEngine;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.ExampleFleets;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the generated MicroK8s {@code upgrade.sh} under bash against stand-in {@code snap}, {@code
 * microk8s} and {@code kubectl} (src/test/resources/microk8s/upgrade-standins) that record their
 * calls and simulate the node (its snap track) and the cluster (each node's Ready condition,
 * kubelet version and cordon): a fresh upgrade, a second run, a refused downgrade and skipped
 * minor, a node that never comes back Ready, and a worker's order and kubeconfig checks. Every
 * generated upgrade.sh parses under {@code bash -n} and passes shellcheck.
 */
class MicroK8sUpgradeScriptTest {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final Path STANDINS =
      Path.of("src", "test", "resources", "microk8s", "upgrade-standins");
  private static final String CP1 = "bootstrap/lab/nodes/cp-1/upgrade.sh";
  private static final String W1 = "bootstrap/lab/nodes/w-1/upgrade.sh";
  private static final String[][] LAB = {
    {"host-10.20.0.11", "10.20.0.11"},
    {"host-10.20.0.12", "10.20.0.12"},
    {"host-10.20.0.13", "10.20.0.13"},
    {"host-10.20.0.21", "10.20.0.21"},
    {"host-10.20.0.22", "10.20.0.22"}
  };

  @TempDir Path work;

  /** The output of one run: exit code, what it printed, the stand-in calls it made. */
  record Run(int exit, String output, List<String> calls) {}

  @Test
  void aControlPlaneNodeIsDrainedRefreshedWaitedForAndUncordonedThenLeftAlone() throws Exception {
    Path root = write(compile("microk8s-ha"));
    Path state = machine("1.32/stable", "v1.32.9");

    Run first = run(root, CP1, state, "10.20.0.11", Map.of());
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.calls())
        .containsSubsequence(
            "snap list microk8s",
            "microk8s kubectl drain host-10.20.0.11 --ignore-daemonsets --timeout=600s"
                + " --delete-emptydir-data",
            "snap refresh microk8s --channel=1.33/stable",
            "snap refresh --hold microk8s",
            "microk8s kubectl uncordon host-10.20.0.11");
    assertThat(first.output()).contains("cp-1 (host-10.20.0.11) upgraded to 1.33/stable");
    assertThat(Files.readString(state.resolve("tracking"))).isEqualTo("1.33/stable");
    assertThat(node(state, "10.20.0.11")).isEqualTo("host-10.20.0.11|10.20.0.11|True|v1.33.4|");
    // One node at a time: the others were not touched.
    assertThat(node(state, "10.20.0.12")).isEqualTo("host-10.20.0.12|10.20.0.12|True|v1.32.9|");

    Run again = run(root, CP1, state, "10.20.0.11", Map.of());
    assertThat(again.exit()).as(again.output()).isZero();
    assertThat(again.output()).contains("runs 1.33/stable already", "nothing to do");
    assertThat(again.calls())
        .noneMatch(c -> c.contains(" drain ") || c.contains("cordon") || c.contains("--channel"));
  }

  @Test
  void aNodeOnANewerMinorOrTwoMinorsBelowIsRefusedUntouched() throws Exception {
    Path root = write(compile("microk8s-ha"));
    Path newer = machine("1.34/stable", "v1.34.2");
    Run down = run(root, CP1, newer, "10.20.0.11", Map.of());
    assertThat(down.exit()).as(down.output()).isEqualTo(3);
    assertThat(down.output())
        .contains("cp-1 tracks 1.34/stable, newer than 1.33/stable", "never moves a node down");
    assertThat(down.calls()).containsExactly("snap list microk8s");
    assertThat(Files.readString(newer.resolve("tracking"))).isEqualTo("1.34/stable");

    Path older = machine("1.31/stable", "v1.31.14");
    Run skip = run(root, CP1, older, "10.20.0.11", Map.of());
    assertThat(skip.exit()).as(skip.output()).isEqualTo(3);
    assertThat(skip.output()).contains("would skip a minor", "(1.32 first)");
    assertThat(skip.calls()).containsExactly("snap list microk8s");
  }

  @Test
  void aNodeThatNeverComesBackReadyTimesOutCordonedAndARerunFinishesIt() throws Exception {
    Path root = write(compile("microk8s-ha"));
    Path state = machine("1.32/stable", "v1.32.9");
    Files.writeString(state.resolve("never-ready"), "");

    Run stuck =
        run(
            root,
            CP1,
            state,
            "10.20.0.11",
            Map.of("FLEETC_JOB_DEADLINE", "2", "FLEETC_RETRY_DELAY", "1"));
    assertThat(stuck.exit()).as(stuck.output()).isEqualTo(4);
    assertThat(stuck.output())
        .contains(
            "cp-1 (host-10.20.0.11) is not Ready with a 1.33 kubelet after 2s",
            "Ready: False",
            "it is left cordoned");
    assertThat(stuck.calls()).noneMatch(c -> c.contains("uncordon"));
    assertThat(node(state, "10.20.0.11")).endsWith("|False|v1.33.4|true");

    // Someone repairs the node; the same script carries on: no second refresh, then uncordon.
    Files.delete(state.resolve("never-ready"));
    Files.writeString(
        state.resolve("nodes"),
        Files.readString(state.resolve("nodes")).replace("|False|v1.33.4|", "|True|v1.33.4|"));
    Run resumed = run(root, CP1, state, "10.20.0.11", Map.of());
    assertThat(resumed.exit()).as(resumed.output()).isZero();
    assertThat(resumed.calls()).noneMatch(c -> c.contains("--channel"));
    assertThat(resumed.calls()).contains("microk8s kubectl uncordon host-10.20.0.11");
    assertThat(node(state, "10.20.0.11")).endsWith("|True|v1.33.4|");
  }

  @Test
  void aFailedDrainStopsBeforeTheRefreshAndSaysTheNodeIsCordoned() throws Exception {
    Path root = write(compile("microk8s-ha"));
    Path state = machine("1.32/stable", "v1.32.9");
    Files.writeString(state.resolve("drain-fails"), "");
    Run run = run(root, CP1, state, "10.20.0.11", Map.of());
    assertThat(run.exit()).as(run.output()).isEqualTo(1);
    assertThat(run.output()).contains("draining host-10.20.0.11 failed; it is left cordoned");
    assertThat(run.calls()).noneMatch(c -> c.contains("--channel"));
    assertThat(Files.readString(state.resolve("tracking"))).isEqualTo("1.32/stable");
  }

  @Test
  void aWorkerNeedsAKubeconfigAndAnUpgradedControlPlane() throws Exception {
    Path root = write(compile("microk8s-ha"));
    Path state = machine("1.32/stable", "v1.32.9");

    Run noConfig = run(root, W1, state, "10.20.0.21", Map.of());
    assertThat(noConfig.exit()).as(noConfig.output()).isEqualTo(2);
    assertThat(noConfig.output()).contains("set FLEETC_KUBECONFIG");
    assertThat(noConfig.calls()).isEmpty();

    Path kubeconfig = Files.writeString(work.resolve("lab.kubeconfig"), "apiVersion: v1\n");
    Map<String, String> env =
        Map.of(
            "FLEETC_KUBECONFIG",
            kubeconfig.toString(),
            "FLEETC_MICROK8S_KUBECTL",
            STANDINS.resolve("kubectl").toAbsolutePath().toString());
    Run early = run(root, W1, state, "10.20.0.21", env);
    assertThat(early.exit()).as(early.output()).isEqualTo(2);
    assertThat(early.output())
        .contains("control-plane node host-10.20.0.11 runs kubelet v1.32.9")
        .contains("upgrade the control plane first");
    assertThat(early.calls()).noneMatch(c -> c.contains(" drain ") || c.contains("--channel"));

    // The control plane is done: the worker goes through the API with the kubeconfig.
    String nodes = Files.readString(state.resolve("nodes"));
    for (String cp : List.of("10.20.0.11", "10.20.0.12", "10.20.0.13")) {
      nodes = nodes.replace(cp + "|True|v1.32.9|", cp + "|True|v1.33.4|");
    }
    Files.writeString(state.resolve("nodes"), nodes);
    Run worker = run(root, W1, state, "10.20.0.21", env);
    assertThat(worker.exit()).as(worker.output()).isZero();
    String api = "kubectl --kubeconfig=" + kubeconfig + " ";
    assertThat(worker.calls())
        .containsSubsequence(
            api
                + "drain host-10.20.0.21 --ignore-daemonsets --timeout=600s"
                + " --delete-emptydir-data",
            "snap refresh microk8s --channel=1.33/stable",
            api + "uncordon host-10.20.0.21");
    assertThat(worker.calls()).noneMatch(c -> c.startsWith("microk8s"));
  }

  @Test
  void withRolloutWavesOnlyThePromotedClusterIsUpgradedAndTheHeldOneKeepsItsChannel()
      throws Exception {
    String fleet =
        """
        apiVersion: fleetc.dev/v1alpha1
        kind: Fleet
        metadata: {name: shops}
        defaults: {distribution: microk8s, kubernetes: "MINOR", gitops: {engine: none}}
        clusters:
          - {name: canary, nodes: [{name: c-1, address: 10.0.1.1, role: control-plane}]}
          - {name: shop, nodes: [{name: s-1, address: 10.0.2.1, role: control-plane}]}
        rollout:
          waves:
            - {name: canary, clusters: [canary]}
            - {name: rest, selector: {}}
        """;
    java.time.Instant now = java.time.Instant.parse("2026-12-07T08:00:00Z");
    RolloutEngine.Step first =
        RolloutEngine.compile(declared(fleet.replace("MINOR", "1.35")), Optional.empty(), now);
    RolloutEngine.Step bump =
        RolloutEngine.compile(declared(fleet.replace("MINOR", "1.36")), first.state(), now);
    assertThat(bump.promoted()).containsExactly("canary");
    Map<String, Artifact> files = new TreeMap<>();
    FleetEmitter.standard()
        .emit(bump.fleet(), c -> true, "t")
        .files()
        .forEach(a -> files.put(a.path(), a));
    assertThat(files.get("bootstrap/canary/nodes/c-1/upgrade.sh").content())
        .contains("readonly CHANNEL='1.36/stable'", "readonly TARGET_MINOR='36'");
    assertThat(files.get("bootstrap/shop/nodes/s-1/upgrade.sh").content())
        .contains("readonly CHANNEL='1.35/stable'", "readonly TARGET_MINOR='35'");
    assertThat(files.get("bootstrap/shop/UPGRADE.md").content())
        .startsWith("# Cluster shop: upgrade MicroK8s to 1.35/stable");

    // The held cluster's node, on 1.35 already, is left alone by its script.
    Path root = write(files);
    Path state = Files.createTempDirectory(work, "machine");
    Files.writeString(state.resolve("tracking"), "1.35/stable");
    Files.writeString(state.resolve("nodes"), "s-1|10.0.2.1|True|v1.35.2|\n");
    Run held = run(root, "bootstrap/shop/nodes/s-1/upgrade.sh", state, "10.0.2.1", Map.of());
    assertThat(held.exit()).as(held.output()).isZero();
    assertThat(held.output()).contains("nothing to do");
    assertThat(held.calls()).noneMatch(c -> c.contains("--channel") || c.contains(" drain "));
  }

  @Test
  void aScriptStartsOnlyInsideTheMaintenanceWindowInItsTimeZone() throws Exception {
    String fleet =
        """
        apiVersion: fleetc.dev/v1alpha1
        kind: Fleet
        metadata: {name: shops}
        clusters:
          - name: shop
            distribution: microk8s
            kubernetes: "1.36"
            gitops: {engine: none}
            upgrades:
              window: {days: [tue], start: "22:00", end: "02:00", timeZone: Europe/Berlin}
            nodes: [{name: s-1, address: 10.0.2.1, role: control-plane}]
        """;
    Map<String, Artifact> files = new TreeMap<>();
    FleetEmitter.standard()
        .emit(declared(fleet), c -> true, "t")
        .files()
        .forEach(a -> files.put(a.path(), a));
    assertThat(files.get("bootstrap/shop/UPGRADE.md").content())
        .contains("in the maintenance window only (tue 22:00-02:00 Europe/Berlin)");
    Path root = write(files);
    Path state = Files.createTempDirectory(work, "machine");
    Files.writeString(state.resolve("tracking"), "1.36/stable");
    Files.writeString(state.resolve("nodes"), "s-1|10.0.2.1|True|v1.36.1|\n");
    String script = "bootstrap/shop/nodes/s-1/upgrade.sh";
    // Berlin is UTC+1 in December: Tuesday 22:30, then Wednesday 01:30 (the window runs past
    // midnight), both inside; Wednesday 03:30 and Monday 23:00 outside.
    for (String inside : List.of("2026-12-08T21:30:00Z", "2026-12-09T00:30:00Z")) {
      Run run = run(root, script, state, "10.0.2.1", Map.of("FLEETC_NOW", inside));
      assertThat(run.exit()).as(inside + ": " + run.output()).isZero();
      assertThat(run.output()).contains("nothing to do");
    }
    for (String outside : List.of("2026-12-09T02:30:00Z", "2026-12-07T22:00:00Z")) {
      Run run = run(root, script, state, "10.0.2.1", Map.of("FLEETC_NOW", outside));
      assertThat(run.exit()).as(outside + ": " + run.output()).isEqualTo(2);
      assertThat(run.output())
          .contains("outside the maintenance window (tue 22:00-02:00 Europe/Berlin)");
      assertThat(run.calls()).isEmpty();
    }
    Run forced =
        run(
            root,
            script,
            state,
            "10.0.2.1",
            Map.of("FLEETC_NOW", "2026-12-09T02:30:00Z", "FLEETC_IGNORE_WINDOW", "1"));
    assertThat(forced.exit()).as(forced.output()).isZero();
  }

  private static dev.fleetc.model.Fleet declared(String text) {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", text);
    return result.fleet().orElseThrow(() -> new AssertionError(result.diagnostics()));
  }

  @Test
  void everyUpgradeScriptParsesAndPassesShellcheck() throws Exception {
    List<Path> fleets = new ArrayList<>();
    fleets.add(GOLDEN.resolve("microk8s-ha/fleet.yaml"));
    fleets.add(GOLDEN.resolve("microk8s-single/fleet.yaml"));
    fleets.add(Path.of("..", "..", "fleet-examples", "microk8s.fleet.yaml"));
    fleets.add(Path.of("..", "..", "fleet-examples", "acme.fleet.yaml"));
    fleets.add(Path.of("src", "test", "resources", "microk8s", "upgrade-window.fleet.yaml"));
    List<Path> scripts = new ArrayList<>();
    for (Path fleet : fleets) {
      Path root = write(compile(fleet));
      try (var files = Files.walk(root)) {
        files.filter(p -> p.getFileName().toString().equals("upgrade.sh")).forEach(scripts::add);
      }
    }
    assertThat(scripts).hasSizeGreaterThan(8);
    boolean shellcheck = exec(List.of("shellcheck", "--version")).exit() == 0;
    List<String> failures = new ArrayList<>();
    for (Path script : scripts) {
      Run parsed = exec(List.of("bash", "-n", script.toString()));
      if (parsed.exit() != 0) {
        failures.add(script + ": " + parsed.output());
      }
      if (shellcheck) {
        Run checked = exec(List.of("shellcheck", "-s", "bash", "-f", "gcc", script.toString()));
        if (checked.exit() != 0) {
          failures.add(script + ": " + checked.output());
        }
      }
    }
    assertThat(failures).isEmpty();
    assumeTrue(shellcheck, "shellcheck not installed (CI installs it)");
  }

  // ---------- helpers ----------

  /** A machine whose snap tracks {@code channel}, in a lab cluster whose kubelets all run it. */
  private Path machine(String channel, String kubelet) throws IOException {
    Path state = Files.createTempDirectory(work, "machine");
    Files.writeString(state.resolve("tracking"), channel);
    StringBuilder nodes = new StringBuilder();
    for (String[] node : LAB) {
      nodes.append(node[0]).append('|').append(node[1]).append("|True|").append(kubelet);
      nodes.append("|\n");
    }
    Files.writeString(state.resolve("nodes"), nodes.toString());
    return state;
  }

  private static String node(Path state, String address) throws IOException {
    return Files.readAllLines(state.resolve("nodes")).stream()
        .filter(l -> l.split("\\|", -1)[1].equals(address))
        .findFirst()
        .orElseThrow();
  }

  private static Map<String, Artifact> compile(String goldenCase) {
    return compile(GOLDEN.resolve(goldenCase).resolve("fleet.yaml"));
  }

  private static Map<String, Artifact> compile(Path fleet) {
    CompileResult result = ExampleFleets.compile(fleet);
    assertThat(result.fleet())
        .as(() -> new DiagnosticRenderer("").renderAll(result.diagnostics()))
        .isPresent();
    CompiledFleet compiled = FleetEmitter.standard().emit(result.fleet().get(), c -> true, "t");
    Map<String, Artifact> files = new TreeMap<>();
    compiled.files().forEach(a -> files.put(a.path(), a));
    return files;
  }

  private Path write(Map<String, Artifact> files) throws IOException {
    Path root = Files.createTempDirectory(work, "out");
    for (Artifact a : files.values()) {
      Path p = root.resolve(a.path());
      Files.createDirectories(p.getParent());
      Files.writeString(p, a.content());
    }
    return root;
  }

  private Run run(Path root, String script, Path state, String address, Map<String, String> env)
      throws Exception {
    Path log = state.resolve("calls.log");
    Files.deleteIfExists(log);
    Map<String, String> environment = new HashMap<>(env);
    environment.put(
        "PATH", STANDINS.toAbsolutePath() + java.io.File.pathSeparator + System.getenv("PATH"));
    environment.put("STANDIN_LOG", log.toString());
    environment.put("STANDIN_STATE", state.toString());
    environment.put("STANDIN_NODE_IP", address);
    environment.putIfAbsent("FLEETC_RETRY_DELAY", "0");
    environment.put("FLEETC_ALLOW_NON_ROOT", "1");
    Run run = exec(List.of("bash", root.resolve(script).toString()), environment);
    List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
    // The node listing's jsonpath is long and the same every time: keep the verb.
    List<String> shown =
        calls.stream().map(c -> c.replaceFirst(" get nodes -o .*", " get nodes")).toList();
    return new Run(run.exit(), run.output(), shown);
  }

  private static Run exec(List<String> command) throws Exception {
    return exec(command, Map.of());
  }

  private static Run exec(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(k -> k.startsWith("FLEETC_"));
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), output, List.of());
  }
}
