package dev.fleetc.emit.k3s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.model.Cluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs generated K3s install scripts under bash against stand-in {@code curl}, {@code k3s}, {@code
 * systemctl} and {@code id} commands that record what they are asked to do.
 */
class K3sInstallScriptTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: t}
      clusters:
        - name: pg
          distribution: k3s
          kubernetes: "1.33"
          apiEndpoint: 10.0.0.10
          token: {secretRef: env:PG_TOKEN}
          datastore: {type: postgres, endpoint: {secretRef: env:PG_DSN}}
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
            - {name: a-1, address: 10.0.0.2, role: worker}
      """;

  private static final String NATIVE_ADDONS =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: t}
      clusters:
        - name: shop
          distribution: k3s
          kubernetes: "1.33"
          token: {secretRef: env:SHOP_TOKEN}
          gitops: {engine: none}
          addons:
            ingress: ingress-nginx
            storage: local-path
            backup:
              velero:
                bucket: b
                region: eu-west-1
                schedule: "0 2 * * *"
                credentials: {secretRef: env:VELERO}
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
            - {name: a-1, address: 10.0.0.2, role: worker}
      """;

  @TempDir Path dir;
  private Path bin;
  private Path root;
  private Path log;

  @BeforeEach
  void standIns() throws IOException {
    bin = Files.createDirectories(dir.resolve("bin"));
    root = Files.createDirectories(dir.resolve("root"));
    log = dir.resolve("calls.log");
    // The installer records its environment and puts a k3s that reports the installed version.
    stub(
        "curl",
        """
        out=''; while (($#)); do [[ $1 == -o ]] && out=$2; shift; done
        cat >"$out" <<'INSTALLER'
        echo "installer version=$INSTALL_K3S_VERSION exec=$INSTALL_K3S_EXEC dsn=${K3S_DATASTORE_ENDPOINT:-}" >>"$LOG"
        printf '#!/usr/bin/env bash\\nif [[ $1 == --version ]]; then echo "k3s version %s (abc)"; else echo "$3 Ready control-plane 1m v1"; fi\\n' "$INSTALL_K3S_VERSION" >"$BIN/k3s"
        chmod +x "$BIN/k3s"
        touch "$BIN/.active"
        INSTALLER
        """);
    stub(
        "systemctl",
        """
        echo "systemctl $*" >>"$LOG"
        if [[ $1 == is-active ]]; then [[ -f $BIN/.active ]]; fi
        """);
    stub("id", "echo 0");
  }

  private void stub(String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/usr/bin/env bash\n" + body, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Map<String, String> scripts() {
    return scripts(FLEET);
  }

  private static List<Artifact> artifacts(String fleet) {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", fleet);
    Cluster cluster = result.fleet().orElseThrow().clusters().get(0);
    return new K3sEmitter().emit(cluster);
  }

  private Map<String, String> scripts(String fleet) {
    List<Artifact> artifacts = artifacts(fleet);
    return Map.of(
        "server", find(artifacts, "s-1"),
        "agent", find(artifacts, "a-1"),
        "serverConfig",
            artifacts.stream()
                .filter(a -> a.kind() == ArtifactKind.K3S_CONFIG && a.node().equals("s-1"))
                .findFirst()
                .orElseThrow()
                .content());
  }

  private static String find(List<Artifact> artifacts, String node) {
    return artifacts.stream()
        .filter(a -> a.kind() == ArtifactKind.K3S_INSTALL && a.node().equals(node))
        .findFirst()
        .orElseThrow()
        .content();
  }

  private record Result(int exitCode, String output) {}

  private Result run(String script, Map<String, String> env) throws Exception {
    Path file = dir.resolve("install.sh");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true);
    Map<String, String> e = pb.environment();
    e.clear();
    e.put("PATH", bin + ":/usr/bin:/bin");
    e.put("BIN", bin.toString());
    e.put("LOG", log.toString());
    e.put("FLEETC_ROOT", root.toString());
    e.put("FLEETC_READY_INTERVAL", "0");
    e.put("FLEETC_READY_ATTEMPTS", "3");
    e.putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), out);
  }

  private String calls() throws IOException {
    return Files.exists(log) ? Files.readString(log) : "";
  }

  @Test
  void missingSecretStopsBeforeTouchingAnything() throws Exception {
    Result result = run(scripts().get("server"), Map.of("PG_TOKEN", "t0k3n"));
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("the datastore endpoint is missing: export PG_DSN");
    assertThat(root.resolve("etc")).doesNotExist();
    assertThat(calls()).isEmpty();
  }

  @Test
  void installsOnceThenOnlyRestartsOnChange() throws Exception {
    Map<String, String> secrets = Map.of("PG_TOKEN", "t0k3n", "PG_DSN", "postgres://k:p@db/k");
    String server = scripts().get("server");

    Result first = run(server, secrets);
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains("Installing K3s v1.33.13+k3s2 (server)", "s-1 is Ready");
    assertThat(calls())
        .contains("installer version=v1.33.13+k3s2 exec=server dsn=postgres://k:p@db/k");
    Path config = root.resolve("etc/rancher/k3s/config.yaml");
    assertThat(config).hasContent(scripts().get("serverConfig").stripTrailing());
    assertThat(Files.getPosixFilePermissions(config))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    assertThat(root.resolve("etc/rancher/k3s/fleet-token")).hasContent("t0k3n");

    Files.delete(log);
    Result second = run(server, secrets);
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).contains("already installed and configured");
    assertThat(calls()).doesNotContain("installer").doesNotContain("restart");

    Files.writeString(config, "tampered: true\n");
    Files.delete(log);
    Result third = run(server, secrets);
    assertThat(third.output()).contains("Restarting k3s");
    assertThat(calls()).contains("systemctl restart k3s").doesNotContain("installer");
    assertThat(config).hasContent(scripts().get("serverConfig").stripTrailing());
  }

  @Test
  void agentNeverSeesTheDatastoreEndpoint() throws Exception {
    Result result = run(scripts().get("agent"), Map.of("PG_TOKEN", "t0k3n"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(calls())
        .contains("exec=agent dsn=\n")
        .contains("systemctl is-active --quiet k3s-agent");
  }

  @Test
  void serversWriteTheAddonManifestIntoTheAutoDeployFolderWithoutRestarting() throws Exception {
    String manifest =
        artifacts(NATIVE_ADDONS).stream()
            .filter(a -> a.path().equals("bootstrap/shop/manifests/fleetc-addons.yaml"))
            .findFirst()
            .orElseThrow()
            .content();
    assertThat(manifest)
        .contains("kind: \"HelmChart\"", "name: \"ingress-nginx\"", "name: \"velero\"");
    Map<String, String> secrets = Map.of("SHOP_TOKEN", "t0k3n");
    String server = scripts(NATIVE_ADDONS).get("server");

    Result first = run(server, secrets);
    assertThat(first.exitCode()).as(first.output()).isZero();
    Path written = root.resolve("var/lib/rancher/k3s/server/manifests/fleetc-addons.yaml");
    assertThat(written).hasContent(manifest.stripTrailing());
    assertThat(Files.getPosixFilePermissions(written))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));

    // A changed add-on manifest is rewritten; K3s watches the folder, so no restart.
    Files.writeString(written, "tampered: true\n");
    Files.delete(log);
    Result second = run(server, secrets);
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output()).contains("already installed and configured");
    assertThat(calls()).doesNotContain("restart");
    assertThat(written).hasContent(manifest.stripTrailing());
  }

  @Test
  void agentsAndClustersWithoutExtraAddonsWriteNoManifest() throws Exception {
    Result agent = run(scripts(NATIVE_ADDONS).get("agent"), Map.of("SHOP_TOKEN", "t0k3n"));
    assertThat(agent.exitCode()).as(agent.output()).isZero();
    assertThat(root.resolve("var")).doesNotExist();
    assertThat(scripts().get("server")).doesNotContain("MANIFESTS_DIR");
    assertThat(artifacts(FLEET)).noneMatch(a -> a.path().contains("/manifests/"));
  }
}
