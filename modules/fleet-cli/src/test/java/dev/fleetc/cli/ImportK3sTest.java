package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet import --k3s}: hand-written K3s configs, as K3s itself reads them. */
class ImportK3sTest {

  @TempDir Path temp;

  private Path write(String name, String text) throws Exception {
    Path file = temp.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void inlineSecretsBecomeReferencesAndYaml11IsReadAsK3sReadsIt() throws Exception {
    Path s1 =
        write(
            "s1.yaml",
            """
            node-name: srv-1
            node-ip: 10.0.0.11
            token: K10sup3rs3cret::server:abc
            datastore-endpoint: postgres://k3s:hunter2@db.internal:5432/k3s
            write-kubeconfig-mode: 0644
            protect-kernel-defaults: on
            selinux: yes
            flannel-backend: wireguard-native
            etcd-s3-secret-key: AKIAsecret
            tls-san: [k3s.example.net]
            """);
    Path s2 =
        write(
            "s2.yaml",
            """
            node-name: srv-2
            node-ip: 10.0.0.12
            token: K10sup3rs3cret::server:abc
            datastore-endpoint: postgres://k3s:hunter2@db.internal:5432/k3s
            write-kubeconfig-mode: 0644
            protect-kernel-defaults: on
            selinux: yes
            flannel-backend: wireguard-native
            tls-san: [k3s.example.net]
            """);
    Path a1 =
        write(
            "a1.yaml",
            """
            server: https://k3s.example.net:6443
            token: K10sup3rs3cret::server:abc
            node-name: agent-1
            node-label: [tier=edge]
            node-taint: ["edge=true:NoSchedule"]
            kubelet-arg: ["max-pods=150"]
            """);
    Cli.Run run =
        Cli.run(
            "import",
            "--name",
            "shop",
            "--k3s-cluster",
            "Shop_K3s",
            "--k3s-version",
            "v1.31.4+k3s1",
            "--k3s",
            "10.0.0.11=" + s1,
            "--k3s",
            "10.0.0.12=" + s2,
            "--k3s",
            "10.0.0.21=" + a1);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    String fleet = run.out();
    assertThat(fleet).doesNotContain("hunter2", "sup3rs3cret", "AKIAsecret");
    assertThat(run.err())
        .contains("warning[FLEET-W012]: datastore-endpoint is written inline")
        .contains("set SHOP_K3S_DATASTORE_ENDPOINT")
        .contains("set SHOP_K3S_TOKEN")
        .contains("'etcd-s3-secret-key' holds a secret and is not imported")
        .contains("'0644' (line 5) is 420 in YAML 1.1")
        .contains("'on' (line 6) is true in YAML 1.1");
    assertThat(fleet)
        .contains("name: \"shop-k3s\"")
        .contains("kubernetes: \"1.31\"")
        .contains("version: \"v1.31.4+k3s1\"")
        .contains("type: \"postgres\"")
        .contains("secretRef: \"env:SHOP_K3S_DATASTORE_ENDPOINT\"")
        .contains("apiEndpoint: \"k3s.example.net\"")
        // K3s reads the unquoted 0644 as the integer 420 (go-yaml, YAML 1.1): keep what it runs
        // with.
        .contains("write-kubeconfig-mode: \"420\"")
        .contains("protect-kernel-defaults: true")
        .contains("selinux: true")
        .contains("flannel-backend: \"wireguard-native\"")
        .contains("kubelet-arg:")
        .contains("tier: \"edge\"")
        .contains("- \"edge=true:NoSchedule\"");
    Path file = write("shop.fleet.yaml", fleet);
    assertThat(Cli.run("validate", file.toString()).exitCode()).isEqualTo(ExitCode.OK);
  }

  @Test
  void aFolderOfNodeFoldersTakesAddressesFromTheConfigs() throws Exception {
    write("cfg/a/config.yaml", "cluster-init: true\nnode-name: a\nnode-ip: [10.1.0.1]\n");
    write(
        "cfg/b/config.yaml", "server: https://10.1.0.1:6443\nnode-name: b\nnode-ip: [10.1.0.2]\n");
    Cli.Run run = Cli.run("import", "--k3s", temp.resolve("cfg").toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .contains("type: \"etcd\"")
        .contains("address: \"10.1.0.1\"")
        .contains("address: \"10.1.0.2\"")
        .doesNotContain("apiEndpoint");
    assertThat(run.err()).contains("config files do not name the version");
  }

  @Test
  void keysThatDifferBetweenServersAreReportedNotDropped() throws Exception {
    Path s1 = write("x1.yaml", "cluster-init: true\nnode-name: x1\nkube-apiserver-arg: [v=2]\n");
    Path s2 =
        write(
            "x2.yaml",
            "server: https://10.2.0.1:6443\nnode-name: x2\ntls-san: [x]\nkube-apiserver-arg: [v=4]\n");
    Path s3 =
        write(
            "x3.yaml",
            "server: https://10.2.0.1:6443\nnode-name: x3\ntls-san: [x]\nkube-apiserver-arg: [v=4]\n");
    Cli.Run run =
        Cli.run(
            "import",
            "--k3s",
            "10.2.0.1=" + s1,
            "--k3s",
            "10.2.0.2=" + s2,
            "--k3s",
            "10.2.0.3=" + s3);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.err())
        .contains("'kube-apiserver-arg' differs between the servers")
        .contains("'tls-san' differs from the first server's");
  }

  /** Compiles an import and returns the one file of that name it wrote. */
  private String compiledFile(Cli.Run imported, String fileName) throws Exception {
    assertThat(imported.exitCode()).as(imported.err()).isEqualTo(ExitCode.OK);
    Path fleet = write("imported.fleet.yaml", imported.out());
    Path out = temp.resolve("out");
    Cli.Run compiled = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(compiled.exitCode()).as(compiled.err()).isEqualTo(ExitCode.OK);
    try (var files = Files.walk(out)) {
      return Files.readString(
          files.filter(f -> f.getFileName().toString().equals(fileName)).findFirst().orElseThrow());
    }
  }

  @Test
  void aNodeWithoutNodeNameKeepsItsHostnameAndTakesTheFleetNameFromTheFile() throws Exception {
    write("cfg/shop-1.yaml", "cluster-init: true\nnode-ip: 10.3.0.1\n");
    Cli.Run folder = Cli.run("import", "--k3s", temp.resolve("cfg").toString());
    assertThat(folder.out()).contains("name: \"shop-1\"").contains("keepHostname: true");
    assertThat(folder.err()).doesNotContain("node-name");
    assertThat(compiledFile(folder, "config.yaml")).doesNotContain("node-name");
    Path named = write("n.yaml", "write-kubeconfig-mode: \"0644\"\n");
    Cli.Run explicit = Cli.run("import", "--k3s", "edge@10.3.0.2=" + named);
    assertThat(explicit.out()).contains("name: \"edge\"").contains("keepHostname: true");
  }

  @Test
  void aDualStackNodeIpImportsItsFirstAddressAndReportsTheOther() throws Exception {
    Path config = write("ds.yaml", "node-ip: 192.168.1.211,2001:db8::1f4b\n");
    Cli.Run run = Cli.run("import", "--k3s", "10.7.0.1=" + config);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("privateAddress: \"192.168.1.211\"");
    assertThat(run.err()).contains("node-ip [192.168.1.211, 2001:db8::1f4b]: only the first");
  }

  @Test
  void anEmptyConfigImportsAsAServerWithK3sDefaults() throws Exception {
    Path empty = write("empty.yaml", "# settings come from the service unit\n");
    Cli.Run run = Cli.run("import", "--k3s", "10.4.0.1=" + empty);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.err()).contains("the config is empty");
    assertThat(run.out()).contains("role: \"control-plane\"");
  }

  @Test
  void aK0sHostWithoutHostnameGetsNone() throws Exception {
    Path k0sctl =
        write(
            "k0sctl.yaml",
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            metadata: {name: lab}
            spec:
              hosts:
                - {role: controller+worker, ssh: {address: 10.5.0.1}, noTaints: true}
                - {role: worker, ssh: {address: 10.5.0.2}, hostname: w-2}
              k0s: {version: v1.31.2+k0s.0}
            """);
    Cli.Run run = Cli.run("import", k0sctl.toString());
    assertThat(run.err()).doesNotContain("hostname");
    String again = compiledFile(run, "k0sctl.yaml");
    assertThat(again).contains("hostname: \"w-2\"").containsOnlyOnce("hostname:");
    assertThat(again).contains("role: \"controller+worker\"");
  }

  @Test
  void aPartialImportPrintsTheClustersThatImportedAndNamesTheInputsOfTheOthers() throws Exception {
    Path good =
        write(
            "good.yaml",
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            metadata: {name: good}
            spec:
              hosts: [{role: single, ssh: {address: 10.6.0.1}, hostname: g-1}]
              k0s: {version: v1.31.2+k0s.0}
            """);
    Path overlapping =
        write(
            "overlap.yaml",
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            metadata: {name: overlap}
            spec:
              hosts: [{role: single, ssh: {address: 10.6.0.2}, hostname: o-1}]
              k0s:
                version: v1.31.2+k0s.0
                config: {spec: {network: {podCIDR: 10.42.0.0/16, serviceCIDR: 10.42.0.0/16}}}
            """);
    Path broken = write("broken.yaml", "cluster-init: true\nkey: \"unterminated\n");
    Cli.Run run =
        Cli.run("import", good.toString(), overlapping.toString(), "--k3s", "10.6.0.3=" + broken);
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.out()).contains("name: \"good\"").doesNotContain("overlap");
    assertThat(run.err())
        // The whole-cluster error points at the input's key, never at the imported text.
        .contains(overlapping + ":8:67: error[FLEET-E012]")
        .doesNotContain("as imported:")
        .contains("error[FLEET-E012]")
        .contains(broken + ":3:1: error[FLEET-E055]: not YAML")
        .contains(
            "printed the 1 cluster(s) that imported; not imported: cluster 'overlap', the inputs with errors above");
  }

  @Test
  void serversThatAllJoinAServerNotGivenAreReportedAsPartOfALargerCluster() throws Exception {
    Path joining =
        write(
            "s2.yaml",
            "server: https://10.9.0.1:6443\ntoken: K10abc::server:secret\ntls-san: [k.example]\n");
    Cli.Run run =
        Cli.run("import", "--k3s-version", "v1.31.4+k3s1", "--k3s", "10.9.0.2=" + joining);
    assertThat(run.err())
        .contains(joining + ": warning[FLEET-W047]")
        .contains("server: https://10.9.0.1:6443");
    // The server that starts the cluster given too: the whole cluster, no warning.
    Path first = write("s1.yaml", "cluster-init: true\ntls-san: [k.example]\n");
    Cli.Run whole =
        Cli.run(
            "import",
            "--k3s-version",
            "v1.31.4+k3s1",
            "--k3s",
            "10.9.0.1=" + first,
            "--k3s",
            "10.9.0.2=" + joining);
    assertThat(whole.err()).doesNotContain("FLEET-W047");
  }

  @Test
  void aLaunchConfigurationGivenAsK0sctlIsExplained() throws Exception {
    Path launch = write("launch.yaml", "version: 0.2.0\naddons: [{name: dns}]\n");
    Cli.Run run = Cli.run("import", launch.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err()).contains("error[FLEET-E055]").contains("--microk8s");
    assertThat(run.out()).isEmpty();
  }
}
