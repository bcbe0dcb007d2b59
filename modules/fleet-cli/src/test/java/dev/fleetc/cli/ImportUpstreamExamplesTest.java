package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code fleet import} on upstream examples (k0s docs, k0sctl smoke tests, MicroK8s cluster-agent
 * examples, in {@code ../shared/reference}): what the language can hold comes back after compiling,
 * and what it refuses is refused with the language's own error.
 */
class ImportUpstreamExamplesTest {

  @TempDir Path temp;
  private Path reference;
  private final YAMLMapper yaml = new YAMLMapper();

  @BeforeEach
  void findReference() {
    reference = Cli.projectRoot().resolve("../shared/reference").normalize();
    Assumptions.assumeTrue(
        Files.isDirectory(reference),
        () -> {
          System.err.println("ImportUpstreamExamplesTest skipped: no " + reference);
          return "no " + reference;
        });
  }

  /** Imports, validates and compiles; returns the compiled output folder. */
  private Path importAndCompile(String name, Cli.Run imported) throws Exception {
    assertThat(imported.exitCode()).as(imported.err()).isEqualTo(ExitCode.OK);
    Path fleet = temp.resolve(name + ".fleet.yaml");
    Files.writeString(fleet, imported.out(), StandardCharsets.UTF_8);
    assertThat(Cli.run("validate", fleet.toString()).exitCode()).isEqualTo(ExitCode.OK);
    Path out = temp.resolve(name);
    Cli.Run compiled = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(compiled.exitCode()).as(compiled.err()).isEqualTo(ExitCode.OK);
    return out;
  }

  @Test
  void k0sDocsExamplesComeBackWithTheirHostsAndClusterConfig() throws Exception {
    for (String example :
        List.of(
            "k0s-docs-cplb-nllb-3controllers-3workers.k0sctl.yaml",
            "k0s-docs-nllb-3controllers-2workers.k0sctl.yaml")) {
      Path file = reference.resolve("k0s/examples").resolve(example);
      Cli.Run imported = Cli.run("import", file.toString());
      Path out = importAndCompile(example, imported);
      JsonNode original = yaml.readTree(Files.readString(file));
      String name = original.path("metadata").path("name").asString("k0s-cluster");
      JsonNode again =
          yaml.readTree(
              Files.readString(out.resolve("bootstrap").resolve(name).resolve("k0sctl.yaml")));

      JsonNode hosts = original.path("spec").path("hosts");
      JsonNode hostsAgain = again.path("spec").path("hosts");
      assertThat(hostsAgain.size()).isEqualTo(hosts.size());
      for (int i = 0; i < hosts.size(); i++) {
        JsonNode host = hosts.get(i);
        JsonNode hostAgain = hostsAgain.get(i);
        assertThat(hostAgain.path("role").asString()).isEqualTo(host.path("role").asString());
        for (String field : List.of("address", "user", "port")) {
          if (host.path("ssh").has(field)) {
            assertThat(hostAgain.path("ssh").path(field).asString())
                .as("%s hosts[%d].ssh.%s", example, i, field)
                .isEqualTo(host.path("ssh").path(field).asString());
          }
        }
        if (host.has("privateAddress")) {
          assertThat(hostAgain.path("privateAddress")).isEqualTo(host.path("privateAddress"));
        }
      }
      JsonNode spec = original.path("spec").path("k0s").path("config").path("spec");
      JsonNode specAgain = again.path("spec").path("k0s").path("config").path("spec");
      List<String> leaves = new ArrayList<>();
      leaves(spec, "", leaves);
      for (String leaf : leaves) {
        if (leaf.startsWith("/telemetry")) {
          continue; // documented: fleetc switches telemetry off, and import says so
        }
        assertThat(specAgain.at(leaf))
            .as("%s ClusterConfig spec%s", example, leaf)
            .isEqualTo(spec.at(leaf));
      }
      assertThat(again.path("spec").path("k0s").path("version").asString())
          .isEqualTo(original.path("spec").path("k0s").path("version").asString());
      assertThat(imported.err()).contains("telemetry");
    }
  }

  private static void leaves(JsonNode node, String path, List<String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        leaves(e.getValue(), path + "/" + e.getKey().replace("~", "~0").replace("/", "~1"), out);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        leaves(node.get(i), path + "/" + i, out);
      }
    } else {
      out.add(path);
    }
  }

  @Test
  void k0sctlSmokeTestsImportTheirContainersBehindPortForwards() throws Exception {
    Path examples = reference.resolve("k0s/examples");
    // Three controllers on 127.0.0.1, ports 9022-9024 (containers behind port forwards): k0sctl
    // tells its hosts apart by address and port, and so does a k0s cluster in the language. Three
    // controllers with neither an external address nor node-local load balancing: k0sctl runs
    // that (nodes use the first controller's address), so the import acknowledges it.
    Cli.Run swap =
        Cli.run("import", examples.resolve("k0sctl-smoke-controller-swap.yaml").toString());
    assertThat(swap.exitCode()).as(swap.err()).isEqualTo(ExitCode.OK);
    assertThat(swap.err())
        .contains("warning[FLEET-W039]")
        .doesNotContain("FLEET-E009")
        .doesNotContain("FLEET-E016");
    Path k0sctl = importAndCompile("swap", swap).resolve("bootstrap/k0s-cluster/k0sctl.yaml");
    JsonNode hosts = yaml.readTree(Files.readString(k0sctl)).path("spec").path("hosts");
    List<String> endpoints = new ArrayList<>();
    hosts.forEach(
        h ->
            endpoints.add(
                h.path("ssh").path("address").asString() + ":" + h.path("ssh").path("port")));
    assertThat(endpoints).containsExactly("127.0.0.1:9022", "127.0.0.1:9023", "127.0.0.1:9024");
    // Two hosts on 127.0.0.1 on two ports; the second file's ClusterConfig belongs to the first
    // file's Cluster, as k0sctl reads them.
    Cli.Run multidoc =
        Cli.run(
            "import",
            examples.resolve("k0sctl-smoke-multidoc-1.yaml").toString(),
            examples.resolve("k0sctl-smoke-multidoc-2.yaml").toString());
    assertThat(multidoc.exitCode()).as(multidoc.err()).isEqualTo(ExitCode.OK);
    assertThat(multidoc.err())
        .contains("document Pod hello is not a k0sctl Cluster")
        .contains("k0sctl expands $OS_OVERRIDE")
        .doesNotContain("FLEET-E009")
        .doesNotContain("FLEET-E056");
    // A ClusterConfig alone has no Cluster to belong to.
    Cli.Run alone = Cli.run("import", examples.resolve("k0sctl-smoke-multidoc-2.yaml").toString());
    assertThat(alone.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(alone.err()).contains("error[FLEET-E056]");
  }

  @Test
  void twoK0sctlHostsOnOneAddressAndPortAreOneMachine() throws Exception {
    // The same address and the same port is one host twice (k0sctl refuses it too: "is not
    // unique"): refused, pointing at the second host's entry in the input.
    String text =
        Files.readString(
                reference.resolve("k0s/examples/k0sctl-smoke-controller-swap.yaml"),
                StandardCharsets.UTF_8)
            .replace("port: 9023", "port: 9022");
    Path file = temp.resolve("same-port.yaml");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Cli.Run run = Cli.run("import", file.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .containsPattern(
            "same-port\\.yaml:\\d+:\\d+: error\\[FLEET-E009\\]: address 127\\.0\\.0\\.1 \\(SSH port"
                + " 9022\\).*\\(imported as node 'node-127-0-0-1-2'\\)")
        .contains("nothing printed");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void microK8sClusterAgentExampleKeepsItsSettingsAndLosesItsToken() throws Exception {
    Path file = reference.resolve("microk8s/examples/cluster-agent-full.yaml");
    Cli.Run imported =
        Cli.run(
            "import", "--microk8s-channel", "1.32/stable", "--microk8s", "m1@10.0.0.10=" + file);
    assertThat(imported.out()).doesNotContain("my-token");
    assertThat(imported.err())
        .contains("warning[FLEET-W012]: persistentClusterToken is written inline")
        .contains("set MICROK8S_TOKEN")
        .doesNotContain("add-on 'mayastor'")
        .doesNotContain("'containerdRegistryConfigs' is not imported")
        .contains("'join' is not imported");
    Path out = importAndCompile("cluster-agent-full", imported);
    JsonNode original = yaml.readTree(Files.readString(file));
    JsonNode again =
        yaml.readTree(
            Files.readString(out.resolve("bootstrap/microk8s/nodes/m1/launch-config.yaml")));
    for (String key :
        List.of(
            "extraKubeAPIServerArgs",
            "extraKubeControllerManagerArgs",
            "extraKubeSchedulerArgs",
            "extraContainerdArgs",
            "extraContainerdEnv",
            "extraDqliteArgs",
            "extraDqliteEnv",
            "extraConfigFiles",
            "extraKubeProxyArgs")) {
      for (Map.Entry<String, JsonNode> arg : original.path(key).properties()) {
        assertThat(again.path(key).path(arg.getKey()).asString())
            .as("%s.%s", key, arg.getKey())
            .isEqualTo(arg.getValue().asString());
      }
    }
    assertThat(again.path("extraSANs").toString()).contains("10.10.10.10", "microk8s.example.com");
    // Add-ons and registries the language does not model come back through the escape hatch.
    assertThat(again.path("containerdRegistryConfigs"))
        .isEqualTo(original.path("containerdRegistryConfigs"));
    assertThat(again.path("addonRepositories")).isEqualTo(original.path("addonRepositories"));
    assertThat(again.path("addons").toString()).contains("\"mayastor\"");
  }

  @Test
  void microK8sMultiPartConfigurationIsAppliedInOrder() throws Exception {
    Path file = reference.resolve("microk8s/examples/cluster-agent-multi-part.yaml");
    Cli.Run imported = Cli.run("import", "--microk8s", "m1@10.0.0.10=" + file);
    Path out = importAndCompile("multi-part", imported);
    String launch = Files.readString(out.resolve("bootstrap/microk8s/nodes/m1/launch-config.yaml"));
    assertThat(launch).contains("name: \"rbac\"").contains("name: \"dns\"");
    assertThat(imported.err()).doesNotContain("always enables the rbac and dns");
  }
}
