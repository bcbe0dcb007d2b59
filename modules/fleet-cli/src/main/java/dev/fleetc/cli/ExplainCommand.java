package dev.fleetc.cli;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.compiler.k0s.K0sctlRole;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.compiler.yaml.YamlReader;
import dev.fleetc.emit.support.JsonWriter;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.ClusterSettings;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.Node;
import dev.fleetc.model.Provenance;
import dev.fleetc.model.Rollout;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet explain CLUSTER}: one cluster's resolved settings and the layer that set each. */
@Command(
    name = "explain",
    mixinStandardHelpOptions = true,
    description =
        "Show a cluster's resolved settings and which layer (defaults, profile, cluster,"
            + " release catalog, built-in) set each one.")
final class ExplainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin FleetInput input;

  @Parameters(index = "0", paramLabel = "CLUSTER", description = "The cluster to explain.")
  String clusterName;

  @Parameters(index = "1", arity = "0..1", paramLabel = "FLEET", description = "The fleet file.")
  Path positional;

  @Option(names = "--format", defaultValue = "text", description = "text or json.")
  String format;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!format.equals("text") && !format.equals("json")) {
      err.println("fleet: --format must be text or json");
      return ExitCode.USAGE;
    }
    try {
      FleetInput.Loaded loaded = FleetInput.load(input.path(positional), err);
      if (loaded.result().hasErrors()) {
        return ExitCode.INVALID;
      }
      Fleet fleet = loaded.result().fleet().orElseThrow();
      Optional<Cluster> cluster = fleet.cluster(clusterName);
      if (cluster.isEmpty()) {
        List<String> names = fleet.clusters().stream().map(Cluster::name).toList();
        err.println(
            "fleet: no cluster named '"
                + clusterName
                + "'"
                + Suggestions.didYouMean(clusterName, names).map(hint -> "; " + hint).orElse("")
                + " Clusters: "
                + String.join(", ", names));
        return ExitCode.USAGE;
      }
      // A cluster stamped from a cluster set: which set, which inventory file, which row.
      String origin = loaded.result().origins().getOrDefault(clusterName, "");
      List<String> acknowledged = acknowledged(input.path(positional), clusterName);
      if (format.equals("json")) {
        Map<String, Object> json = asJson(cluster.get(), fleet.sourceFile());
        if (!origin.isEmpty()) {
          json.put("from", origin);
        }
        if (!acknowledged.isEmpty()) {
          json.put("acknowledge", acknowledged);
        }
        fleet.rolloutIfAny().ifPresent(r -> json.put("wave", waveJson(r, clusterName)));
        out.print(JsonWriter.write(json));
      } else {
        printText(cluster.get(), origin, out);
        if (!acknowledged.isEmpty()) {
          out.printf(
              "%nacknowledged risks (the cluster runs this way; fleet validate warns about each)%n");
          acknowledged.forEach(risk -> out.printf("  %s%n", risk));
        }
        fleet.rolloutIfAny().ifPresent(r -> printWave(r, cluster.get(), out));
      }
      return ExitCode.OK;
    } catch (FleetInput.InputException e) {
      err.println("fleet: " + e.getMessage());
      return e.exitCode;
    }
  }

  /**
   * The risks the cluster's own entry acknowledges ({@code acknowledge}, which belongs to the entry
   * only, never to defaults or a profile): not part of the compiled cluster, so read from the file.
   */
  private static List<String> acknowledged(Path file, String cluster) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    YamlReader.read(file.toString(), text, new Diagnostics())
        .filter(YMap.class::isInstance)
        .flatMap(root -> ((YMap) root).get("clusters"))
        .filter(YSeq.class::isInstance)
        .ifPresent(
            clusters -> {
              for (YNode entry : ((YSeq) clusters).items()) {
                if (entry instanceof YMap map
                    && map.get("name")
                        .filter(n -> n instanceof YScalar s && s.text().equals(cluster))
                        .isPresent()
                    && map.get("acknowledge").orElse(null) instanceof YSeq risks) {
                  risks.items().stream()
                      .filter(YScalar.class::isInstance)
                      .map(r -> ((YScalar) r).text())
                      .forEach(out::add);
                }
              }
            });
    return out;
  }

  private static Provenance provenanceOf(Cluster cluster, String path) {
    Provenance exact = cluster.provenance().get(path);
    if (exact != null) {
      return exact;
    }
    // A value derived from a whole mapping (e.g. labels) takes its first leaf's provenance.
    return cluster.provenance().entrySet().stream()
        .filter(e -> e.getKey().startsWith(path + "."))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(path.startsWith("components.") ? Provenance.CATALOG : Provenance.BUILT_IN);
  }

  private static void printText(Cluster cluster, String origin, PrintWriter out) {
    out.printf(
        "cluster %s%s%n%s%n",
        cluster.name(),
        cluster.profile().isEmpty() ? "" : " (profile " + cluster.profile() + ")",
        origin.isEmpty() ? "" : "  from " + origin + "\n");
    Map<String, String> settings = ClusterSettings.flatten(cluster);
    int width = settings.keySet().stream().mapToInt(String::length).max().orElse(10) + 2;
    // Values line up in a column unless one is very long; a long one still keeps two spaces.
    int valueWidth =
        Math.min(48, settings.values().stream().mapToInt(String::length).max().orElse(10) + 2);
    settings.forEach(
        (path, value) -> {
          String shown = value.isEmpty() ? "-" : value;
          out.printf(
              "  %-" + width + "s%-" + Math.max(valueWidth, shown.length() + 2) + "s%s%n",
              path,
              shown,
              provenanceOf(cluster, path).describe());
        });
    out.printf("%nnodes%n");
    for (Node node : cluster.nodes()) {
      out.printf(
          "  %-16s %-14s %s%s  ssh %s@%s:%d%s%n",
          node.name(),
          node.role().id(),
          node.address(),
          node.privateAddress() == null
              ? ""
              : " (private " + String.join(", ", node.clusterAddresses()) + ")",
          node.ssh().user(),
          node.address(),
          node.ssh().port(),
          k0sRole(cluster, node).map(r -> "  k0s " + r).orElse(""));
    }
  }

  /**
   * The k0sctl role a k0s node gets, and for controller+worker whether k0s keeps its control-plane
   * taint: the part of a node's meaning that {@code worker}/{@code schedulable} decide.
   */
  private static Optional<String> k0sRole(Cluster cluster, Node node) {
    if (cluster.distribution() != Distribution.K0S) {
      return Optional.empty();
    }
    String role = K0sctlRole.of(cluster.nodes(), node);
    if (role.equals("controller+worker")) {
      role += node.schedulable() ? " (no taints)" : " (control-plane taint kept)";
    }
    return Optional.of(role);
  }

  /** Which rollout wave the cluster is in, and why: the first wave that matches it wins. */
  private static void printWave(Rollout rollout, Cluster cluster, PrintWriter out) {
    Rollout.Wave wave = rollout.waveOf(cluster.name());
    out.printf(
        "%nrollout%n  wave %s (%d of %d), %s%n",
        wave.name(),
        rollout.waves().indexOf(wave) + 1,
        rollout.waves().size(),
        matchedBy(wave, cluster));
  }

  private static Map<String, Object> waveJson(Rollout rollout, String cluster) {
    Rollout.Wave wave = rollout.waveOf(cluster);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", wave.name());
    json.put("position", rollout.waves().indexOf(wave) + 1);
    json.put("of", rollout.waves().size());
    json.put("approval", wave.approval());
    return json;
  }

  private static String matchedBy(Rollout.Wave wave, Cluster cluster) {
    if (wave.clusters().contains(cluster.name())) {
      return "named in the wave";
    }
    if (wave.catchAll()) {
      return "the catch-all wave: no earlier wave matches";
    }
    return "matched by its selector";
  }

  private static Map<String, Object> asJson(Cluster cluster, String fleetFile) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", cluster.name());
    json.put("profile", cluster.profile());
    List<Map<String, Object>> settings = new ArrayList<>();
    ClusterSettings.flatten(cluster)
        .forEach(
            (path, value) -> {
              Provenance from = provenanceOf(cluster, path);
              Map<String, Object> entry = new LinkedHashMap<>();
              entry.put("path", path);
              entry.put("value", value);
              entry.put("layer", from.layer().name().toLowerCase(java.util.Locale.ROOT));
              entry.put("source", from.source());
              if (from.position().isKnown()) {
                if (!from.position().file().equals(fleetFile)) {
                  entry.put("file", from.position().file()); // a cluster set's inventory
                }
                entry.put("line", from.position().line());
                entry.put("column", from.position().column());
              }
              settings.add(entry);
            });
    json.put("settings", settings);
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (Node node : cluster.nodes()) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("name", node.name());
      entry.put("role", node.role().id());
      entry.put("address", node.address());
      if (node.privateAddress() != null) {
        entry.put(
            "privateAddress",
            node.secondaryPrivateAddress() == null
                ? node.privateAddress()
                : node.clusterAddresses());
      }
      entry.put("sshUser", node.ssh().user());
      k0sRole(cluster, node).ifPresent(r -> entry.put("k0sRole", r));
      nodes.add(entry);
    }
    json.put("nodes", nodes);
    return json;
  }
}
