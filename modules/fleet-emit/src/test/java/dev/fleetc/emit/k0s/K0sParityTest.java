package dev.fleetc.emit.k0s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The profile is the parity guarantee: platform-us and platform-ap of the canonical example share
 * the profile {@code upstream}, so their k0sctl.yaml files may differ only in names, addresses, SSH
 * user and API endpoint.
 */
class K0sParityTest {

  static final Path ACME = Path.of("..", "..", "fleet-examples", "acme.fleet.yaml");

  /** Paths (list indexes as [*]) where clusters of one profile may differ. */
  static final Set<String> TOPOLOGY =
      Set.of(
          "metadata.name",
          "spec.hosts[*].ssh.address",
          "spec.hosts[*].ssh.user",
          "spec.hosts[*].hostname",
          "spec.hosts[*].privateAddress",
          "spec.k0s.config.metadata.name",
          "spec.k0s.config.spec.api.externalAddress",
          "spec.k0s.config.spec.api.sans[*]");

  @Test
  void platformClustersDifferOnlyInTopology() throws Exception {
    CompileResult result = new FleetCompiler().compile("acme.fleet.yaml", Files.readString(ACME));
    assertThat(result.fleet()).isPresent();
    CompiledFleet compiled =
        FleetEmitter.standard()
            .emit(result.fleet().get(), c -> c.name().startsWith("platform-"), "fleetc test");
    JsonNode us = k0sctl(compiled, "platform-us");
    JsonNode ap = k0sctl(compiled, "platform-ap");
    Set<String> differences = new TreeSet<>();
    diff(us, ap, "", differences);
    assertThat(differences)
        .as("platform-us and platform-ap differ outside their topology")
        .isSubsetOf(TOPOLOGY)
        .contains(
            "metadata.name",
            "spec.hosts[*].ssh.address",
            "spec.hosts[*].ssh.user",
            "spec.k0s.config.spec.api.externalAddress");
  }

  @Test
  void aClusterSettingOverrideWouldBeCaught() throws Exception {
    String changed =
        Files.readString(ACME)
            .replace(
                "    apiEndpoint: platform-ap.k8s.acme.example\n",
                "    apiEndpoint: platform-ap.k8s.acme.example\n"
                    + "    network: {podCIDR: 10.50.0.0/16}\n");
    CompileResult result = new FleetCompiler().compile("acme.fleet.yaml", changed);
    CompiledFleet compiled =
        FleetEmitter.standard()
            .emit(result.fleet().get(), c -> c.name().startsWith("platform-"), "fleetc test");
    Set<String> differences = new TreeSet<>();
    diff(k0sctl(compiled, "platform-us"), k0sctl(compiled, "platform-ap"), "", differences);
    assertThat(differences).contains("spec.k0s.config.spec.network.podCIDR");
  }

  private static JsonNode k0sctl(CompiledFleet compiled, String cluster) {
    String content =
        compiled.files().stream()
            .filter(a -> a.path().equals("bootstrap/" + cluster + "/k0sctl.yaml"))
            .map(Artifact::content)
            .findFirst()
            .orElseThrow();
    return YAMLMapper.builder().build().readTree(content);
  }

  private static void diff(JsonNode a, JsonNode b, String path, Set<String> out) {
    if (a != null && b != null && a.isObject() && b.isObject()) {
      Set<String> keys = new TreeSet<>(a.propertyNames());
      keys.addAll(b.propertyNames());
      for (String key : keys) {
        diff(a.get(key), b.get(key), path.isEmpty() ? key : path + "." + key, out);
      }
    } else if (a != null && b != null && a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        out.add(path + "(size)");
      }
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        diff(a.get(i), b.get(i), path + "[*]", out);
      }
    } else if (a == null || !a.equals(b)) {
      out.add(path);
    }
  }
}
