package dev.fleetc.compiler.importer;

import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where in its input each part of an imported cluster came from, so that a message about the
 * imported cluster (its ranges, its add-ons, its escape hatch) points into the file the user wrote,
 * never at the imported text (issue 23: "Diagnostics for import name the input file and its
 * line:column").
 *
 * <p>Each entry maps a path of the imported cluster ({@code network.serviceCIDR}, relative to the
 * cluster entry) to the input key it was read from ({@code
 * spec.k0s.config.spec.network.serviceCIDR} of {@code k0sctl.yaml}); a mirror maps a whole subtree
 * the import copied as it was ({@code k0s.config} is {@code spec.k0s.config.spec}). A path is
 * located through its nearest recorded ancestor, an input key through its nearest key that the file
 * has; what is recorded nowhere is the cluster's first input file, line 1.
 */
public final class ImportOrigins {

  /** An input key of a file: the first of {@code keys} that the file has (else its ancestors). */
  private record Entry(String file, List<String> keys, boolean mirror) {}

  /** A place in the input, and the input key at it (empty for a whole file or a node entry). */
  public record Located(SourcePosition at, String inputKey) {}

  private final String firstFile;

  /** A node's fleet keys and the keys of its input they come from, first found first. */
  private Map<String, List<String>> nodeKeys = Map.of();

  private final Map<String, Entry> entries = new LinkedHashMap<>();
  private final Map<String, SourcePosition> fixed = new LinkedHashMap<>();

  ImportOrigins(String firstFile) {
    this.firstFile = firstFile;
  }

  /** The fleet path {@code path} was read from the first of {@code inputKeys} the file has. */
  ImportOrigins from(String path, String file, String... inputKeys) {
    entries.put(path, new Entry(file, List.of(inputKeys), false));
    return this;
  }

  /** The subtree at {@code path} is the input's subtree at {@code inputPrefix} ("" the root). */
  ImportOrigins mirror(String path, String file, String inputPrefix) {
    entries.put(path, new Entry(file, List.of(inputPrefix), true));
    return this;
  }

  /** The fleet path {@code path} (a node entry) was written at a known place. */
  ImportOrigins at(String path, SourcePosition position) {
    fixed.put(path, position);
    return this;
  }

  /** The input file a message about the cluster as a whole falls back to. */
  public String firstFile() {
    return firstFile;
  }

  /**
   * Where the value at {@code path} of the imported cluster ({@code network.podCIDR}, {@code
   * nodes[2].taints[0]}, "" for the cluster) came from.
   */
  public Located locate(String path, ImportReport report) {
    for (String at = path; ; at = parent(at)) {
      SourcePosition position = fixed.get(at);
      if (position != null) {
        return new Located(position, "");
      }
      Entry entry = entries.get(at);
      if (entry != null) {
        List<String> keys = new ArrayList<>();
        String rest = path.substring(at.length());
        // The deeper key of the same name first (network.serviceCIDR under network), then the
        // recorded ones; a mirror has the deeper key only.
        for (String key : entry.keys()) {
          if (!rest.isEmpty() || entry.mirror()) {
            keys.add(key.isEmpty() ? rest.replaceFirst("^\\.", "") : key + rest);
          }
        }
        if (!entry.mirror()) {
          keys.addAll(entry.keys());
        }
        for (String key : keys) {
          Optional<SourcePosition> exact = report.inputPosition(entry.file(), key);
          if (exact.isPresent()) {
            return new Located(exact.get(), key);
          }
        }
        for (String key = keys.get(0); !key.isEmpty(); key = parent(key)) {
          Optional<SourcePosition> near = report.inputPosition(entry.file(), key);
          if (near.isPresent()) {
            return new Located(near.get(), key);
          }
        }
        return new Located(new SourcePosition(entry.file(), 1, 1), "");
      }
      if (at.isEmpty()) {
        return new Located(new SourcePosition(firstFile, 1, 1), "");
      }
    }
  }

  /** {@code a.b[2]} → {@code a.b} → {@code a} → "". */
  static String parent(String path) {
    int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
    return cut <= 0 ? "" : path.substring(0, cut);
  }

  /**
   * The nodes' entries of an imported cluster, as recorded by {@link ImportReport#nodeFrom}: the
   * entry (a k0sctl host, a K3s or MicroK8s node's file) and the keys of it each field came from.
   */
  void nodes(Map<String, Object> cluster, ImportReport report) {
    List<?> nodes = cluster.get("nodes") instanceof List<?> list ? list : List.of();
    for (int i = 0; i < nodes.size(); i++) {
      Map<String, Object> node = Imports.map(nodes.get(i));
      Optional<SourcePosition> origin = node == null ? Optional.empty() : report.nodeOrigin(node);
      if (origin.isEmpty()) {
        continue;
      }
      String path = "nodes[" + i + "]";
      fixed.put(path, origin.get());
      String file = origin.get().file();
      // A k0sctl host's keys are under its entry; a K3s or MicroK8s node has its own file.
      String prefix = report.hostIndex(origin.get()).map(h -> "spec.hosts[" + h + "].").orElse("");
      nodeKeys.forEach(
          (key, inputKeys) ->
              from(
                  path + "." + key,
                  file,
                  inputKeys.stream().map(k -> prefix + k).toArray(String[]::new)));
    }
  }

  private ImportOrigins nodeKeys(Map<String, List<String>> keys) {
    this.nodeKeys = keys;
    return this;
  }

  /** The keys of a k0sctl file's Cluster that the import turns into the cluster's settings. */
  static ImportOrigins k0sctl(String file) {
    String config = "spec.k0s.config.spec";
    return new ImportOrigins(file)
        .from("name", file, "metadata.name", "metadata")
        .from("kubernetes", file, "spec.k0s.version", "spec.k0s")
        .from("version", file, "spec.k0s.version", "spec.k0s")
        .from("apiEndpoint", file, config + ".api.externalAddress", config + ".api")
        .from("sans", file, config + ".api.sans", config + ".api")
        .from("network", file, config + ".network")
        .from("datastore", file, config + ".storage")
        .from("acknowledge", file, "spec.hosts")
        .from("ssh", file, "spec.hosts")
        .from("addons", file, config + ".extensions", "spec.k0s")
        .mirror("k0s.config", file, config)
        .from("k0s.hosts", file, "spec.hosts[0]", "spec.hosts")
        .nodeKeys(
            Map.of(
                "name", List.of("hostname"),
                "address", List.of("ssh.address", "openSSH.address"),
                "ssh", List.of("ssh", "openSSH"),
                "privateAddress", List.of("privateAddress"),
                "role", List.of("role"),
                "schedulable", List.of("noTaints", "installFlags", "role"),
                "worker", List.of("role"),
                "labels", List.of("installFlags"),
                "taints", List.of("installFlags"),
                "k0s.host", List.of("installFlags")));
  }

  /**
   * A K3s cluster: its cluster-wide keys come from the first server's file, the agents' escape
   * hatch from the first agent's.
   */
  static ImportOrigins k3s(String server, String agent) {
    ImportOrigins origins =
        new ImportOrigins(server)
            .from("network.podCIDR", server, "cluster-cidr")
            .from("network.serviceCIDR", server, "service-cidr")
            .from("sans", server, "tls-san")
            .from("apiEndpoint", server, "server")
            .from("addons", server, "disable")
            .from("datastore", server, "datastore-endpoint", "cluster-init")
            .from("token", server, "token")
            .mirror("k3s.server", server, "")
            .nodeKeys(
                Map.of(
                    "name", List.of("node-name"),
                    "address", List.of("node-external-ip", "node-ip"),
                    "privateAddress", List.of("node-ip"),
                    "labels", List.of("node-label"),
                    "taints", List.of("node-taint")));
    if (agent != null) {
      origins.mirror("k3s.agent", agent, "");
    }
    return origins;
  }

  /** A MicroK8s cluster: its cluster-wide keys come from the first node's launch configuration. */
  static ImportOrigins microk8s(String file) {
    return new ImportOrigins(file)
        .from(
            "network.podCIDR",
            file,
            "extraKubeProxyArgs.--cluster-cidr",
            "extraCNIEnv.IPv4_CLUSTER_CIDR",
            "extraCNIEnv")
        .from(
            "network.serviceCIDR",
            file,
            "extraKubeAPIServerArgs.--service-cluster-ip-range",
            "extraCNIEnv.IPv4_SERVICE_CIDR",
            "extraCNIEnv")
        .from("sans", file, "extraSANs")
        .from("microk8s.metallb", file, "addons[metallb].args", "addons[metallb]", "addons")
        .from("addons.ingress", file, "addons[ingress]", "addons")
        .from("addons.storage", file, "addons[hostpath-storage]", "addons")
        .from("addons", file, "addons")
        .from("microk8s.rbac", file, "addons[rbac]", "addons")
        .mirror("microk8s.launchConfig", file, "")
        .nodeKeys(Map.of("privateAddress", List.of("extraKubeletArgs.--node-ip")));
  }

  /** For tests and messages: the recorded paths. */
  List<String> paths() {
    List<String> out = new ArrayList<>(entries.keySet());
    out.addAll(fixed.keySet());
    return out;
  }
}
