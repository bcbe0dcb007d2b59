package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.SecretMasker;
import dev.fleetc.compiler.schema.FleetSchema;
import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A whole fleet from the configuration files of running clusters. */
public final class FleetImporter {

  /** A file's name (for messages) and its text. */
  public record Source(String file, String text) {}

  /**
   * A node's configuration file.
   *
   * @param name the fleet's name for the node when its file names none (K3s: the file's node-name
   *     wins, and a node without one keeps its hostname), or null
   * @param address how fleetc reaches the node, or null to take it from the file
   */
  public record NodeSource(String name, String address, boolean worker, Source source) {}

  /** What the user asked to import. */
  public record Request(
      String fleetName,
      List<Source> k0sctl,
      String k3sCluster,
      String k3sVersion,
      List<NodeSource> k3s,
      String microk8sCluster,
      String microk8sChannel,
      List<NodeSource> microk8s) {}

  /**
   * The fleet as plain maps (empty when nothing could be imported), the report, and for each
   * imported cluster the input file it came from (for messages). A cluster whose input had an error
   * is left out; the others are imported (the report says why the rest are not).
   */
  public record Result(
      Optional<Map<String, Object>> fleet,
      ImportReport report,
      Map<String, String> origins,
      Map<String, Map<String, SourcePosition>> nodeOrigins,
      Map<String, ImportOrigins> clusterOrigins) {

    public Result(Optional<Map<String, Object>> fleet, ImportReport report) {
      this(fleet, report, Map.of(), Map.of(), Map.of());
    }

    /**
     * Where in the inputs the value at {@code path} of imported cluster {@code cluster} ({@code
     * network.serviceCIDR}, relative to the cluster entry) came from; empty for a cluster this
     * import did not make.
     */
    public Optional<ImportOrigins.Located> inputOf(String cluster, String path) {
      return Optional.ofNullable(clusterOrigins.get(cluster)).map(o -> o.locate(path, report));
    }

    /**
     * Where in its input file (k0sctl: the host's entry; K3s, MicroK8s: the node's file) a node of
     * an imported cluster was written, so that messages about it can point there.
     */
    public Optional<SourcePosition> nodeOrigin(String cluster, String node) {
      return Optional.ofNullable(nodeOrigins.getOrDefault(cluster, Map.of()).get(node));
    }
  }

  private final ReleaseCatalog catalog;
  private final InputLimits limits;

  public FleetImporter(ReleaseCatalog catalog) {
    this(catalog, InputLimits.DEFAULTS);
  }

  /**
   * @param limits bounds on what is read: {@code maxAliasNodes} bounds the nodes of each file once
   *     its aliases are expanded
   */
  public FleetImporter(ReleaseCatalog catalog, InputLimits limits) {
    this.catalog = catalog;
    this.limits = limits;
  }

  public Result run(Request request) {
    ImportReport report = new ImportReport();
    checkArguments(request, report);
    // Text refused on the command line stops the whole import, after every file has been read (all
    // errors at once).
    boolean argumentsRefused = report.errorCount() > 0;
    List<Map<String, Object>> clusters = new ArrayList<>();
    List<String> from = new ArrayList<>();
    k0sctl(request.k0sctl(), report, clusters, from);
    if (!request.k3s().isEmpty()) {
      int errorsBefore = report.errorCount();
      List<K3sImporter.NodeConfig> nodes = new ArrayList<>();
      for (NodeSource node : request.k3s()) {
        Map<String, Object> config = single(node.source(), report);
        if (config == null) {
          continue;
        }
        String address = node.address() != null ? node.address() : addressOf(config);
        if (address == null) {
          report.error(
              node.source().file(),
              "the config names no node-external-ip or node-ip; give the node's address as --k3s ADDRESS=FILE");
          continue;
        }
        nodes.add(new K3sImporter.NodeConfig(address, node.source().file(), config, node.name()));
      }
      if (!nodes.isEmpty()) {
        Optional<Map<String, Object>> cluster =
            new K3sImporter(catalog, report)
                .cluster(Imports.label(request.k3sCluster()), request.k3sVersion(), nodes);
        if (cluster.isPresent() && report.errorCount() == errorsBefore) {
          clusters.add(cluster.get());
          from.add(files(request.k3s()));
        }
      }
    }
    if (!request.microk8s().isEmpty()) {
      int errorsBefore = report.errorCount();
      List<MicroK8sImporter.NodeConfig> nodes = new ArrayList<>();
      for (NodeSource node : request.microk8s()) {
        Map<String, Object> config =
            MicroK8sImporter.merged(read(node.source(), report), node.source().file(), report);
        if (config == null) {
          continue;
        }
        if (node.address() == null) {
          report.error(node.source().file(), "give the node's address as --microk8s ADDRESS=FILE");
          continue;
        }
        nodes.add(
            new MicroK8sImporter.NodeConfig(
                node.name(), node.address(), node.worker(), node.source().file(), config));
      }
      if (!nodes.isEmpty()) {
        Optional<Map<String, Object>> cluster =
            new MicroK8sImporter(catalog, report)
                .cluster(
                    Imports.label(request.microk8sCluster()), request.microk8sChannel(), nodes);
        if (cluster.isPresent() && report.errorCount() == errorsBefore) {
          clusters.add(cluster.get());
          from.add(files(request.microk8s()));
        }
      }
    }
    if (clusters.isEmpty() || argumentsRefused) {
      return new Result(Optional.empty(), report);
    }
    Set<String> names = new LinkedHashSet<>();
    for (Map<String, Object> cluster : clusters) {
      String name = (String) cluster.get("name");
      String unique = name;
      for (int i = 2; !names.add(unique); i++) {
        unique = Imports.label(name + "-" + i);
      }
      if (!unique.equals(name)) {
        cluster.put("name", unique);
      }
    }
    Map<String, String> origins = new LinkedHashMap<>();
    Map<String, Map<String, SourcePosition>> nodeOrigins = new LinkedHashMap<>();
    Map<String, ImportOrigins> clusterOrigins = new LinkedHashMap<>();
    for (int i = 0; i < clusters.size(); i++) {
      String clusterName = (String) clusters.get(i).get("name");
      origins.put(clusterName, from.get(i));
      String firstFile = from.get(i).replaceFirst(" \\(and \\d+ more\\)$", "");
      ImportOrigins parts =
          report.clusterOrigin(clusters.get(i)).orElseGet(() -> new ImportOrigins(firstFile));
      parts.nodes(clusters.get(i), report);
      clusterOrigins.put(clusterName, parts);
      ImportedRisks.acknowledge(clusters.get(i), from.get(i), report);
      Map<String, SourcePosition> nodes = new LinkedHashMap<>();
      for (Object node : Imports.list(clusters.get(i).get("nodes"))) {
        Map<String, Object> entry = Imports.map(node);
        report.nodeOrigin(entry).ifPresent(at -> nodes.put(String.valueOf(entry.get("name")), at));
      }
      nodeOrigins.put(clusterName, nodes);
    }
    Map<String, Object> fleet = new LinkedHashMap<>();
    fleet.put("apiVersion", FleetSchema.API_VERSION);
    fleet.put("kind", FleetSchema.KIND);
    fleet.put("metadata", Map.of("name", Imports.label(request.fleetName())));
    List<Object> clean = new ArrayList<>();
    for (Map<String, Object> cluster : clusters) {
      clean.add(withoutCredentials(cluster, String.valueOf(cluster.get("name")), report));
    }
    fleet.put("clusters", clean);
    return new Result(Optional.of(fleet), report, origins, nodeOrigins, clusterOrigins);
  }

  /** The files of a cluster's nodes, for messages: the first, and how many more. */
  private static String files(List<NodeSource> nodes) {
    String first = nodes.get(0).source().file();
    return nodes.size() == 1 ? first : first + " (and " + (nodes.size() - 1) + " more)";
  }

  // What the command line names (clusters, nodes, addresses, versions) obeys the file's rule too.
  private static void checkArguments(Request request, ImportReport report) {
    ImportedText.checkArgument("the fleet name", request.fleetName(), report);
    ImportedText.checkArgument("the K3s cluster name", request.k3sCluster(), report);
    ImportedText.checkArgument("the K3s version", request.k3sVersion(), report);
    ImportedText.checkArgument("the MicroK8s cluster name", request.microk8sCluster(), report);
    ImportedText.checkArgument("the MicroK8s channel", request.microk8sChannel(), report);
    for (List<NodeSource> nodes : List.of(request.k3s(), request.microk8s())) {
      for (NodeSource node : nodes) {
        ImportedText.checkArgument("a node name", node.name(), report);
        ImportedText.checkArgument("a node address", node.address(), report);
        ImportedText.checkArgument("a file name", node.source().file(), report);
      }
    }
  }

  /**
   * The last guard of "import never copies a secret": a value that still looks like a credential (a
   * password in a URL, a private key, a known token format) wherever the importers put it is not
   * imported, with a warning naming where it was. The settings with a reference in the language
   * were turned into references before this.
   *
   * @return a copy of the tree without such values
   */
  private static Object withoutCredentials(Object node, String path, ImportReport report) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach(
          (k, value) -> {
            String key = String.valueOf(k);
            if (!key.equals("secretRef") && isCredential(value)) {
              report.secret(
                  "import",
                  path
                      + "."
                      + key
                      + " holds a credential (a password in a URL, a key or a token) the fleet"
                      + " cannot reference there; not imported: set it up outside the fleet file");
            } else {
              out.put(key, withoutCredentials(value, path + "." + key, report));
            }
          });
      return out;
    }
    if (node instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        if (isCredential(list.get(i))) {
          report.secret(
              "import",
              path
                  + "["
                  + i
                  + "] holds a credential (a password in a URL, a key or a token); not"
                  + " imported");
        } else {
          out.add(withoutCredentials(list.get(i), path + "[" + i + "]", report));
        }
      }
      return out;
    }
    return node;
  }

  private static boolean isCredential(Object value) {
    return value instanceof String text && SecretMasker.looksLikeCredential(text);
  }

  /**
   * The k0sctl files, read together as k0sctl reads several {@code --config} files: Cluster
   * documents, ClusterConfig documents (the k0s config of the one Cluster), and manifests
   * (reported).
   */
  private void k0sctl(
      List<Source> sources,
      ImportReport report,
      List<Map<String, Object>> clusters,
      List<String> from) {
    List<Map.Entry<String, Map<String, Object>>> found = new ArrayList<>();
    List<Map.Entry<String, Map<String, Object>>> configs = new ArrayList<>();
    for (Source source : sources) {
      List<Object> documents = read(source, report);
      if (documents == null) {
        continue;
      }
      boolean useful = false;
      for (Object document : documents) {
        Map<String, Object> doc = Imports.map(document);
        if (K0sctlImporter.isK0sctl(document)) {
          useful = true;
          found.add(Map.entry(source.file(), doc));
          report.hostPositions(source.file(), Yaml11.hostPositions(source.text()));
        } else if (K0sctlImporter.isClusterConfig(document)) {
          useful = true;
          configs.add(Map.entry(source.file(), doc));
        } else if (document != null) {
          Map<String, Object> metadata = doc == null ? null : Imports.map(doc.get("metadata"));
          report.notExpressed(
              source.file(),
              "document "
                  + (doc == null
                      ? "(not a mapping)"
                      : doc.get("kind") + " " + (metadata == null ? "" : metadata.get("name")))
                  + " is not a k0sctl Cluster and is not imported: apply it through GitOps or"
                  + " k0s manifests");
        }
      }
      if (!useful) {
        boolean launch = documents.stream().anyMatch(MicroK8sImporter::isLaunchConfig);
        report.error(
            source.file(),
            launch
                ? "this is a MicroK8s launch configuration: give it as --microk8s [NAME@]ADDRESS=FILE"
                : "not a k0sctl configuration (apiVersion k0sctl.k0sproject.io/v1beta1, kind"
                    + " Cluster); give K3s config files as --k3s [NAME@]ADDRESS=FILE or --k3s DIR");
      }
    }
    if (!configs.isEmpty() && found.size() != 1) {
      report.inconsistent(
          configs.get(0).getKey(),
          "a separate ClusterConfig document belongs to the one k0sctl Cluster of the files given"
              + " together; found "
              + found.size()
              + " Clusters: import them one at a time");
      return;
    }
    K0sctlImporter k0s = new K0sctlImporter(catalog, report);
    for (Map.Entry<String, Map<String, Object>> entry : found) {
      Map<String, Object> doc = entry.getValue();
      for (Map.Entry<String, Map<String, Object>> config : configs) {
        doc = K0sctlImporter.withConfig(doc, config.getValue());
      }
      int errorsBefore = report.errorCount();
      Optional<Map<String, Object>> cluster = k0s.cluster(entry.getKey(), doc);
      if (cluster.isPresent() && report.errorCount() == errorsBefore) {
        clusters.add(cluster.get());
        from.add(entry.getKey());
      }
    }
  }

  private List<Object> read(Source source, ImportReport report) {
    List<String> surprises = new ArrayList<>();
    try {
      List<Object> documents = Yaml11.readAll(source.text(), surprises, limits.maxAliasNodes());
      report.inputPositions(source.file(), Yaml11.positions(source.text()));
      surprises.forEach(s -> report.yaml11(source.file(), s));
      // A file holding text no output may carry is refused whole: none of its clusters imports.
      int errorsBefore = report.errorCount();
      ImportedText.check(source.file(), documents, report);
      return report.errorCount() == errorsBefore ? documents : null;
    } catch (Yaml11.NotYaml e) {
      report.error(source.file() + e.location, "not YAML: " + e.getMessage());
      return null;
    }
  }

  private Map<String, Object> single(Source source, ImportReport report) {
    List<Object> documents = read(source, report);
    if (documents == null) {
      return null;
    }
    List<Object> present = documents.stream().filter(d -> d != null).toList();
    if (present.isEmpty()) {
      // K3s starts with an empty config.yaml (settings then come from its command line and
      // environment, e.g. the K3S_URL and K3S_TOKEN of an agent's service unit).
      report.chosen(
          source.file(),
          "the config is empty: K3s then takes its settings from its command line and environment"
              + " (K3S_URL, K3S_TOKEN), which import does not see; imported as a server with"
              + " K3s's defaults");
      return new LinkedHashMap<>();
    }
    if (present.size() != 1 || Imports.map(present.get(0)) == null) {
      report.error(
          source.file(), "expected one YAML mapping, found " + present.size() + " documents");
      return null;
    }
    return Imports.map(present.get(0));
  }

  private static String addressOf(Map<String, Object> config) {
    List<String> external = Imports.addresses(config.get("node-external-ip"));
    if (!external.isEmpty()) {
      return external.get(0);
    }
    List<String> ips = Imports.addresses(config.get("node-ip"));
    return ips.isEmpty() ? null : ips.get(0);
  }
}
