package dev.fleetc.compiler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.SecretMasker;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets of {@code fleet import}: a k0sctl.yaml, a K3s config.yaml, a MicroK8s launch
 * configuration. In {@code mvn verify} they replay the committed inputs under {@code
 * src/test/resources/dev/fleetc/compiler/importer/ImportFuzzTestInputs/<method>/}; with {@code
 * JAZZER_FUZZ=1} Jazzer mutates them (docs/fuzzing.md). Whatever the bytes, the import answers with
 * a fleet or a report, never an exception nor a hang (alias bombs included), and the fleet it
 * prints holds no value that looks like a credential outside a secret reference.
 */
class ImportFuzzTest {

  private static final ReleaseCatalog CATALOG = ReleaseCatalog.builtIn();

  private static FleetImporter.Result run(
      List<FleetImporter.Source> k0sctl,
      List<FleetImporter.NodeSource> k3s,
      List<FleetImporter.NodeSource> microk8s) {
    FleetImporter.Result result =
        new FleetImporter(CATALOG)
            .run(
                new FleetImporter.Request(
                    "fuzz", k0sctl, "k3s", null, k3s, "microk8s", null, microk8s));
    assertThat(result.fleet().isEmpty() || !result.report().hasErrors()).isTrue();
    result.fleet().ifPresent(fleet -> assertNoCredential(fleet, "fleet"));
    return result;
  }

  private static void assertNoCredential(Object node, String path) {
    if (node instanceof Map<?, ?> map) {
      map.forEach(
          (key, value) -> {
            if (!"secretRef".equals(key)) {
              assertNoCredential(value, path + "." + key);
            }
          });
    } else if (node instanceof List<?> list) {
      list.forEach(item -> assertNoCredential(item, path + "[]"));
    } else if (node instanceof String text) {
      assertThat(SecretMasker.looksLikeCredential(text)).as(path).isFalse();
    }
  }

  private static FleetImporter.Source source(String name, byte[] input) {
    return new FleetImporter.Source(name, new String(input, StandardCharsets.UTF_8));
  }

  @FuzzTest(maxDuration = "5m")
  void k0sctl(byte[] input) {
    run(List.of(source("k0sctl.yaml", input)), List.of(), List.of());
  }

  @FuzzTest(maxDuration = "5m")
  void k3sConfig(byte[] input) {
    run(
        List.of(),
        List.of(
            new FleetImporter.NodeSource(null, "10.0.0.1", false, source("config.yaml", input))),
        List.of());
  }

  @FuzzTest(maxDuration = "5m")
  void microk8sLaunch(byte[] input) {
    run(
        List.of(),
        List.of(),
        List.of(
            new FleetImporter.NodeSource(
                "cp-1", "10.0.0.1", false, source("launch-config.yaml", input))));
  }
}
