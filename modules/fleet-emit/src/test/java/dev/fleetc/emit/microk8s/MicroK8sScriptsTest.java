package dev.fleetc.emit.microk8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the generated MicroK8s scripts under bash against stand-in {@code snap} and {@code microk8s}
 * commands (src/test/resources/microk8s/standins) that record their arguments. Each node gets its
 * own snap directories, as if it were its own machine. Also validates every launch configuration
 * against the reference schema with python3's jsonschema (as the conformance check does).
 */
class MicroK8sScriptsTest {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private static final Path STANDINS = Path.of("src", "test", "resources", "microk8s", "standins");
  private static final Path SCHEMA =
      Path.of("src", "test", "resources", "microk8s", "launch-config.schema.json");
  private static final String TOKEN = "0123456789abcdef0123456789abcdef01";

  @TempDir Path work;

  @Test
  void singleNodeInstallsWithItsLaunchConfigurationAndIsLeftAloneOnTheSecondRun() throws Exception {
    Map<String, Artifact> files = compile("microk8s-single");
    Path root = write(files);
    Node kiosk = new Node("kiosk-1", "192.168.1.50");

    List<String> first = run(root, "bootstrap/kiosk/nodes/kiosk-1/install.sh", kiosk, 0, Map.of());
    assertThat(first)
        .containsSubsequence(
            "snap list microk8s",
            "snap install microk8s --classic --channel=1.31/stable",
            "snap launch-config-present",
            "snap refresh --hold microk8s",
            "microk8s status --wait-ready --timeout 600");
    assertThat(first).noneMatch(l -> l.startsWith("microk8s join") || l.contains("add-node"));
    assertThat(kiosk.launchConfig())
        .isEqualTo(files.get("bootstrap/kiosk/nodes/kiosk-1/launch-config.yaml").content());

    List<String> second = run(root, "bootstrap/kiosk/nodes/kiosk-1/install.sh", kiosk, 0, Map.of());
    assertThat(second).noneMatch(l -> l.startsWith("snap install"));
    assertThat(second).contains("snap refresh --hold microk8s");
    assertThat(kiosk.common.resolve("etc/launcher")).doesNotExist();

    kubeletDns(kiosk, "10.152.183.10");
    List<String> check = run(root, "bootstrap/kiosk/check-cluster.sh", kiosk, 0, Map.of());
    assertThat(check)
        .containsSubsequence(
            "microk8s kubectl label node host-192.168.1.50 site=shop-3 --overwrite",
            "microk8s status --addon rbac",
            "microk8s status --addon hostpath-storage");
  }

  @Test
  void haClusterJoinsInOrderRetriesAFailedJoinAndLeavesJoinedNodesAlone() throws Exception {
    Map<String, Artifact> files = compile("microk8s-ha");
    Path root = write(files);
    Map<String, String> env = Map.of("LAB_TOKEN", TOKEN);
    Node cp1 = new Node("cp-1", "10.20.0.11");
    Node cp2 = new Node("cp-2", "10.20.0.12");
    Node w1 = new Node("w-1", "10.20.0.21");

    List<String> first = run(root, "bootstrap/lab/nodes/cp-1/install.sh", cp1, 0, env);
    assertThat(first)
        .containsSubsequence(
            // No other control-plane node's cluster agent answers: no cluster exists yet.
            "curl https://10.20.0.12:25000/",
            "curl https://10.20.0.13:25000/",
            "snap install microk8s --classic --channel=1.33/stable",
            "snap launch-config-present",
            "snap refresh --hold microk8s",
            "microk8s status --wait-ready --timeout 600");
    // The install hook registered the persistent token from the launch configuration.
    assertThat(first).noneMatch(l -> l.startsWith("microk8s join") || l.contains("add-node"));
    assertThat(cp1.launchConfig())
        .startsWith(files.get("bootstrap/lab/nodes/cp-1/launch-config.yaml").content())
        .endsWith("---\nversion: \"0.2.0\"\npersistentClusterToken: \"" + TOKEN + "\"\n");
    assertSchemaValid(cp1.common.resolve(".microk8s.yaml"));

    List<String> joiner = run(root, "bootstrap/lab/nodes/cp-2/install.sh", cp2, 2, env);
    String join = "microk8s join 10.20.0.11:25000/" + TOKEN;
    assertThat(joiner)
        .containsSubsequence(
            "snap install microk8s --classic --channel=1.33/stable",
            "snap refresh --hold microk8s",
            "microk8s status --wait-ready --timeout 600",
            join,
            join,
            join,
            "microk8s status --wait-ready --timeout 600");
    assertThat(joiner.stream().filter(join::equals)).hasSize(3);

    List<String> worker = run(root, "bootstrap/lab/nodes/w-1/install.sh", w1, 1, env);
    assertThat(worker).containsSubsequence("snap refresh --hold microk8s", join + " --worker");
    assertThat(worker.stream().filter(l -> l.startsWith("microk8s join"))).hasSize(2);
    assertThat(worker).noneMatch(l -> l.contains("--controlplane") || l.contains("kubectl"));
    assertThat(w1.launchConfig()).doesNotContain(TOKEN);

    for (Node node : List.of(cp1, cp2, w1)) {
      String script = "bootstrap/lab/nodes/" + node.name + "/install.sh";
      List<String> again = run(root, script, node, 5, env);
      assertThat(again)
          .as("second run on %s", node.name)
          .noneMatch(l -> l.startsWith("snap install") || l.startsWith("microk8s join"));
      assertThat(node.common.resolve("etc/launcher")).doesNotExist();
    }

    // A non-default service range: the certificate names its kubernetes Service address, and
    // the dns add-on is told to put CoreDNS where kubelet sends pods.
    assertThat(files.get("bootstrap/lab/nodes/cp-1/launch-config.yaml").content())
        .contains(
            "extraSANs:\n  - \"lab.example.internal\"\n  - \"203.0.113.1\"\n  - \"10.20.0.11\"\n  - \"10.153.0.1\"\n")
        .contains(
            "- name: \"dns\"\n    args:\n      - \"/etc/resolv.conf\"\n      - \"10.153.0.10\"\n")
        .contains("\"--cluster-dns\": \"10.153.0.10\"");
    assertThat(files.get("bootstrap/lab/nodes/w-2/launch-config.yaml").content())
        .contains("  - \"10.153.0.1\"\n");
    kubeletDns(cp1, "10.153.0.10");
    List<String> check = run(root, "bootstrap/lab/check-cluster.sh", cp1, 0, env);
    assertThat(check)
        .containsSubsequence(
            "microk8s kubectl label node host-10.20.0.21 workload=batch --overwrite",
            "microk8s kubectl taint node host-10.20.0.21 dedicated=batch:NoSchedule --overwrite",
            "microk8s status --addon metallb",
            "microk8s status");
  }

  @Test
  void onAnInstalledSnapTheConfigurationGoesToTheLauncherAndTheTokenIsRegistered()
      throws Exception {
    Path root = write(compile("microk8s-ha"));
    Node cp1 = new Node("cp-1", "10.20.0.11");
    Files.writeString(cp1.state.resolve("installed"), "1.33/stable");

    List<String> calls =
        run(root, "bootstrap/lab/nodes/cp-1/install.sh", cp1, 0, Map.of("LAB_TOKEN", TOKEN));
    assertThat(calls).noneMatch(l -> l.startsWith("snap install"));
    assertThat(calls)
        .containsSubsequence(
            "snap refresh --hold microk8s",
            "microk8s status --wait-ready --timeout 600",
            "microk8s add-node --token " + TOKEN + " --token-ttl 315569260");
    assertThat(cp1.common.resolve("etc/launcher/fleetc.yaml")).hasContent(cp1.launchConfig());
  }

  @Test
  void aRebuiltFirstNodeRefusesToStartASecondClusterWhileAnotherNodeAnswers() throws Exception {
    Path root = write(compile("microk8s-ha"));
    Node cp1 = new Node("cp-1", "10.20.0.11");
    Files.writeString(cp1.state.resolve("answering"), "https://10.20.0.13:25000/\n");
    Process process =
        start(root, "bootstrap/lab/nodes/cp-1/install.sh", cp1, 0, Map.of("LAB_TOKEN", TOKEN));
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(output)
        .contains("https://10.20.0.13:25000/ answers")
        .contains("would start a second one")
        .contains("Rebuild a node");
    assertThat(log(cp1)).noneMatch(l -> l.startsWith("snap install"));
  }

  @Test
  void theTokenComesFromSecretsEnvReadAsData() throws Exception {
    Path root = write(compile("microk8s-ha"));
    Node cp1 = new Node("cp-1", "10.20.0.11");
    Path secrets = cp1.state.resolve("secrets.env");
    // Quoted, after a comment and another name; a shell would run the $(...) of the decoy.
    Files.writeString(
        secrets,
        "# fleet lab\nLAB_TOKEN_OLD=$(touch "
            + cp1.state.resolve("pwned")
            + ")\nLAB_TOKEN=\""
            + TOKEN
            + "\"\n");
    List<String> calls =
        run(
            root,
            "bootstrap/lab/nodes/cp-1/install.sh",
            cp1,
            0,
            Map.of("FLEETC_SECRETS_ENV", secrets.toString()));
    assertThat(calls).contains("snap install microk8s --classic --channel=1.33/stable");
    assertThat(cp1.launchConfig()).endsWith("persistentClusterToken: \"" + TOKEN + "\"\n");
    assertThat(cp1.state.resolve("pwned")).doesNotExist();
  }

  @Test
  void aMissingTokenStopsTheScriptBeforeAnythingIsInstalled() throws Exception {
    Path root = write(compile("microk8s-ha"));
    Node cp1 = new Node("cp-1", "10.20.0.11");
    Process process = start(root, "bootstrap/lab/nodes/cp-1/install.sh", cp1, 0, Map.of());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(1);
    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .contains("export LAB_TOKEN");
    assertThat(log(cp1)).isEmpty();
  }

  @Test
  void joinersCarryTheFingerprintTheFirstNodePrinted() throws Exception {
    Path root = write(compile("microk8s-ha"));
    Map<String, String> env = Map.of("LAB_TOKEN", TOKEN);
    Node cp1 = new Node("cp-1", "10.20.0.11");
    // The certificate the install hook made: its DER bytes' sha256, as add-node computes it.
    byte[] der = "not really DER, but bytes all the same".getBytes(StandardCharsets.UTF_8);
    Files.createDirectories(cp1.data.resolve("certs"));
    Files.writeString(
        cp1.data.resolve("certs/server.crt"),
        "-----BEGIN CERTIFICATE-----\n"
            + java.util.Base64.getMimeEncoder().encodeToString(der)
            + "\n-----END CERTIFICATE-----\n");
    String fingerprint =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(der))
            .substring(0, 12);
    Process first = start(root, "bootstrap/lab/nodes/cp-1/install.sh", cp1, 0, env);
    String printed = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(first.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(first.exitValue()).as(printed).isZero();
    assertThat(printed)
        .contains("Join the other nodes with FLEETC_MICROK8S_FINGERPRINT=" + fingerprint);

    Node w1 = new Node("w-1", "10.20.0.21");
    List<String> worker =
        run(
            root,
            "bootstrap/lab/nodes/w-1/install.sh",
            w1,
            0,
            Map.of("LAB_TOKEN", TOKEN, "FLEETC_MICROK8S_FINGERPRINT", fingerprint));
    assertThat(worker)
        .contains("microk8s join 10.20.0.11:25000/" + TOKEN + "/" + fingerprint + " --worker");

    Node w2 = new Node("w-2", "10.20.0.22");
    Process bad =
        start(
            root,
            "bootstrap/lab/nodes/w-2/install.sh",
            w2,
            0,
            Map.of("LAB_TOKEN", TOKEN, "FLEETC_MICROK8S_FINGERPRINT", "xyz; reboot"));
    String badOutput = new String(bad.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bad.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(bad.exitValue()).isEqualTo(1);
    assertThat(badOutput).contains("FLEETC_MICROK8S_FINGERPRINT must be the hex fingerprint");
    assertThat(log(w2)).noneMatch(l -> l.startsWith("microk8s join"));
  }

  @Test
  void aLaunchConfigurationInRootsSnapDirectoryStopsTheScript() throws Exception {
    // The install hook reads $SNAP_USER_COMMON/.microk8s.yaml before the file the script writes.
    Path root = write(compile("microk8s-single"));
    Node kiosk = new Node("kiosk-1", "192.168.1.50");
    Files.writeString(kiosk.userCommon.resolve(".microk8s.yaml"), "version: 0.1.0\n");
    Process process = start(root, "bootstrap/kiosk/nodes/kiosk-1/install.sh", kiosk, 0, Map.of());
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.exitValue()).as(output).isEqualTo(1);
    assertThat(output).contains(kiosk.userCommon.resolve(".microk8s.yaml") + " would replace");
    assertThat(log(kiosk)).isEmpty();
  }

  @Test
  void theCheckFailsWhenCoreDnsIsNotWhereKubeletSendsPods() throws Exception {
    Path root = write(compile("microk8s-ha"));
    Node cp1 = new Node("cp-1", "10.20.0.11");
    kubeletDns(cp1, "10.153.0.10");
    // What the add-on does in a custom range when it is not given the address: a random one.
    Process process =
        start(
            root,
            "bootstrap/lab/check-cluster.sh",
            cp1,
            0,
            Map.of("STANDIN_DNS_IP", "10.153.37.4"));
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(1);
    assertThat(output)
        .contains("the kube-dns Service has address 10.153.37.4, not 10.153.0.10")
        .doesNotContain("is ready");

    kubeletDns(cp1, "10.152.183.10");
    process =
        start(
            root,
            "bootstrap/lab/check-cluster.sh",
            cp1,
            0,
            Map.of("STANDIN_DNS_IP", "10.153.0.10"));
    output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isEqualTo(1);
    assertThat(output).contains("kubelet's --cluster-dns is '10.152.183.10', not 10.153.0.10");
  }

  private static void kubeletDns(Node node, String address) throws IOException {
    Path args = Files.createDirectories(node.data.resolve("args"));
    Files.writeString(
        args.resolve("kubelet"), "--cluster-domain=cluster.local\n--cluster-dns=" + address + "\n");
  }

  @Test
  void everyLaunchConfigurationMatchesTheReferenceSchema() throws Exception {
    for (String name : List.of("microk8s-single", "microk8s-ha")) {
      Path root = write(compile(name));
      for (Artifact a : compile(name).values()) {
        if (a.kind() == ArtifactKind.MICROK8S_LAUNCH_CONFIG) {
          assertSchemaValid(root.resolve(a.path()));
        }
      }
    }
  }

  // ---------- helpers ----------

  /** One simulated machine: its own snap directories, log and stand-in state. */
  private final class Node {
    final String name;
    final String address;
    final Path common;
    final Path data;
    final Path state;
    final Path userCommon;

    Node(String name, String address) throws IOException {
      this.name = name;
      this.address = address;
      Path machine = work.resolve("machines").resolve(name);
      this.common = Files.createDirectories(machine.resolve("common"));
      this.data = Files.createDirectories(machine.resolve("data"));
      this.state = Files.createDirectories(machine.resolve("state"));
      this.userCommon = Files.createDirectories(machine.resolve("root-snap-common"));
    }

    String launchConfig() throws IOException {
      return Files.readString(common.resolve(".microk8s.yaml"));
    }
  }

  private static Map<String, Artifact> compile(String goldenCase) throws IOException {
    String text = Files.readString(GOLDEN.resolve(goldenCase).resolve("fleet.yaml"));
    CompileResult result = new FleetCompiler().compile("fleet.yaml", text);
    assertThat(result.fleet())
        .as(() -> new DiagnosticRenderer(text).renderAll(result.diagnostics()))
        .isPresent();
    CompiledFleet compiled =
        FleetEmitter.standard().emit(result.fleet().get(), c -> true, "fleetc test");
    Map<String, Artifact> files = new java.util.TreeMap<>();
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

  private List<String> run(
      Path root, String script, Node node, int joinFailures, Map<String, String> env)
      throws Exception {
    int before = log(node).size();
    Process process = start(root, script, node, joinFailures, env);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    List<String> all = log(node);
    return new ArrayList<>(all.subList(before, all.size()));
  }

  private Process start(
      Path root, String script, Node node, int joinFailures, Map<String, String> env)
      throws IOException {
    Files.writeString(node.state.resolve("join-failures"), Integer.toString(joinFailures));
    ProcessBuilder builder =
        new ProcessBuilder("bash", root.resolve(script).toString()).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("FLEETC_") || k.equals("LAB_TOKEN"));
    environment.put(
        "PATH", STANDINS.toAbsolutePath() + java.io.File.pathSeparator + environment.get("PATH"));
    environment.put("STANDIN_LOG", node.state.resolve("calls.log").toString());
    environment.put("STANDIN_STATE", node.state.toString());
    environment.put(
        "STANDIN_NODES", "10.20.0.11 10.20.0.12 10.20.0.13 10.20.0.21 10.20.0.22 " + node.address);
    environment.put("FLEETC_MICROK8S_COMMON_DIR", node.common.toString());
    environment.put("FLEETC_MICROK8S_DATA_DIR", node.data.toString());
    environment.put("FLEETC_MICROK8S_USER_COMMON_DIR", node.userCommon.toString());
    environment.put("FLEETC_RETRY_DELAY", "0");
    environment.put("FLEETC_ALLOW_NON_ROOT", "1");
    environment.putAll(env);
    return builder.start();
  }

  private static List<String> log(Node node) throws IOException {
    Path log = node.state.resolve("calls.log");
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static void assertSchemaValid(Path launchConfig) throws Exception {
    assumeThat(pythonWithJsonSchema()).as("python3 with PyYAML and jsonschema").isTrue();
    String program =
        "import json,sys,yaml,jsonschema\n"
            + "schema=json.load(open(sys.argv[1]))\n"
            + "v=jsonschema.Draft7Validator(schema)\n"
            + "docs=[d for d in yaml.safe_load_all(open(sys.argv[2])) if d is not None]\n"
            + "errs=[e.message for d in docs for e in v.iter_errors(d)]\n"
            + "print('\\n'.join(errs)); sys.exit(1 if errs or not docs else 0)\n";
    Process p =
        new ProcessBuilder("python3", "-c", program, SCHEMA.toString(), launchConfig.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(launchConfig + ": " + out).isZero();
  }

  private static boolean pythonWithJsonSchema() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import yaml, jsonschema").start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
