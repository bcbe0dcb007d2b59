package dev.fleetc.emit.addons;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.fleetc.compiler.CompileResult;
import dev.fleetc.emit.ExampleFleets;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every chart fleetc emits has its values checked against that chart at the pinned version: its
 * {@code values.schema.json} where the chart ships one, else the keys of its {@code values.yaml}
 * (test resources under {@code charts/NAME-VERSION/}, sources in {@code charts/SOURCES.md}). A pin
 * moved without vendoring the new chart fails here, so values are never checked against another
 * version than the one delivered.
 */
class ChartValuesSchemaTest {

  private static final YAMLMapper YAML = YAMLMapper.builder().build();
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Path EXAMPLES = Path.of("..", "..", "fleet-examples");
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  @Test
  void everyEmittedChartsValuesFitThatChartAtItsPinnedVersion() throws IOException {
    List<Cluster> clusters = clusters();
    Set<String> checked = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    for (Cluster cluster : clusters) {
      List<AddonReleases.AddonRelease> forms = new ArrayList<>(AddonReleases.resolved(cluster));
      // The Flux form: per-cluster values are ${variables} from cluster-vars.
      forms.addAll(AddonReleases.of(cluster, v -> "${" + v + "}"));
      for (AddonReleases.AddonRelease addon : forms) {
        String chart = addon.name() + "-" + addon.source().version().replaceFirst("^v", "");
        checked.add(chart);
        problems.addAll(check(chart, cluster.name(), addon.values()));
      }
    }
    assertThat(checked)
        .as("every chart fleetc emits is exercised by the examples and goldens")
        .anyMatch(c -> c.startsWith("traefik-"))
        .anyMatch(c -> c.startsWith("ingress-nginx-"))
        .anyMatch(c -> c.startsWith("velero-"))
        .anyMatch(c -> c.startsWith("local-path-provisioner-"));
    assertThat(problems).isEmpty();
  }

  @Test
  void aKeyTheChartDoesNotKnowIsCaught() {
    // The schema rejects unknown top-level keys; values.yaml's keys catch the rest.
    assertThat(check("traefik-41.3.0", "t", Map.of("serviceType", "ClusterIP"))).isNotEmpty();
    assertThat(check("traefik-41.3.0", "t", Map.of("service", Map.of("type", "ClusterIP"))))
        .isNotEmpty();
    assertThat(check("traefik-41.3.0", "t", Map.of("deployment", Map.of("kind", "DaemonSet"))))
        .isEmpty();
    assertThat(
            check("local-path-provisioner-0.0.37", "t", Map.of("helperImage", Map.of("tags", "x"))))
        .isNotEmpty();
    assertThat(check("velero-12.1.0", "t", Map.of("nodeAgent", Map.of("podVolumePaths", "x"))))
        .isNotEmpty();
  }

  private static List<String> check(String chart, String cluster, Map<String, Object> values) {
    String where = chart + " (" + cluster + ")";
    JsonNode schema = read("/charts/" + chart + "/values.schema.json", JSON::readTree);
    Object defaults =
        read("/charts/" + chart + "/values.yaml", in -> YAML.readValue(in, Object.class));
    List<String> problems = new ArrayList<>();
    if (schema == null && defaults == null) {
      problems.add(chart + ": no vendored values.schema.json or values.yaml at that version");
      return problems;
    }
    if (defaults != null) {
      keysKnown(where, "", values, defaults, schema, problems);
    }
    if (schema != null) {
      JsonSchema validator =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(schema);
      // Helm validates the chart's defaults with the release's values merged over them.
      Object merged = defaults == null ? values : coalesce(defaults, values);
      for (ValidationMessage m : validator.validate(JSON.valueToTree(merged))) {
        problems.add(where + ": " + m.getMessage());
      }
    }
    return problems;
  }

  private interface Reader<T> {
    T read(InputStream in) throws IOException;
  }

  private static <T> T read(String resource, Reader<T> reader) {
    try (InputStream in = ChartValuesSchemaTest.class.getResourceAsStream(resource)) {
      return in == null ? null : reader.read(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Helm's merge of user values over chart defaults: maps deeply, anything else replaced. */
  private static Object coalesce(Object defaults, Object values) {
    if (!(defaults instanceof Map<?, ?> d) || !(values instanceof Map<?, ?> v)) {
      return values;
    }
    Map<Object, Object> merged = new java.util.LinkedHashMap<>(d);
    v.forEach((key, value) -> merged.put(key, coalesce(d.get(key), value)));
    return merged;
  }

  /**
   * Every key fleetc writes is a key of the chart's values.yaml or a property its schema declares
   * (some keys are only commented out in values.yaml, e.g. traefik's {@code ports.web.hostPort});
   * below a key whose default is a list, an empty map or null, with no declared properties, the
   * chart takes free-form values.
   */
  private static void keysKnown(
      String chart,
      String path,
      Object ours,
      Object theirs,
      JsonNode schema,
      List<String> problems) {
    if (!(ours instanceof Map<?, ?> ourMap)) {
      return;
    }
    Map<?, ?> theirMap = theirs instanceof Map<?, ?> m ? m : Map.of();
    JsonNode declared = schema == null ? null : schema.get("properties");
    // A map of named entries (traefik's ports) declares its entries' schema here.
    JsonNode entries = schema == null ? null : schema.get("additionalProperties");
    boolean anyEntry = entries != null && entries.isObject();
    if (theirMap.isEmpty() && (declared == null || declared.isEmpty()) && !anyEntry) {
      return;
    }
    for (Map.Entry<?, ?> e : ourMap.entrySet()) {
      String name = String.valueOf(e.getKey());
      String key = path + (path.isEmpty() ? "" : ".") + name;
      boolean inValues = theirMap.containsKey(e.getKey());
      JsonNode child =
          declared != null && declared.has(name) ? declared.get(name) : anyEntry ? entries : null;
      if (!inValues && child == null) {
        problems.add(chart + ": '" + key + "' is not a key of the chart's values.yaml or schema");
      } else {
        keysKnown(
            chart, key, e.getValue(), inValues ? theirMap.get(e.getKey()) : null, child, problems);
      }
    }
  }

  private static List<Cluster> clusters() throws IOException {
    List<Path> fleets = new ArrayList<>();
    try (Stream<Path> files = Files.list(EXAMPLES)) {
      files.filter(f -> f.toString().endsWith(".fleet.yaml")).sorted().forEach(fleets::add);
    }
    try (Stream<Path> files = Files.walk(GOLDEN)) {
      files
          .filter(f -> f.getFileName().toString().equals("fleet.yaml"))
          .filter(f -> !f.toString().contains("expected"))
          .sorted()
          .forEach(fleets::add);
    }
    List<Cluster> clusters = new ArrayList<>();
    for (Path file : fleets) {
      CompileResult result = ExampleFleets.compile(file);
      result.fleet().map(Fleet::clusters).ifPresent(clusters::addAll);
    }
    assertThat(clusters).isNotEmpty();
    return clusters;
  }
}
