package dev.fleetc.compiler;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.schema.FleetSchema;
import dev.fleetc.compiler.schema.ShapeChecker;
import dev.fleetc.compiler.sets.ClusterSets;
import dev.fleetc.compiler.sets.InventoryFiles;
import dev.fleetc.compiler.upgrades.RolloutBinder;
import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.compiler.yaml.YamlReader;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.Layer;
import dev.fleetc.model.Rollout;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front end: parse, check the shape, resolve each cluster's layers, validate. Every problem of
 * the file is collected before anything is returned.
 */
public final class FleetCompiler {

  private final ReleaseCatalog catalog;
  private final InputLimits limits;

  public FleetCompiler() {
    this(ReleaseCatalog.builtIn());
  }

  public FleetCompiler(ReleaseCatalog catalog) {
    this(catalog, InputLimits.DEFAULTS);
  }

  public FleetCompiler(ReleaseCatalog catalog, InputLimits limits) {
    this.catalog = catalog;
    this.limits = limits;
  }

  /**
   * Compiles a fleet file as read from a stream: the entry for callers that read files. At most one
   * byte past the size limit is read; a larger file, or one that is not UTF-8, is reported as a
   * diagnostic like any other problem.
   *
   * @param file the name to report positions under (as the user wrote it on the command line)
   * @throws IOException only when the stream cannot be read
   */
  public CompileResult compile(String file, InputStream in) throws IOException {
    return compile(file, in, InventoryFiles.NONE);
  }

  /**
   * Compiles a fleet file as read from a stream, whose cluster sets may name inventory files.
   *
   * @param inventories reads a set's inventory, relative to the fleet file's folder
   */
  public CompileResult compile(String file, InputStream in, InventoryFiles inventories)
      throws IOException {
    return compile(file, FleetSource.readBounded(in, limits.maxBytes()), inventories);
  }

  /**
   * Compiles the bytes of a fleet file (checked for size and UTF-8 first).
   *
   * @param file the name to report positions under (as the user wrote it on the command line)
   */
  public CompileResult compile(String file, byte[] bytes) {
    return compile(file, bytes, InventoryFiles.NONE);
  }

  private CompileResult compile(String file, byte[] bytes, InventoryFiles inventories) {
    Diagnostics diagnostics = new Diagnostics();
    Optional<String> text = FleetSource.decode(file, bytes, limits.maxBytes(), diagnostics);
    if (text.isEmpty()) {
      return new CompileResult(Optional.empty(), diagnostics.all(), "");
    }
    return compile(file, text.get(), diagnostics, inventories);
  }

  /**
   * Compiles fleet text.
   *
   * @param file the name to report positions under (as the user wrote it on the command line)
   */
  public CompileResult compile(String file, String text) {
    return compile(file, text, InventoryFiles.NONE);
  }

  /**
   * Compiles fleet text whose cluster sets may name inventory files.
   *
   * @param inventories reads a set's inventory, relative to the fleet file's folder
   */
  public CompileResult compile(String file, String text, InventoryFiles inventories) {
    return compile(file, text, new Diagnostics(), inventories);
  }

  private CompileResult compile(
      String file, String text, Diagnostics diagnostics, InventoryFiles inventories) {
    Optional<YNode> root = YamlReader.read(file, text, diagnostics, limits);
    if (root.isEmpty()) {
      return new CompileResult(Optional.empty(), diagnostics.all(), text);
    }
    if (!(root.get() instanceof YMap writtenFleet)) {
      diagnostics.error(
          ErrorCode.WRONG_FORMAT,
          root.get().position(),
          "a fleet file is a mapping, not " + root.get().describe(),
          "start with 'apiVersion: " + FleetSchema.API_VERSION + "' and 'kind: Fleet'");
      return new CompileResult(Optional.empty(), diagnostics.all(), text);
    }
    // Cluster sets become ordinary cluster entries first: everything below treats them alike.
    ClusterSets.Expansion expansion =
        ClusterSets.expand(file, writtenFleet, inventories, limits, diagnostics);
    YMap fleetMap = expansion.fleet();
    // Every string that may reach output, the stamped inventory cells included, checked at once.
    OutputTextChecks.check(writtenFleet, fleetMap, diagnostics);
    new ShapeChecker(diagnostics).check(fleetMap, FleetSchema.FLEET, "");
    Settings fleet = new Settings(fleetMap, diagnostics);
    String fleetName = fleet.string("metadata.name").orElse("");
    if (!fleetName.isEmpty() && !Addresses.isDnsLabel(fleetName)) {
      diagnostics.error(
          ErrorCode.INVALID_NAME,
          fleet.position("metadata.name"),
          "fleet name '" + fleetName + "' is not a DNS-1123 label",
          "use lower-case letters, digits and '-'");
    }
    YMap defaults =
        fleet.node("defaults").filter(YMap.class::isInstance).map(YMap.class::cast).orElse(null);
    Map<String, YMap> profiles = profiles(fleet);
    List<Cluster> clusters = new ArrayList<>();
    FleetWideChecks fleetWide = new FleetWideChecks(diagnostics);
    Optional<YNode> clusterList = fleet.node("clusters");
    List<String> declared = new ArrayList<>();
    if (clusterList.isPresent() && clusterList.get() instanceof YSeq seq) {
      List<Named> named = new ArrayList<>();
      for (YNode item : seq.items()) {
        if (!(item instanceof YMap entry)) {
          continue;
        }
        Settings own = new Settings(entry, diagnostics);
        Optional<String> name = own.string("name");
        if (name.isEmpty()) {
          continue;
        }
        fleetWide.clusterName(name.get(), own.position("name"));
        named.add(new Named(name.get(), entry, own));
        declared.add(name.get());
      }
      // Clusters resolve independently, so they bind in parallel, each with its own diagnostics;
      // fleet-wide checks then run in file order.
      List<Bound> bound =
          named.parallelStream()
              .map(
                  n -> {
                    Diagnostics own = new Diagnostics();
                    return new Bound(
                        n,
                        bindCluster(n.name(), n.entry(), n.settings(), defaults, profiles, own),
                        own);
                  })
              .toList();
      for (Bound b : bound) {
        diagnostics.addAll(b.diagnostics());
        b.cluster()
            .ifPresent(
                cluster -> {
                  fleetWide.boundCluster(cluster, b.named().entry());
                  clusters.add(cluster);
                });
      }
    }
    Rollout rollout =
        fleet
            .node("rollout")
            .filter(YMap.class::isInstance)
            .flatMap(r -> RolloutBinder.bind((YMap) r, declared, clusters, diagnostics))
            .orElse(null);
    List<dev.fleetc.model.Diagnostic> found = expansion.notes().annotate(diagnostics.all());
    Map<String, String> origins = new LinkedHashMap<>();
    expansion.members().forEach((name, member) -> origins.put(name, member.describe()));
    return new CompileResult(
        diagnostics.hasErrors()
            ? Optional.empty()
            : Optional.of(new Fleet(fleetName, file, clusters, rollout)),
        found,
        text,
        expansion.sources(),
        origins,
        diagnostics.redactions());
  }

  private record Named(String name, YMap entry, Settings settings) {}

  private record Bound(Named named, Optional<Cluster> cluster, Diagnostics diagnostics) {}

  private static Map<String, YMap> profiles(Settings fleet) {
    Map<String, YMap> profiles = new LinkedHashMap<>();
    fleet
        .node("profiles")
        .filter(YMap.class::isInstance)
        .map(YMap.class::cast)
        .ifPresent(
            map ->
                map.entries()
                    .forEach(
                        e -> {
                          if (e.value() instanceof YMap settings) {
                            profiles.put(e.key(), settings);
                          }
                        }));
    return profiles;
  }

  private Optional<Cluster> bindCluster(
      String name,
      YMap entry,
      Settings own,
      YMap defaults,
      Map<String, YMap> profiles,
      Diagnostics diagnostics) {
    List<LayerMerger.Layered> layers = new ArrayList<>();
    if (defaults != null) {
      layers.add(new LayerMerger.Layered(defaults, Layer.DEFAULTS, ""));
    }
    String profileName = own.string("profile").orElse("");
    if (!profileName.isEmpty()) {
      YMap profile = profiles.get(profileName);
      if (profile == null) {
        diagnostics.error(
            ErrorCode.UNKNOWN_PROFILE,
            own.position("profile"),
            "cluster '" + name + "' uses profile '" + profileName + "', which is not declared",
            Suggestions.didYouMean(profileName, profiles.keySet())
                .orElse(
                    profiles.isEmpty()
                        ? "declare it under 'profiles:'"
                        : "declared profiles: " + String.join(", ", profiles.keySet())));
        return Optional.empty();
      }
      layers.add(new LayerMerger.Layered(profile, Layer.PROFILE, profileName));
    }
    layers.add(new LayerMerger.Layered(entry, Layer.CLUSTER, name));
    LayerMerger.Merged merged = LayerMerger.merge(layers);
    return new ClusterBinder(name, entry, profileName, merged, catalog, diagnostics).bind();
  }
}
