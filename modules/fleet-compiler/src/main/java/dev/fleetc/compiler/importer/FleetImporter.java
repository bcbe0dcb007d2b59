package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.SecretMasker;
import dev.fleetc.compiler.schema.FleetSchema;
import dev.fleetc.compiler.yaml.InputLimits;
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
   * @param name the node's name, or null to take it from the file (or make one)
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

  /** The fleet as plain maps (empty when nothing could be imported) and the report. */
  public record Result(Optional<Map<String, Object>> fleet, ImportReport report) {}

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
    List<Map<String, Object>> clusters = new ArrayList<>();
    k0sctl(request.k0sctl(), report, clusters);
    if (!request.k3s().isEmpty()) {
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
        if (node.name() != null) {
          config = new LinkedHashMap<>(config);
          config.put("node-name", node.name());
        }
        nodes.add(new K3sImporter.NodeConfig(address, node.source().file(), config));
      }
      if (!nodes.isEmpty()) {
        new K3sImporter(catalog, report)
            .cluster(Imports.label(request.k3sCluster()), request.k3sVersion(), nodes)
            .ifPresent(clusters::add);
      }
    }
    if (!request.microk8s().isEmpty()) {
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
        new MicroK8sImporter(catalog, report)
            .cluster(Imports.label(request.microk8sCluster()), request.microk8sChannel(), nodes)
            .ifPresent(clusters::add);
      }
    }
    if (clusters.isEmpty() || report.hasErrors()) {
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
    Map<String, Object> fleet = new LinkedHashMap<>();
    fleet.put("apiVersion", FleetSchema.API_VERSION);
    fleet.put("kind", FleetSchema.KIND);
    fleet.put("metadata", Map.of("name", Imports.label(request.fleetName())));
    List<Object> clean = new ArrayList<>();
    for (Map<String, Object> cluster : clusters) {
      clean.add(withoutCredentials(cluster, String.valueOf(cluster.get("name")), report));
    }
    fleet.put("clusters", clean);
    return new Result(Optional.of(fleet), report);
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
      List<Source> sources, ImportReport report, List<Map<String, Object>> clusters) {
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
      k0s.cluster(entry.getKey(), doc).ifPresent(clusters::add);
    }
  }

  private List<Object> read(Source source, ImportReport report) {
    List<String> surprises = new ArrayList<>();
    try {
      List<Object> documents = Yaml11.readAll(source.text(), surprises, limits.maxAliasNodes());
      surprises.forEach(s -> report.notExpressed(source.file(), s));
      return documents;
    } catch (Yaml11.NotYaml e) {
      report.error(source.file(), "not YAML: " + e.getMessage());
      return null;
    }
  }

  private Map<String, Object> single(Source source, ImportReport report) {
    List<Object> documents = read(source, report);
    if (documents == null) {
      return null;
    }
    List<Object> present = documents.stream().filter(d -> d != null).toList();
    if (present.size() != 1 || Imports.map(present.get(0)) == null) {
      report.error(
          source.file(), "expected one YAML mapping, found " + present.size() + " documents");
      return null;
    }
    return Imports.map(present.get(0));
  }

  private static String addressOf(Map<String, Object> config) {
    List<String> external = Imports.strings(config.get("node-external-ip"));
    if (!external.isEmpty()) {
      return external.get(0);
    }
    List<String> ips = Imports.strings(config.get("node-ip"));
    return ips.isEmpty() ? null : ips.get(0);
  }
}
