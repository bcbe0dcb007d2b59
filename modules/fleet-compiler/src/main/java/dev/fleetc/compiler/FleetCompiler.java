package dev.fleetc.compiler;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.schema.FleetSchema;
import dev.fleetc.compiler.schema.ShapeChecker;
import dev.fleetc.compiler.sets.ClusterSets;
import dev.fleetc.compiler.sets.InventoryFiles;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.compiler.yaml.YamlReader;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.Layer;
import dev.fleetc.model.Node;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
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
    Diagnostics diagnostics = new Diagnostics();
    Optional<YNode> root = YamlReader.read(file, text, diagnostics, limits);
    if (root.isEmpty()) {
      return new CompileResult(Optional.empty(), diagnostics.all());
    }
    if (!(root.get() instanceof YMap writtenFleet)) {
      diagnostics.error(
          ErrorCode.WRONG_FORMAT,
          root.get().position(),
          "a fleet file is a mapping, not " + root.get().describe(),
          "start with 'apiVersion: " + FleetSchema.API_VERSION + "' and 'kind: Fleet'");
      return new CompileResult(Optional.empty(), diagnostics.all());
    }
    // Cluster sets become ordinary cluster entries first: everything below treats them alike.
    ClusterSets.Expansion expansion =
        ClusterSets.expand(file, writtenFleet, inventories, limits, diagnostics);
    YMap fleetMap = expansion.fleet();
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
    Map<String, SourcePosition> clusterNames = new HashMap<>();
    Map<String, String> addressOwners = new HashMap<>();
    Map<String, String> gitopsPaths = new HashMap<>();
    Optional<YNode> clusterList = fleet.node("clusters");
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
        checkClusterName(name.get(), own.position("name"), clusterNames, diagnostics);
        named.add(new Named(name.get(), entry, own));
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
                  checkFleetWide(
                      cluster, b.named().entry(), addressOwners, gitopsPaths, diagnostics);
                  clusters.add(cluster);
                });
      }
    }
    List<dev.fleetc.model.Diagnostic> found = expansion.notes().annotate(diagnostics.all());
    Map<String, String> origins = new LinkedHashMap<>();
    expansion.members().forEach((name, member) -> origins.put(name, member.describe()));
    return new CompileResult(
        diagnostics.hasErrors()
            ? Optional.empty()
            : Optional.of(new Fleet(fleetName, file, clusters)),
        found,
        expansion.sources(),
        origins);
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

  private static void checkClusterName(
      String name, SourcePosition at, Map<String, SourcePosition> seen, Diagnostics diagnostics) {
    if (!Addresses.isDnsLabel(name)) {
      diagnostics.error(
          ErrorCode.INVALID_NAME,
          at,
          "cluster name '" + name + "' is not a DNS-1123 label",
          "use at most 63 lower-case letters, digits and '-', starting and ending with a letter or"
              + " digit; names become folder names and must not contain '/' or '..'");
    }
    SourcePosition first = seen.putIfAbsent(name, at);
    if (first != null) {
      diagnostics.error(
          ErrorCode.DUPLICATE_CLUSTER,
          at,
          "a cluster named '" + name + "' is already declared",
          "the first is at "
              + (first.file().equals(at.file()) ? "line " + first.line() : first.toString())
              + "; rename one of them");
    }
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
            ShapeChecker.closest(profileName, profiles.keySet())
                .map(p -> "did you mean '" + p + "'?")
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

  private static void checkFleetWide(
      Cluster cluster,
      YMap entry,
      Map<String, String> addressOwners,
      Map<String, String> gitopsPaths,
      Diagnostics diagnostics) {
    Settings own = new Settings(entry, diagnostics);
    List<YNode> nodeEntries =
        own.node("nodes")
            .filter(YSeq.class::isInstance)
            .map(n -> ((YSeq) n).items())
            .orElse(List.of());
    for (Node node : cluster.nodes()) {
      String owner = addressOwners.putIfAbsent(node.address(), cluster.name() + "/" + node.name());
      if (owner != null) {
        diagnostics.error(
            ErrorCode.DUPLICATE_ADDRESS,
            addressPosition(nodeEntries, node, diagnostics),
            "address "
                + node.address()
                + " of node "
                + cluster.name()
                + "/"
                + node.name()
                + " is already used by "
                + owner,
            "each machine belongs to one node of one cluster; check for a copy-paste slip");
      }
    }
    if (cluster.gitops().engine() != dev.fleetc.model.GitOpsEngine.NONE) {
      String other = gitopsPaths.putIfAbsent(cluster.gitops().path(), cluster.name());
      if (other != null) {
        diagnostics.error(
            ErrorCode.INVALID_VALUE,
            own.position("name"),
            "clusters '"
                + other
                + "' and '"
                + cluster.name()
                + "' would sync the same GitOps path "
                + cluster.gitops().path(),
            "give each cluster its own gitops.path");
      }
    }
  }

  private static SourcePosition addressPosition(
      List<YNode> nodeEntries, Node node, Diagnostics diagnostics) {
    for (YNode item : nodeEntries) {
      if (item instanceof YMap map) {
        Settings s = new Settings(map, diagnostics);
        if (s.string("name").filter(node.name()::equals).isPresent()) {
          return s.position("address");
        }
      }
    }
    return SourcePosition.NONE;
  }
}
