package dev.fleetc.emit.cloudinit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots generated user-data through real cloud-init (Debian bookworm's 22.4) in a throw-away Debian
 * root: {@code boot.sh} (beside this class in the test resources) mounts an overlay over the cached
 * root built by {@code build-support/cloudinit-root.sh}, puts a NoCloud seed in, and runs the four
 * cloud-init stages chrooted in a private mount, UTS, IPC, network and PID namespace; ending that
 * namespace is the power going off, and booting the same overlay again is a reboot.
 *
 * <p>Stand-ins (in {@code standins/}) replace only what would reach the network or the init system:
 * {@code systemctl} (systemd cannot run in a chroot: it runs a unit's ExecStart in the background
 * as systemd would, restarts it on failure, makes the WantedBy link, and at boot starts the enabled
 * units), {@code curl} (join-target probes answer as the case says; the K3s installer download
 * gives the stand-in installer), the K3s installer and {@code k3s}, {@code snap} and {@code
 * microk8s}. cloud-init, the user-data, the first-boot script, the install scripts and the secrets
 * parsing are the real thing.
 *
 * <p>The secrets part is the one the cluster's RUNBOOK.md shows, taken from it, with its
 * placeholders filled in; the parts are combined with {@code cloud-init devel make-mime} as the
 * runbook says.
 */
class FirstBootCloudInitTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: t}
      clusters:
        - name: edge
          distribution: k3s
          kubernetes: "1.33"
          apiEndpoint: 10.0.0.10
          token: {secretRef: env:EDGE_TOKEN}
          datastore: {type: etcd}
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
            - {name: s-2, address: 10.0.0.2, role: control-plane}
            - {name: s-3, address: 10.0.0.3, role: control-plane}
            - {name: a-1, address: 10.0.0.4, role: worker}
        - name: shop
          distribution: k3s
          kubernetes: "1.33"
          token: {secretRef: env:SHOP_TOKEN}
          datastore: {type: postgres, endpoint: {secretRef: env:SHOP_DSN}}
          nodes:
            - {name: p-1, address: 10.0.2.1, role: control-plane}
        - name: lab
          distribution: microk8s
          kubernetes: "1.33"
          token: {secretRef: file:/etc/fleetc/lab-token}
          nodes:
            - {name: m-1, address: 10.0.1.1, role: control-plane}
            - {name: m-2, address: 10.0.1.2, role: control-plane}
            - {name: m-3, address: 10.0.1.3, role: control-plane}
            - {name: w-1, address: 10.0.1.4, role: worker}
      """;

  private static final String EDGE_TOKEN = "edge-token-0123456789abcdef0123456789abcdef";
  private static final String LAB_TOKEN = "0123456789abcdef0123456789abcdef0123456789";

  /** A DSN with what a shell would eat: {@code &}, {@code $}, {@code #}, quotes, spaces. */
  private static final String DSN =
      "postgres://k3s:p%40ss$HOME@db.example:5432/k3s?sslmode=require&connect_timeout=5"
          + "&application_name=\"k3s #1\"";

  private static Path root;
  private static Path bootScript;
  private static Map<String, Artifact> files;

  @BeforeAll
  static void findRootAndCompile() throws Exception {
    Optional<String> missing = missingPrerequisite();
    if (missing.isPresent()) {
      System.err.println(
          "FirstBootCloudInitTest: SKIPPED booting user-data through cloud-init: "
              + missing.get()
              + " (.ci/run installs mmdebstrap and cloud-init and builds the root)");
    }
    assumeTrue(missing.isEmpty(), () -> missing.orElse(""));
    bootScript = resource("boot.sh");
    CompileResult result = new FleetCompiler().compile("fleet.yaml", FLEET);
    assertThat(result.diagnostics()).filteredOn(d -> d.isError()).isEmpty();
    CompiledFleet compiled =
        FleetEmitter.standard().emit(result.fleet().orElseThrow(), c -> true, "fleetc test");
    files = new LinkedHashMap<>();
    compiled.files().forEach(a -> files.put(a.path(), a));
  }

  @Test
  void k3sFirstServerInstallsWithTheTokenFromASecondPartThatComesFirst(@TempDir Path dir)
      throws Exception {
    Path machine = machine(dir, "edge", "s-1", secretsPart("edge"), PartOrder.SECRETS_FIRST);
    Boot boot = boot(machine, Map.of());

    assertThat(boot.cloudInitStatus()).contains("status: done");
    assertThat(boot.status()).isEqualTo("joined");
    String installer = boot.control("installer.log");
    assertThat(installer)
        .contains("token=" + EDGE_TOKEN)
        .contains("INSTALL_K3S_EXEC=server")
        .contains("cluster-init: true")
        .containsOnlyOnce("installed");
    // The unit was installed, enabled and started without waiting for it.
    assertThat(boot.control("systemctl.log"))
        .contains("enable fleetc-first-boot.service")
        .contains("start --no-block fleetc-first-boot.service");
    assertThat(boot.disk("etc/systemd/system/multi-user.target.wants/fleetc-first-boot.service"))
        .isNotNull();
  }

  @Test
  void k3sJoiningServerWaitsForItsJoinTargetThenJoins(@TempDir Path dir) throws Exception {
    Path machine = machine(dir, "edge", "s-3", secretsPart("edge"), PartOrder.SECRETS_SECOND);
    // The registration address and s-2, the server before s-3, answer only 15 s after boot.
    Files.writeString(
        machine.resolve("answering"), "https://10.0.0.10:6443\nhttps://10.0.0.2:6443\n");
    Boot boot = boot(machine, Map.of("TARGET_UP_AFTER", "15"));

    assertThat(boot.cloudInitStatus()).contains("status: done");
    assertThat(boot.status()).isEqualTo("joined");
    List<String> probes = boot.control("probes.log").lines().toList();
    assertThat(probes).contains("refused https://10.0.0.10:6443/ping");
    assertThat(probes.get(probes.size() - 1)).startsWith("answered");
    assertThat(probes.indexOf("answered https://10.0.0.10:6443/ping"))
        .isGreaterThan(probes.indexOf("refused https://10.0.0.10:6443/ping"));
    assertThat(probes).contains("answered https://10.0.0.2:6443/ping");
    assertThat(boot.control("installer.log"))
        .contains("token=" + EDGE_TOKEN)
        .contains("server: \"https://10.0.0.10:6443\"")
        .containsOnlyOnce("installed");
    assertThat(boot.journal()).contains("waiting-for-join-target: the registration address");
  }

  @Test
  void k3sAgentWaitsForASecretsFileThatArrivesAfterBoot(@TempDir Path dir) throws Exception {
    Path machine = machine(dir, "edge", "a-1", null, PartOrder.NONE);
    Files.writeString(machine.resolve("answering"), "https://10.0.0.10:6443\n");
    // Out of band, 10 s after boot: the env file of the runbook's part.
    Files.writeString(machine.resolve("secrets.env"), secretsEnvOf(secretsPart("edge")));
    Boot boot = boot(machine, Map.of("SECRETS_AFTER", "10"));

    assertThat(boot.cloudInitStatus()).contains("status: done");
    assertThat(boot.status()).isEqualTo("joined");
    assertThat(boot.journal()).contains("waiting-for-secrets: env:EDGE_TOKEN");
    assertThat(boot.control("installer.log"))
        .contains("token=" + EDGE_TOKEN)
        .contains("INSTALL_K3S_EXEC=agent")
        .containsOnlyOnce("installed");
    assertThat(boot.control("boots").strip()).isEqualTo("1");
  }

  @Test
  void aNodeWhoseJoinTargetNeverAnswersGivesUpAtItsDeadline(@TempDir Path dir) throws Exception {
    Path machine = machine(dir, "edge", "a-1", secretsPart("edge"), PartOrder.SECRETS_SECOND);
    // The deadline (24 h) started on an earlier boot and ends a few seconds into this one.
    Path started = machine.resolve("disk/var/lib/fleetc/first-boot.started");
    Files.createDirectories(started.getParent());
    long now = System.currentTimeMillis() / 1000;
    Files.writeString(started, (now - 24 * 3600 + 20) + "\n");
    Boot boot = boot(machine, Map.of());

    assertThat(boot.cloudInitStatus()).contains("status: done");
    assertThat(boot.status())
        .startsWith("failed: waiting-for-join-target: the registration address")
        .endsWith("(gave up: 24h since the first start)");
    assertThat(boot.controlIfAny("installer.log")).isEmpty();
    // Exit status 2: the stand-in, like systemd with RestartPreventExitStatus=2, does not restart.
    assertThat(boot.control("units.log")).containsOnlyOnce("exited 2");
  }

  @Test
  void aDsnWithShellCharactersArrivesIntact(@TempDir Path dir) throws Exception {
    Path machine = machine(dir, "shop", "p-1", secretsPart("shop"), PartOrder.SECRETS_SECOND);
    Boot boot = boot(machine, Map.of());

    assertThat(boot.status()).isEqualTo("joined");
    assertThat(boot.control("installer.log")).contains("K3S_DATASTORE_ENDPOINT=" + DSN + "\n");
  }

  @Test
  void microK8sFirstNodeRegistersTheTokenFromItsFile(@TempDir Path dir) throws Exception {
    Path machine = machine(dir, "lab", "m-1", secretsPart("lab"), PartOrder.SECRETS_FIRST);
    Files.writeString(machine.resolve("control/node-address"), "10.0.1.1");
    Boot boot = boot(machine, Map.of());

    assertThat(boot.cloudInitStatus()).contains("status: done");
    assertThat(boot.status()).isEqualTo("joined");
    assertThat(boot.control("snap.log"))
        .contains("install microk8s --classic --channel=1.33/stable");
    assertThat(boot.control("microk8s.log")).contains("add-node --token " + LAB_TOKEN);
  }

  @Test
  void microK8sFirstNodeRefusesToStartASecondCluster(@TempDir Path dir) throws Exception {
    Path machine = machine(dir, "lab", "m-1", secretsPart("lab"), PartOrder.SECRETS_FIRST);
    // m-2's cluster agent answers: the cluster lives on, m-1 was rebuilt.
    Files.writeString(machine.resolve("answering"), "https://10.0.1.2:25000\n");
    Boot boot = boot(machine, Map.of("POWER_OFF_WHEN", "failed:"));

    assertThat(boot.status())
        .startsWith("failed: https://10.0.1.2:25000/ answers")
        .contains("would start a second one");
    assertThat(boot.controlIfAny("snap.log")).doesNotContain("install microk8s");
  }

  @Test
  void microK8sJoinerResumesAfterARebootMidInstall(@TempDir Path dir) throws Exception {
    Path machine = machine(dir, "lab", "m-2", secretsPart("lab"), PartOrder.SECRETS_SECOND);
    Files.writeString(machine.resolve("answering"), "https://10.0.1.1:25000\n");
    Files.writeString(machine.resolve("control/node-address"), "10.0.1.2");
    // The first snap install hangs; the power goes off while the status says installing.
    Files.writeString(machine.resolve("control/hang-once"), "");
    Boot first = boot(machine, Map.of("POWER_OFF_WHEN", "installing"));
    assertThat(first.status()).isEqualTo("installing");
    assertThat(first.controlIfAny("microk8s.log")).doesNotContain("join");

    Boot second = boot(machine, Map.of());
    assertThat(second.cloudInitStatus()).contains("status: done");
    assertThat(second.status()).isEqualTo("joined");
    assertThat(second.control("microk8s.log"))
        .containsOnlyOnce("join 10.0.1.1:25000/" + LAB_TOKEN + "\n");
    assertThat(second.control("boots").strip()).isEqualTo("2");
  }

  @Test
  void microK8sWorkerJoinsAsAWorker(@TempDir Path dir) throws Exception {
    Path machine = machine(dir, "lab", "w-1", secretsPart("lab"), PartOrder.SECRETS_SECOND);
    Files.writeString(machine.resolve("answering"), "https://10.0.1.1:25000\n");
    Boot boot = boot(machine, Map.of());

    assertThat(boot.cloudInitStatus()).contains("status: done");
    assertThat(boot.status()).isEqualTo("joined");
    assertThat(boot.control("microk8s.log"))
        .contains("join 10.0.1.1:25000/" + LAB_TOKEN + " --worker");
  }

  // --- the machine --------------------------------------------------------------------------

  private enum PartOrder {
    NONE,
    SECRETS_FIRST,
    SECRETS_SECOND
  }

  /** The case folder: the NoCloud seed of the node, with the secrets part where the case says. */
  private static Path machine(
      Path dir, String cluster, String node, String secretsPart, PartOrder order)
      throws IOException, InterruptedException {
    Path machine = dir.resolve(node);
    Files.createDirectories(machine.resolve("seed"));
    Files.createDirectories(machine.resolve("control"));
    Path parts = machine.resolve("parts");
    Path userData = parts.resolve("nodes/" + node + "/user-data.yaml");
    Files.createDirectories(userData.getParent());
    Files.writeString(
        userData, file("bootstrap/" + cluster + "/nodes/" + node + "/user-data.yaml"));
    Path seed = machine.resolve("seed/user-data");
    if (order == PartOrder.NONE) {
      Files.copy(userData, seed);
    } else {
      Files.writeString(parts.resolve("secrets.yaml"), secretsPart);
      // The runbook's command, for this node; or with the parts the other way round.
      String command = makeMimeCommandOf(cluster).replace(firstNode(cluster), node);
      if (order == PartOrder.SECRETS_FIRST) {
        command =
            "cloud-init devel make-mime -a secrets.yaml:cloud-config -a nodes/"
                + node
                + "/user-data.yaml:cloud-config > "
                + node
                + ".user-data";
      }
      run(parts, List.of("bash", "-c", command));
      Files.copy(parts.resolve(node + ".user-data"), seed);
    }
    Files.writeString(
        machine.resolve("seed/meta-data"),
        "instance-id: " + node + "\nlocal-hostname: " + node + "\n");
    return machine;
  }

  /** The runbook's secrets part of the cluster, placeholders filled in with the test's values. */
  private static String secretsPart(String cluster) {
    String runbook = file("bootstrap/" + cluster + "/RUNBOOK.md");
    String section = runbook.substring(runbook.indexOf("## Unattended install (cloud-init)"));
    int start = section.indexOf("```yaml\n") + "```yaml\n".length();
    String part = section.substring(start, section.indexOf("```\n", start));
    String filled =
        part.replace("<value of EDGE_TOKEN>", EDGE_TOKEN)
            .replace("<value of SHOP_TOKEN>", EDGE_TOKEN)
            // Single quotes around the value: the file is read as data, quotes and all.
            .replace("<value of SHOP_DSN>", "'" + DSN + "'")
            .replace("<contents of /etc/fleetc/lab-token>", LAB_TOKEN);
    assertThat(filled)
        .as("every placeholder filled in")
        .doesNotContain("<value of", "<contents of");
    return filled;
  }

  private static String makeMimeCommandOf(String cluster) {
    String runbook = file("bootstrap/" + cluster + "/RUNBOOK.md");
    return runbook
        .lines()
        .filter(l -> l.startsWith("cloud-init devel make-mime "))
        .findFirst()
        .orElseThrow();
  }

  private static String firstNode(String cluster) {
    return Map.of("edge", "s-1", "shop", "p-1", "lab", "m-1").get(cluster);
  }

  /** The content of {@code /etc/fleetc/secrets.env} in a secrets part. */
  private static String secretsEnvOf(String part) {
    String marker = "path: \"/etc/fleetc/secrets.env\"";
    String rest = part.substring(part.indexOf(marker));
    String content = rest.substring(rest.indexOf("content: |\n") + "content: |\n".length());
    return content
        .lines()
        .takeWhile(l -> l.startsWith("      "))
        .map(l -> l.substring(6) + "\n")
        .collect(Collectors.joining());
  }

  private static String file(String path) {
    Artifact artifact = files.get(path);
    assertThat(artifact).as(path).isNotNull();
    return artifact.content();
  }

  // --- booting ------------------------------------------------------------------------------

  private record Boot(Path machine, int number) {

    String status() throws IOException {
      return read(machine.resolve("disk/var/lib/fleetc/status")).strip();
    }

    String cloudInitStatus() throws IOException {
      return read(machine.resolve("boot-" + number + ".log"));
    }

    String journal() throws IOException {
      return read(machine.resolve("disk/var/log/standin-journal.log"));
    }

    String control(String name) throws IOException {
      return read(machine.resolve("control").resolve(name));
    }

    String controlIfAny(String name) throws IOException {
      Path file = machine.resolve("control").resolve(name);
      return Files.exists(file) ? read(file) : "";
    }

    Path disk(String path) {
      Path file = machine.resolve("disk").resolve(path);
      return Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? file : null;
    }
  }

  private static Boot boot(Path machine, Map<String, String> env)
      throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("bash", bootScript.toString(), root.toString(), machine.toString())
            .redirectErrorStream(true)
            .redirectOutput(machine.resolve("boot.out").toFile());
    pb.environment().putAll(env);
    Process p = pb.start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the boot ends").isTrue();
    String out = read(machine.resolve("boot.out"));
    assertThat(p.exitValue()).as(out).isZero();
    int number = Integer.parseInt(read(machine.resolve("control/boots")).strip());
    return new Boot(machine, number);
  }

  private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(command + ": " + out).isZero();
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file, StandardCharsets.UTF_8);
  }

  // --- prerequisites ------------------------------------------------------------------------

  private static Optional<String> missingPrerequisite() throws Exception {
    if (!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
      return Optional.of("not Linux");
    }
    if (!"root".equals(System.getProperty("user.name"))) {
      return Optional.of("not running as root (mount namespaces, overlay and chroot need it)");
    }
    for (String command : List.of("unshare", "chroot", "cloud-init")) {
      if (onPath(command).isEmpty()) {
        return Optional.of(command + " is not installed");
      }
    }
    Optional<Path> recipe = recipe();
    if (recipe.isEmpty()) {
      return Optional.of("build-support/cloudinit-root.sh not found");
    }
    String cache =
        Optional.ofNullable(System.getenv("FLEETC_CLOUDINIT_CACHE"))
            .orElse(System.getProperty("user.home") + "/.cache/fleetc/cloudinit-root");
    Path dir = Path.of(cache).resolve(digest(recipe.get()));
    if (!Files.exists(dir.resolve("complete"))) {
      return Optional.of(
          "no cloud-init root at "
              + dir
              + "/root: build it once with build-support/cloudinit-root.sh (needs mmdebstrap)");
    }
    root = dir.resolve("root");
    return Optional.empty();
  }

  /** The first 16 hex digits of the recipe's SHA-256, as {@code cloudinit-root.sh} computes. */
  private static String digest(Path recipe) throws IOException, NoSuchAlgorithmException {
    byte[] hash = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(recipe));
    return HexFormat.of().formatHex(hash).substring(0, 16);
  }

  private static Optional<Path> recipe() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("build-support/cloudinit-root.sh");
      if (Files.isRegularFile(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Path resource(String name) {
    try {
      return Path.of(FirstBootCloudInitTest.class.getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Path> onPath(String command) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
