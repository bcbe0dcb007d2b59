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
    // The K3s supervisor's /ping answers when a file says the cluster is up.
    stub(
        "curl",
        """
        out=''; url=''
        while (($#)); do case $1 in -o) out=$2; shift ;; https://*) url=$1 ;; esac; shift; done
        if [[ $url == */ping ]]; then echo "ping $url" >>"$LOG"; [[ -f $BIN/.peer-up ]]; exit; fi
        cat >"$out" <<'INSTALLER'
        echo "installer version=$INSTALL_K3S_VERSION exec=$INSTALL_K3S_EXEC dsn=${K3S_DATASTORE_ENDPOINT:-} restart=${INSTALL_K3S_FORCE_RESTART:-}" >>"$LOG"
        echo "$INSTALL_K3S_VERSION" >"$BIN/.version"
        cp "$BIN/k3s.fake" "$BIN/k3s"
        touch "$BIN/.active"
        INSTALLER
        """);
    // A node that is Ready; cordoned (kubectl's STATUS column 'Ready,SchedulingDisabled') when
    // a file says so.
    stub(
        "k3s.fake",
        """
        if [[ $1 == --version ]]; then echo "k3s version $(<"$BIN/.version") (abc)"; exit; fi
        status=Ready; if [[ -f $BIN/.cordoned ]]; then status=Ready,SchedulingDisabled; fi
        if [[ $* == *jsonpath* ]]; then echo True; else echo "$4 $status control-plane 1m v1"; fi
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
  void secretsEnvIsReadAsDataNeverAsShell() throws Exception {
    String dsn = "postgres://k:p%40ss@db/k?sslmode=require&connect_timeout=5#x $HOME \"q\" 'r' a=b";
    Path secrets = dir.resolve("secrets.env");
    Files.writeString(
        secrets,
        "# secrets of cluster pg\n"
            + "export PG_TOKEN='t0k3n$(touch "
            + dir.resolve("pwned")
            + ")'\n"
            + "PG_DSN="
            + dsn
            + "\r\n");
    Result result = run(scripts().get("server"), Map.of("FLEETC_SECRETS_ENV", secrets.toString()));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(calls()).contains("dsn=" + dsn + " restart=");
    assertThat(root.resolve("etc/rancher/k3s/fleet-token"))
        .hasContent("t0k3n$(touch " + dir.resolve("pwned") + ")");
    assertThat(dir.resolve("pwned")).doesNotExist();

    // The environment wins over the file; a missing name says where it may go.
    Result fromEnv =
        run(
            scripts().get("server"),
            Map.of("FLEETC_SECRETS_ENV", secrets.toString(), "PG_TOKEN", "from-env"));
    assertThat(fromEnv.exitCode()).isZero();
    assertThat(root.resolve("etc/rancher/k3s/fleet-token")).hasContent("from-env");
    Result missing =
        run(scripts().get("agent"), Map.of("FLEETC_SECRETS_ENV", dir.resolve("none").toString()));
    assertThat(missing.output())
        .contains("the cluster token is missing: export PG_TOKEN, or put PG_TOKEN=... into");
  }

  @Test
  void aNodeThatRunsANewerBuildIsNeverDowngradedButAnOlderOneUpgrades() throws Exception {
    Map<String, String> secrets = Map.of("PG_TOKEN", "t0k3n", "PG_DSN", "postgres://k:p@db/k");
    String server = scripts().get("server"); // installs v1.33.13+k3s2
    Files.copy(bin.resolve("k3s.fake"), bin.resolve("k3s"));
    Files.writeString(bin.resolve(".version"), "v1.34.1+k3s1");
    Result newer = run(server, secrets);
    assertThat(newer.exitCode()).isEqualTo(1);
    assertThat(newer.output())
        .contains("K3s v1.34.1+k3s1 on s-1 is newer than v1.33.13+k3s2")
        .contains("never downgrades");
    assertThat(calls()).doesNotContain("installer");

    Files.writeString(bin.resolve(".version"), "v1.33.13+k3s10"); // a later build of the minor
    assertThat(run(server, secrets).exitCode()).isEqualTo(1);

    Files.writeString(bin.resolve(".version"), "v1.32.13+k3s1");
    Result older = run(server, secrets);
    assertThat(older.exitCode()).as(older.output()).isZero();
    assertThat(calls()).contains("installer version=v1.33.13+k3s2");
  }

  @Test
  void agentNeverSeesTheDatastoreEndpoint() throws Exception {
    Result result = run(scripts().get("agent"), Map.of("PG_TOKEN", "t0k3n"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(calls())
        .contains("exec=agent dsn= restart=true\n")
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

  private static final String ETCD =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: t}
      clusters:
        - name: ha
          distribution: k3s
          kubernetes: "1.33"
          apiEndpoint: 10.0.0.10
          token: {secretRef: env:HA_TOKEN}
          agentToken: {secretRef: env:HA_AGENT_TOKEN}
          nodes:
            - {name: s-1, address: 203.0.113.1, privateAddress: 10.0.0.1, role: control-plane}
            - {name: s-2, address: 203.0.113.2, privateAddress: 10.0.0.2, role: control-plane}
            - {name: s-3, address: 203.0.113.3, privateAddress: 10.0.0.3, role: control-plane}
            - {name: a-1, address: 203.0.113.4, privateAddress: 10.0.0.4, role: worker}
      """;

  private static final Map<String, String> HA_SECRETS =
      Map.of("HA_TOKEN", "server-secret", "HA_AGENT_TOKEN", "agent-secret");

  @Test
  void aCordonedServerIsReady() throws Exception {
    // kubectl shows a cordoned node as 'Ready,SchedulingDisabled': readiness is the condition.
    Files.writeString(bin.resolve(".cordoned"), "");
    Result result = run(scripts().get("server"), Map.of("PG_TOKEN", "t", "PG_DSN", "postgres://x"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("s-1 is Ready");
  }

  @Test
  void theInstallerRestartsK3sWhenOnlyTheConfigurationChanged() throws Exception {
    Map<String, String> secrets = Map.of("PG_TOKEN", "t0k3n", "PG_DSN", "postgres://k:p@db/k");
    String server = scripts().get("server");
    assertThat(run(server, secrets).exitCode()).isZero();
    assertThat(calls()).contains("restart=true");

    // Rerunning the installer without a change must not restart K3s ...
    Files.delete(log);
    assertThat(run(server, with(secrets, "FLEETC_FORCE_INSTALL", "1")).exitCode()).isZero();
    assertThat(calls()).contains("installer").contains("restart=false");

    // ... but a changed config.yaml alone must: the installer only compares its own files.
    Files.writeString(root.resolve("etc/rancher/k3s/config.yaml"), "tampered: true\n");
    Files.delete(log);
    assertThat(run(server, with(secrets, "FLEETC_FORCE_INSTALL", "1")).exitCode()).isZero();
    assertThat(calls()).contains("installer").contains("restart=true");
  }

  @Test
  void theFirstServerRefusesToStartASecondClusterWhenTheClusterAnswers() throws Exception {
    Files.writeString(bin.resolve(".peer-up"), "");
    Result result = run(haScript("s-1"), HA_SECRETS);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output())
        .contains("https://10.0.0.10:6443 answers: cluster ha exists already")
        .contains("FLEETC_K3S_JOIN=https://SERVER:6443");
    assertThat(root.resolve("etc")).doesNotExist();
    assertThat(calls()).doesNotContain("installer");
  }

  @Test
  void theFirstServerStartsTheClusterWhenNothingAnswersOrItHasItsEtcdAlready() throws Exception {
    Result fresh = run(haScript("s-1"), HA_SECRETS);
    assertThat(fresh.exitCode()).as(fresh.output()).isZero();
    assertThat(calls()).contains("ping https://10.0.0.10:6443/ping");
    assertThat(root.resolve("etc/rancher/k3s/config.yaml").toFile())
        .content()
        .contains("cluster-init: true");

    // Its own etcd data on disk: K3s ignores cluster-init then, so an answering cluster is fine.
    Files.createDirectories(root.resolve("var/lib/rancher/k3s/server/db/etcd"));
    Files.writeString(bin.resolve(".peer-up"), "");
    Files.delete(log);
    Result again = run(haScript("s-1"), HA_SECRETS);
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(calls()).doesNotContain("ping");
  }

  @Test
  void withoutARegistrationAddressTheFirstServerAsksTheOtherServers() {
    String script = find(artifacts(ETCD.replace("    apiEndpoint: 10.0.0.10\n", "")), "s-1");
    assertThat(script)
        .contains("readonly PEERS=('https://10.0.0.2:6443' 'https://10.0.0.3:6443' )")
        .doesNotContain("'https://10.0.0.1:6443'");
    // Only the first server starts the cluster; the others join and never probe.
    assertThat(find(artifacts(ETCD), "s-2")).doesNotContain("PEERS").doesNotContain("/ping");
  }

  @Test
  void aRebuiltFirstServerRejoinsThroughAHealthyServer() throws Exception {
    Files.writeString(bin.resolve(".peer-up"), "");
    Result result =
        run(haScript("s-1"), with(HA_SECRETS, "FLEETC_K3S_JOIN", "https://10.0.0.2:6443"));
    assertThat(result.exitCode()).as(result.output()).isZero();
    String config = Files.readString(root.resolve("etc/rancher/k3s/config.yaml"));
    assertThat(config).contains("server: \"https://10.0.0.2:6443\"").doesNotContain("cluster-init");

    Result bad = run(haScript("s-1"), with(HA_SECRETS, "FLEETC_K3S_JOIN", "10.0.0.2; rm -rf /"));
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.output()).contains("FLEETC_K3S_JOIN must look like https://SERVER:6443");
  }

  @Test
  void agentsJoinWithTheAgentTokenAndServersAcceptIt() throws Exception {
    Result server = run(haScript("s-2"), HA_SECRETS);
    assertThat(server.exitCode()).as(server.output()).isZero();
    assertThat(root.resolve("etc/rancher/k3s/fleet-token")).hasContent("server-secret");
    assertThat(root.resolve("etc/rancher/k3s/fleet-agent-token")).hasContent("agent-secret");

    Path agentRoot = Files.createDirectories(dir.resolve("agent-root"));
    Result agent =
        run(
            haScript("a-1"),
            Map.of("HA_AGENT_TOKEN", "agent-secret", "FLEETC_ROOT", agentRoot.toString()));
    assertThat(agent.exitCode()).as(agent.output()).isZero();
    assertThat(agentRoot.resolve("etc/rancher/k3s/fleet-token")).hasContent("agent-secret");
    assertThat(agentRoot.resolve("etc/rancher/k3s/fleet-agent-token")).doesNotExist();
    assertThat(haScript("a-1")).doesNotContain("HA_TOKEN ").doesNotContain("HA_TOKEN,");
  }

  @Test
  void serversWithPublicAndPrivateAddressesAdvertiseThePrivateOne() {
    List<Artifact> artifacts = artifacts(ETCD);
    String server = config(artifacts, "s-2");
    assertThat(server)
        .contains("advertise-address: \"10.0.0.2\"")
        .contains("node-ip:\n  - \"10.0.0.2\"")
        .contains("node-external-ip:\n  - \"203.0.113.2\"")
        .contains("tls-san:\n  - \"10.0.0.10\"\n  - \"203.0.113.2\"")
        .contains("agent-token-file: \"/etc/rancher/k3s/fleet-agent-token\"");
    assertThat(config(artifacts, "a-1"))
        .doesNotContain("advertise-address")
        .doesNotContain("agent-token");
  }

  private static String config(List<Artifact> artifacts, String node) {
    return artifacts.stream()
        .filter(a -> a.kind() == ArtifactKind.K3S_CONFIG && a.node().equals(node))
        .findFirst()
        .orElseThrow()
        .content();
  }

  private static final String CA_HASH =
      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  @Test
  void joinersVerifyTheServerWithTheCaHashTheFirstServerPrinted() throws Exception {
    // K3s writes its own token in the secure form; the first server's script prints its CA hash.
    Path token =
        Files.createDirectories(root.resolve("var/lib/rancher/k3s/server")).resolve("token");
    Files.writeString(token, "K10" + CA_HASH + "::server:server-secret\n");
    Result first = run(haScript("s-1"), HA_SECRETS);
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.output()).contains("Join the other nodes with FLEETC_K3S_CA_HASH=" + CA_HASH);

    Path serverRoot = Files.createDirectories(dir.resolve("s-2"));
    Result server =
        run(
            haScript("s-2"),
            with(
                with(HA_SECRETS, "FLEETC_K3S_CA_HASH", CA_HASH),
                "FLEETC_ROOT",
                serverRoot.toString()));
    assertThat(server.exitCode()).as(server.output()).isZero();
    assertThat(serverRoot.resolve("etc/rancher/k3s/fleet-token"))
        .hasContent("K10" + CA_HASH + "::server:server-secret");
    // The server's own agent token stays the bare secret it accepts.
    assertThat(serverRoot.resolve("etc/rancher/k3s/fleet-agent-token")).hasContent("agent-secret");

    Path agentRoot = Files.createDirectories(dir.resolve("a-1"));
    Map<String, String> agentEnv =
        Map.of("HA_AGENT_TOKEN", "agent-secret", "FLEETC_ROOT", agentRoot.toString());
    Result agent = run(haScript("a-1"), with(agentEnv, "FLEETC_K3S_CA_HASH", CA_HASH));
    assertThat(agent.exitCode()).as(agent.output()).isZero();
    assertThat(agentRoot.resolve("etc/rancher/k3s/fleet-token"))
        .hasContent("K10" + CA_HASH + "::node:agent-secret");

    // A later run without the hash keeps the verified form and restarts nothing.
    Result again = run(haScript("a-1"), agentEnv);
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.output()).doesNotContain("warning").contains("already installed");
    assertThat(agentRoot.resolve("etc/rancher/k3s/fleet-token"))
        .hasContent("K10" + CA_HASH + "::node:agent-secret");
  }

  @Test
  void withoutTheCaHashAJoinerWarnsAndABadHashStopsIt() throws Exception {
    Path agentRoot = Files.createDirectories(dir.resolve("a-1"));
    Map<String, String> agentEnv =
        Map.of("HA_AGENT_TOKEN", "agent-secret", "FLEETC_ROOT", agentRoot.toString());
    Result unverified = run(haScript("a-1"), agentEnv);
    assertThat(unverified.exitCode()).as(unverified.output()).isZero();
    assertThat(unverified.output()).contains("joining without verifying the server");
    assertThat(agentRoot.resolve("etc/rancher/k3s/fleet-token")).hasContent("agent-secret");

    Result bad = run(haScript("a-1"), with(agentEnv, "FLEETC_K3S_CA_HASH", "abc; reboot"));
    assertThat(bad.exitCode()).isEqualTo(1);
    assertThat(bad.output()).contains("FLEETC_K3S_CA_HASH must be the 64 lower-case hex digits");
    // The first server itself starts the cluster with the short token: nothing to verify.
    assertThat(haScript("s-1")).doesNotContain("secure_token");
  }

  private static String haScript(String node) {
    return find(artifacts(ETCD), node);
  }

  private static Map<String, String> with(Map<String, String> env, String key, String value) {
    Map<String, String> out = new java.util.HashMap<>(env);
    out.put(key, value);
    return out;
  }
}
