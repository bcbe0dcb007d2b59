package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code fleet schema} and {@code fleet validate} agree on the corpus: every fleet that validates
 * (examples, golden cases, the spec's example) is valid against the schema, and every invalid case
 * whose error JSON Schema can express is rejected by it. The schema is checked with python3's
 * {@code jsonschema} (draft 2020-12), as editors' YAML language servers would; the fleets are
 * turned into JSON by Jackson's YAML reader (YAML 1.2, as those servers read them).
 */
class SchemaCorpusTest {

  /**
   * Invalid cases the schema must reject, with why JSON Schema can say it. The other cases need
   * what JSON Schema cannot see: other clusters (duplicates, overlaps), values set in another layer
   * (a distribution chosen in a profile), the release catalog per distribution, YAML itself
   * (duplicate keys, aliases), or k0sctl host fields and roles.
   */
  static final Map<String, String> EXPRESSIBLE = new LinkedHashMap<>();

  static {
    EXPRESSIBLE.put("invalid-name", "DNS-1123 label patterns");
    EXPRESSIBLE.put("invalid-cidr", "CIDR pattern (prefix length)");
    EXPRESSIBLE.put("invalid-ip", "address pattern (octets)");
    EXPRESSIBLE.put("invalid-enum", "enums");
    EXPRESSIBLE.put("escape-hatch", "K3s flag names and types per role");
    EXPRESSIBLE.put("unknown-key", "no additional properties");
    EXPRESSIBLE.put("missing-fields", "required fields");
    EXPRESSIBLE.put("inline-secret", "a secret is an object with secretRef");
    EXPRESSIBLE.put("bad-secret-ref", "secretRef pattern");
    EXPRESSIBLE.put("gitops-path-escape", "gitops.path pattern");
    EXPRESSIBLE.put("unknown-kubernetes", "the catalog's minors");
    EXPRESSIBLE.put("microk8s-escape-hatch", "launch-configuration keys, MetalLB ranges");
    EXPRESSIBLE.put("k0s-config", "the ClusterConfig spec structure, paths fleetc writes");
    EXPRESSIBLE.put("upgrades-settings", "duration and HH:MM patterns, the worker range");
    EXPRESSIBLE.put("rollout-waves", "duration and wave-name patterns, counts and percentages");
  }

  @TempDir Path temp;

  @Test
  void schemaAndValidateAgreeOnTheCorpus() throws Exception {
    Assumptions.assumeTrue(pythonWithJsonschema(), () -> skip("python3 with jsonschema"));
    Path root = Cli.projectRoot();
    Path schema = temp.resolve("fleet.schema.json");
    Cli.Run printed = Cli.run("schema");
    assertThat(printed.exitCode()).isEqualTo(ExitCode.OK);
    Files.writeString(schema, printed.out(), StandardCharsets.UTF_8);

    List<Path> valid = new ArrayList<>();
    try (Stream<Path> s = Files.list(root.resolve("fleet-examples"))) {
      s.filter(p -> p.toString().endsWith(".fleet.yaml")).sorted().forEach(valid::add);
    }
    try (Stream<Path> s =
        Files.list(root.resolve("modules/fleet-emit/src/test/resources/golden"))) {
      s.map(p -> p.resolve("fleet.yaml")).filter(Files::isRegularFile).sorted().forEach(valid::add);
    }
    Path spec = root.resolve("../shared/spec/acme.fleet.yaml").normalize();
    if (Files.isRegularFile(spec)) {
      valid.add(spec);
    }
    valid.add(unquotedMinor());
    Map<String, Path> instances = new LinkedHashMap<>();
    for (Path fleet : valid) {
      assertThat(Cli.run("validate", fleet.toString()).exitCode())
          .as("the corpus fleet %s validates", fleet)
          .isEqualTo(ExitCode.OK);
      instances.put("valid:" + fleet, json(fleet));
    }
    Path invalid = root.resolve("modules/fleet-compiler/src/test/resources/invalid");
    for (String name : EXPRESSIBLE.keySet()) {
      Path fleet = invalid.resolve(name + ".fleet.yaml");
      assertThat(Cli.run("validate", fleet.toString()).exitCode()).isEqualTo(ExitCode.INVALID);
      instances.put("invalid:" + name, json(fleet));
    }

    List<String> command =
        new ArrayList<>(List.of("python3", script().toString(), schema.toString()));
    instances.values().forEach(p -> command.add(p.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    for (Map.Entry<String, Path> e : instances.entrySet()) {
      String verdict = e.getKey().startsWith("valid:") ? "valid " : "invalid ";
      assertThat(output)
          .as("%s should be %s by the schema:%n%s", e.getKey(), verdict.strip(), output)
          .contains(verdict + e.getValue());
    }
  }

  /** {@code kubernetes: 1.31} unquoted: YAML makes it a number, fleet validate accepts it. */
  private Path unquotedMinor() throws Exception {
    Path file = temp.resolve("unquoted.fleet.yaml");
    Files.writeString(
        file,
        """
        apiVersion: fleetc.dev/v1alpha1
        kind: Fleet
        metadata: {name: unquoted}
        defaults: {kubernetes: 1.31, distribution: k3s}
        clusters:
          - name: c1
            kubernetes: 1.30
            nodes: [{name: cp-1, address: 10.0.0.1, role: control-plane}]
        """,
        StandardCharsets.UTF_8);
    return file;
  }

  private Path json(Path yamlFile) throws Exception {
    JsonNode tree = new YAMLMapper().readTree(Files.readString(yamlFile, StandardCharsets.UTF_8));
    Path out = temp.resolve("instance-" + Math.abs(yamlFile.toString().hashCode()) + ".json");
    Files.writeString(out, new JsonMapper().writeValueAsString(tree), StandardCharsets.UTF_8);
    return out;
  }

  private Path script() throws Exception {
    Path script = temp.resolve("validate.py");
    Files.copy(Path.of("src/test/resources/schema/validate.py"), script);
    return script;
  }

  private static boolean pythonWithJsonschema() {
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "import jsonschema")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static String skip(String what) {
    String message = "SchemaCorpusTest skipped: no " + what + " (.ci/run installs it)";
    System.err.println(message);
    return message;
  }
}
