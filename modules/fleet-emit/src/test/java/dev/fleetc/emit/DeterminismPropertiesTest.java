package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TimeZone;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Compile output is a function of the fleet's meaning only: the order of clusters, profiles and
 * mapping keys in the file, the locale and the time zone do not change a byte.
 */
class DeterminismPropertiesTest {

  /** What a generated fleet declares; rendered to YAML in many equivalent ways. */
  record ClusterSpec(
      String name, int servers, int agents, String datastore, boolean withEndpoint) {}

  record FleetSpec(List<ClusterSpec> clusters, String ingress, String storage) {}

  @Provide
  Arbitrary<FleetSpec> fleets() {
    Arbitrary<ClusterSpec> cluster =
        Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8),
                Arbitraries.of(1, 3, 5),
                Arbitraries.integers().between(0, 3),
                Arbitraries.of("etcd", "postgres"),
                Arbitraries.of(true, false))
            .as(ClusterSpec::new);
    return Combinators.combine(
            cluster.list().ofMinSize(1).ofMaxSize(5).uniqueElements(ClusterSpec::name),
            Arbitraries.of("traefik", "ingress-nginx", "none"),
            Arbitraries.of("local-path", "none"))
        .as(FleetSpec::new);
  }

  @Property(tries = 40)
  void orderOfClustersAndKeysDoesNotMatter(@ForAll("fleets") FleetSpec spec, @ForAll long seed) {
    Map<String, String> written = compile(render(spec, new Random(0), false));
    Map<String, String> shuffled = compile(render(spec, new Random(seed), true));
    assertThat(shuffled).isEqualTo(written);
  }

  @Property(tries = 10)
  void localeAndTimeZoneDoNotMatter(
      @ForAll("fleets") FleetSpec spec,
      @ForAll("locales") Locale locale,
      @ForAll("zones") String zone) {
    String text = render(spec, new Random(0), false);
    Map<String, String> reference = compile(text);
    Locale locale0 = Locale.getDefault();
    TimeZone zone0 = TimeZone.getDefault();
    try {
      Locale.setDefault(locale);
      TimeZone.setDefault(TimeZone.getTimeZone(zone));
      assertThat(compile(text)).isEqualTo(reference);
    } finally {
      Locale.setDefault(locale0);
      TimeZone.setDefault(zone0);
    }
  }

  @Provide
  Arbitrary<Locale> locales() {
    return Arbitraries.of(
        Locale.forLanguageTag("tr-TR"),
        Locale.GERMANY,
        Locale.JAPAN,
        Locale.forLanguageTag("ar-EG"));
  }

  @Provide
  Arbitrary<String> zones() {
    return Arbitraries.of("UTC", "Pacific/Kiritimati", "America/St_Johns", "Asia/Kathmandu");
  }

  private static Map<String, String> compile(String text) {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", text);
    assertThat(result.fleet())
        .as(() -> text + "\n" + new DiagnosticRenderer(text).renderAll(result.diagnostics()))
        .isPresent();
    Map<String, String> files = new TreeMap<>();
    FleetEmitter.standard()
        .emit(result.fleet().get(), c -> true, "fleetc test")
        .files()
        .forEach(a -> files.put(a.path(), a.content()));
    return files;
  }

  /**
   * Renders the fleet as YAML; with {@code shuffle}, clusters and mapping keys come in random
   * order.
   */
  static String render(FleetSpec spec, Random random, boolean shuffle) {
    StringBuilder yaml = new StringBuilder();
    List<String> top = new ArrayList<>(List.of("header", "defaults", "profiles", "clusters"));
    if (shuffle) {
      Collections.shuffle(top, random);
    }
    for (String section : top) {
      switch (section) {
        case "header" ->
            yaml.append("apiVersion: fleetc.dev/v1alpha1\nkind: Fleet\nmetadata: {name: props}\n");
        case "defaults" -> {
          List<String> keys =
              new ArrayList<>(
                  List.of(
                      "kubernetes: \"1.31\"",
                      "addons: {ingress: " + spec.ingress() + ", storage: " + spec.storage() + "}",
                      "network: {serviceCIDR: 10.43.0.0/16, podCIDR: 10.42.0.0/16}",
                      "gitops: {engine: none}"));
          if (shuffle) {
            Collections.shuffle(keys, random);
          }
          yaml.append("defaults:\n");
          keys.forEach(k -> yaml.append("  ").append(k).append('\n'));
        }
        case "profiles" -> {
          List<String> profiles =
              new ArrayList<>(
                  List.of(
                      "  etcd: {distribution: k3s, datastore: {type: etcd}}\n",
                      "  postgres: {datastore: {endpoint: {secretRef: env:DB}, type: postgres},"
                          + " distribution: k3s}\n"));
          if (shuffle) {
            Collections.shuffle(profiles, random);
          }
          yaml.append("profiles:\n");
          profiles.forEach(yaml::append);
        }
        default -> {
          List<ClusterSpec> clusters = new ArrayList<>(spec.clusters());
          if (shuffle) {
            Collections.shuffle(clusters, random);
          }
          yaml.append("clusters:\n");
          int index = spec.clusters().size();
          for (ClusterSpec c : clusters) {
            int base = spec.clusters().indexOf(c);
            List<String> keys = new ArrayList<>();
            keys.add("name: " + c.name());
            keys.add("profile: " + c.datastore());
            keys.add("token: {secretRef: env:TOKEN_" + base + "}");
            if (c.withEndpoint() || c.servers() > 1) {
              keys.add("apiEndpoint: 10.200." + base + ".1");
            }
            StringBuilder nodes = new StringBuilder("nodes:\n");
            for (int i = 0; i < c.servers() + c.agents(); i++) {
              String role = i < c.servers() ? "control-plane" : "worker";
              nodes.append(
                  String.format(
                      "      - {role: %s, address: 10.%d.%d.%d, name: n-%d}%n",
                      role, 100 + base, index, i + 10, i));
            }
            keys.add(nodes.toString().stripTrailing());
            if (shuffle) {
              Collections.shuffle(keys, random);
            }
            yaml.append("  - ").append(keys.get(0)).append('\n');
            keys.subList(1, keys.size()).forEach(k -> yaml.append("    ").append(k).append('\n'));
          }
        }
      }
    }
    return yaml.toString();
  }
}
