package dev.fleetc.emit.cloudinit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The user-data file of every K3s and MicroK8s node: it carries the node's own files byte for byte,
 * with the right modes, runs the script, holds no secret, and passes cloud-init's own schema check
 * ({@code cloud-init schema --config-file}).
 */
class CloudInitUserDataTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: t}
      clusters:
        - name: edge
          distribution: k3s
          kubernetes: "1.33"
          token: {secretRef: env:EDGE_TOKEN}
          datastore: {type: sqlite}
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
            - {name: a-1, address: 10.0.0.2, role: worker}
        - name: lab
          distribution: microk8s
          kubernetes: "1.33"
          token: {secretRef: file:/etc/fleetc/lab-token}
          nodes:
            - {name: m-1, address: 10.0.1.1, role: control-plane}
            - {name: m-2, address: 10.0.1.2, role: control-plane}
            - {name: m-3, address: 10.0.1.3, role: control-plane}
        - name: k0s-site
          distribution: k0s
          kubernetes: "1.33"
          apiEndpoint: 10.0.2.10
          nodes:
            - {name: c-1, address: 10.0.2.1, role: control-plane}
      """;

  private static List<Artifact> compile() {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", FLEET);
    assertThat(result.diagnostics()).filteredOn(d -> d.isError()).isEmpty();
    CompiledFleet compiled =
        FleetEmitter.standard().emit(result.fleet().orElseThrow(), c -> true, "fleetc test");
    return compiled.files();
  }

  private static Map<String, Artifact> byPath(List<Artifact> files) {
    Map<String, Artifact> map = new java.util.TreeMap<>();
    files.forEach(a -> map.put(a.path(), a));
    return map;
  }

  @Test
  void everyK3sAndMicroK8sNodeGetsUserDataCarryingItsOwnFiles() {
    Map<String, Artifact> files = byPath(compile());
    List<String> userData =
        files.keySet().stream().filter(p -> p.endsWith("/user-data.yaml")).toList();
    assertThat(userData)
        .containsExactly(
            "bootstrap/edge/nodes/a-1/user-data.yaml",
            "bootstrap/edge/nodes/s-1/user-data.yaml",
            "bootstrap/lab/nodes/m-1/user-data.yaml",
            "bootstrap/lab/nodes/m-2/user-data.yaml",
            "bootstrap/lab/nodes/m-3/user-data.yaml");
    check(files, "bootstrap/edge/nodes/s-1");
    check(files, "bootstrap/edge/nodes/a-1");
    check(files, "bootstrap/lab/nodes/m-2");
  }

  private static void check(Map<String, Artifact> files, String dir) {
    Artifact userData = files.get(dir + "/user-data.yaml");
    assertThat(userData.content()).startsWith("#cloud-config\n");
    assertThat(userData.node()).isEqualTo(dir.substring(dir.lastIndexOf('/') + 1));
    JsonNode doc = new YAMLMapper().readTree(userData.content());
    JsonNode written = doc.get("write_files");
    assertThat(written.findValuesAsString("path"))
        .containsExactly(
            "/var/lib/fleetc/install.sh",
            "/var/lib/fleetc/first-boot.sh",
            "/etc/systemd/system/fleetc-first-boot.service");
    assertThat(written.get(0).get("permissions").asString()).isEqualTo("0755");
    assertThat(written.get(0).get("owner").asString()).isEqualTo("root:root");
    assertThat(written.get(0).get("content").asString())
        .isEqualTo(files.get(dir + "/install.sh").content());
    // The modes are strings in the file itself: a bare 0755 is an octal number in YAML 1.1.
    assertThat(userData.content())
        .contains("permissions: \"0755\"")
        .contains("permissions: \"0644\"");
  }

  @Test
  void theFirstBootIsAServiceThatCloudInitStartsWithoutWaitingForIt() {
    Map<String, Artifact> files = byPath(compile());
    JsonNode doc =
        new YAMLMapper().readTree(files.get("bootstrap/edge/nodes/a-1/user-data.yaml").content());
    assertThat(doc.get("runcmd").toString())
        .isEqualTo(
            "[[\"systemctl\",\"daemon-reload\"],[\"systemctl\",\"enable\",\"fleetc-first-boot.service\"],"
                + "[\"systemctl\",\"start\",\"--no-block\",\"fleetc-first-boot.service\"]]");
    String unit = doc.get("write_files").get(2).get("content").asString();
    assertThat(unit)
        .contains("After=network-online.target cloud-final.service")
        .contains("ExecStart=/bin/bash /var/lib/fleetc/first-boot.sh")
        .contains("Restart=on-failure")
        .contains("RestartPreventExitStatus=2")
        .contains("ConditionPathExists=!/var/lib/fleetc/first-boot.done")
        .contains("WantedBy=multi-user.target")
        .doesNotContain("Type=oneshot");
  }

  @Test
  void listsAppendSoThatASecondPartAddsItsFiles() {
    for (Artifact a : compile()) {
      if (a.path().endsWith("/user-data.yaml")) {
        JsonNode mergeHow = new YAMLMapper().readTree(a.content()).get("merge_how");
        assertThat(mergeHow.toString())
            .as(a.path())
            .isEqualTo(
                "[{\"name\":\"list\",\"settings\":[\"append\"]},"
                    + "{\"name\":\"dict\",\"settings\":[\"no_replace\",\"recurse_list\"]}]");
      }
    }
  }

  @Test
  void secretsStayReferencesReadOnTheNode() {
    Map<String, Artifact> files = byPath(compile());
    String edge = files.get("bootstrap/edge/nodes/s-1/user-data.yaml").content();
    // The scripts read the reference when they run; the token file is written there, not here.
    assertThat(edge).contains("'env' 'EDGE_TOKEN'").contains("/etc/fleetc/secrets.env");
    assertThat(edge).doesNotContain(". /etc/fleetc/secrets.env").doesNotContain("source ");
    String lab = files.get("bootstrap/lab/nodes/m-1/user-data.yaml").content();
    assertThat(lab).contains("/etc/fleetc/lab-token");
  }

  @Test
  void aLineSeparatorInAScriptCannotEndItsBlockForYaml11() {
    // Issue 18: a value holding U+2028 (YAML 1.1 reads it as a line break, 1.2 does not) once
    // ended the literal block carrying install.sh, and the rest became top-level cloud-config run
    // as root. The entry rule refuses such values (FLEET-E065); the writer must hold on its own.
    dev.fleetc.emit.support.PyYaml.assumeAvailable();
    CompileResult result = new FleetCompiler().compile("fleet.yaml", FLEET);
    dev.fleetc.model.Cluster edge = result.fleet().orElseThrow().cluster("edge").orElseThrow();
    String injected = "\u2028bootcmd:\u2028- touch /tmp/pwned\u2028x:\u0085 #\u2029";
    List<Artifact> files =
        FleetEmitter.standard()
            .emit(result.fleet().get(), c -> true, "fleetc test")
            .files()
            .stream()
            .map(
                a ->
                    new Artifact(
                        a.path(),
                        a.kind(),
                        a.node(),
                        a.role(),
                        a.content() + "# " + injected + "\n"))
            .toList();
    Map<String, Artifact> byPath = byPath(files);
    String install = byPath.get("bootstrap/edge/nodes/s-1/install.sh").content();
    Artifact userData =
        CloudInitUserData.emit(edge, files).stream()
            .filter(a -> a.path().equals("bootstrap/edge/nodes/s-1/user-data.yaml"))
            .findFirst()
            .orElseThrow();
    JsonNode read =
        dev.fleetc.emit.support.PyYaml.readAsYaml11(List.of(userData.content())).get(0).get(0);
    assertThat(read.propertyNames())
        .as(userData.content())
        .containsExactly("merge_how", "write_files", "runcmd");
    JsonNode installFile = null;
    for (JsonNode file : read.get("write_files")) {
      if (file.get("path").asString().endsWith("/install.sh")) {
        installFile = file;
      }
    }
    assertThat(installFile).as(userData.content()).isNotNull();
    assertThat(installFile.get("content").asString()).isEqualTo(install);
    assertThat(dev.fleetc.emit.support.PyYaml.readAsYaml12(userData.content()).get(0))
        .isEqualTo(read);
  }

  @Test
  void k0sNodesGetNone() {
    assertThat(compile()).noneMatch(a -> a.path().startsWith("bootstrap/k0s-site/nodes/"));
  }

  @Test
  void cloudInitAcceptsEveryUserDataFile(@TempDir Path dir)
      throws IOException, InterruptedException {
    Optional<Path> cloudInit = onPath("cloud-init");
    if (cloudInit.isEmpty()) {
      System.err.println(
          "CloudInitUserDataTest: SKIPPED cloud-init's schema check: cloud-init is not installed"
              + " (apt-get install cloud-init; .ci/run installs it)");
    }
    assumeTrue(cloudInit.isPresent(), "cloud-init is not installed");
    for (Artifact a : compile()) {
      if (!a.path().endsWith("/user-data.yaml")) {
        continue;
      }
      Path file = dir.resolve(a.path().replace('/', '_'));
      Files.writeString(file, a.content(), StandardCharsets.UTF_8);
      Process p =
          new ProcessBuilder(cloudInit.get().toString(), "schema", "--config-file", file.toString())
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as(a.path() + ":\n" + output).isZero();
      assertThat(output).contains("Valid cloud-config");
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
