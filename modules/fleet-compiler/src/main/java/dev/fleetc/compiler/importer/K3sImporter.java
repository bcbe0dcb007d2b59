package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.catalog.K3sFlags;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.SourcePosition;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One K3s cluster from its nodes' {@code /etc/rancher/k3s/config.yaml} files. A config file does
 * not say whether its node is a server: a node with server-only keys ({@code cluster-init}, {@code
 * tls-san}, {@code disable}, ...) or without {@code server} is one; the others are agents. Keys the
 * language models become fields; keys every server (agent) shares go to {@code k3s.server} ({@code
 * k3s.agent}); keys that differ between nodes of a role are reported, since the escape hatch is per
 * role.
 *
 * <p>This class splits servers from agents and reads the cluster-level settings (release,
 * registration address, SANs, network, add-ons); {@link K3sDerivedKeys} first drops what fleetc
 * derived per node, {@link K3sClusterSecrets} decides the datastore and secret references, {@link
 * K3sSharedKeys} the {@code k3s} keys and {@link K3sNodeEntry} each node's entry.
 */
public final class K3sImporter {

  /** A node: the address fleetc reaches it at, and its parsed config file. */
  /**
   * One node's config file.
   *
   * @param label the fleet's name for the node when its file names none ({@code NAME@}, or the
   *     file's name in a folder), or null
   */
  public record NodeConfig(String address, String file, Map<String, Object> config, String label) {}

  private final ReleaseCatalog catalog;
  private final ImportReport report;
  private final K3sClusterSecrets secrets;
  private final K3sSharedKeys sharedKeys;
  private final K3sNodeEntry nodeEntry;

  public K3sImporter(ReleaseCatalog catalog, ImportReport report) {
    this.catalog = catalog;
    this.report = report;
    this.secrets = new K3sClusterSecrets(report);
    this.sharedKeys = new K3sSharedKeys(report);
    this.nodeEntry = new K3sNodeEntry(report);
  }

  /** True when the node's config makes it a server. */
  static boolean isServer(Map<String, Object> config) {
    if (!config.containsKey("server")) {
      return true;
    }
    K3sFlags agent = K3sFlags.agent();
    K3sFlags server = K3sFlags.server();
    return config.keySet().stream()
        .map(k -> k.endsWith("+") ? k.substring(0, k.length() - 1) : k)
        .anyMatch(k -> server.flag(k).isPresent() && agent.flag(k).isEmpty());
  }

  /**
   * The cluster entry.
   *
   * @param version the K3s build the nodes run ({@code v1.31.4+k3s1}), or null: config files do not
   *     say, so the catalog's newest line is used and a warning says so
   */
  public Optional<Map<String, Object>> cluster(
      String name, String version, List<NodeConfig> rawNodes) {
    List<NodeConfig> nodes = rawNodes.stream().map(K3sDerivedKeys::removedFrom).toList();
    String where = nodes.isEmpty() ? name : nodes.get(0).file();
    List<NodeConfig> servers = new ArrayList<>();
    List<NodeConfig> agents = new ArrayList<>();
    for (NodeConfig node : nodes) {
      (isServer(node.config()) ? servers : agents).add(node);
    }
    if (servers.isEmpty()) {
      report.inconsistent(
          where,
          "none of the K3s configs is a server's (every one has 'server' and only agent keys)");
      return Optional.empty();
    }
    // The node that initialises embedded etcd goes first: fleetc gives the first server
    // cluster-init.
    servers.sort((a, b) -> Boolean.compare(init(b), init(a)));
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("name", name);
    cluster.put("distribution", "k3s");
    release(cluster, version, where);

    Map<String, Object> first = servers.get(0).config();
    List<String> serverUrls = new ArrayList<>();
    nodes.forEach(
        n ->
            Optional.ofNullable(Imports.string(n.config().get("server")))
                .ifPresent(serverUrls::add));
    String datastore = secrets.datastore(name, servers);
    Map<String, Object> ds = new LinkedHashMap<>();
    ds.put("type", datastore);
    if (datastore.equals("postgres")) {
      ds.put("endpoint", Imports.secretRef("env:" + Imports.variable(name, "DATASTORE_ENDPOINT")));
    }
    cluster.put("datastore", ds);
    secrets.token(name, nodes, cluster);
    secrets.agentToken(name, nodes, cluster);

    // The registration address: the host of the URL joining nodes use, unless it is a server's own.
    Set<String> hosts = new LinkedHashSet<>();
    serverUrls.forEach(u -> host(u).ifPresent(hosts::add));
    if (hosts.size() > 1) {
      report.inconsistent(where, "nodes join different servers: " + hosts);
    }
    String endpoint = hosts.isEmpty() ? null : hosts.iterator().next();
    String firstServerAddress = clusterAddress(servers.get(0));
    // Every server joins another through 'server': the one that started the cluster, and any node
    // not given, are not in the input.
    if (servers.stream().allMatch(s -> s.config().containsKey("server"))) {
      report.partial(
          servers.get(0).file(),
          "every K3s server given joins an existing cluster (server: "
              + serverUrls.get(0)
              + "), and the server it joins is not among the inputs: the fleet holds "
              + nodes.size()
              + " node"
              + (nodes.size() == 1 ? "" : "s")
              + " of a larger cluster, and fleetc would start a new one at the first"
              + " (cluster-init); import every server's and agent's config together");
    }
    if (endpoint != null && !endpoint.equals(firstServerAddress)) {
      cluster.put("apiEndpoint", endpoint);
    }
    List<String> sans = new ArrayList<>(Imports.strings(first.get("tls-san")));
    if (endpoint != null) {
      sans.remove(endpoint);
    }
    if (!sans.isEmpty()) {
      cluster.put("sans", sans);
    }
    Map<String, Object> network = new LinkedHashMap<>();
    // Dual-stack is kept when every node names an address of each family in node-ip (K3s docs:
    // no address autodetection on dual-stack); otherwise the IPv4 half, reported.
    Optional<String> withoutBoth =
        nodes.stream()
            .filter(n -> !bothFamilies(Imports.addresses(n.config().get("node-ip"))))
            .map(n -> "the node at " + n.address())
            .findFirst();
    cidr(first, "cluster-cidr", "podCIDR", network, where, withoutBoth);
    cidr(first, "service-cidr", "serviceCIDR", network, where, withoutBoth);
    if (!network.isEmpty()) {
      cluster.put("network", network);
    }
    List<String> disabled = new ArrayList<>(Imports.strings(first.get("disable")));
    cluster.put("gitops", new LinkedHashMap<>(Map.of("engine", "none")));
    Map<String, Object> addons = new LinkedHashMap<>();
    addons.put("ingress", disabled.remove("traefik") ? "none" : "traefik");
    addons.put("storage", disabled.remove("local-storage") ? "none" : "local-path");
    addons.put("backup", "none");
    cluster.put("addons", addons);

    Map<String, Object> k3s = new LinkedHashMap<>();
    Map<String, Object> serverKeys = sharedKeys.shared(servers, K3sFlags.server(), "server");
    if (!disabled.isEmpty()) {
      serverKeys.put("disable", disabled);
    }
    consistent(servers, "cluster-cidr", where);
    consistent(servers, "service-cidr", where);
    consistent(servers, "tls-san", where);
    consistent(servers, "disable", where);
    if (!serverKeys.isEmpty()) {
      k3s.put("server", new TreeMap<>(serverKeys));
    }
    Map<String, Object> agentKeys = sharedKeys.shared(agents, K3sFlags.agent(), "agent");
    if (!agentKeys.isEmpty()) {
      k3s.put("agent", new TreeMap<>(agentKeys));
    }
    if (!k3s.isEmpty()) {
      cluster.put("k3s", k3s);
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    // A node's two node-ip addresses are a pair only on a dual-stack network (K3s refuses node-ip
    // families that differ from cluster-cidr's).
    boolean dualStack = network.get("podCIDR") instanceof List<?>;
    for (NodeConfig n : servers) {
      entries.add(nodeEntry.of(n, "control-plane", names, dualStack));
      report.nodeFrom(entries.get(entries.size() - 1), new SourcePosition(n.file(), 1, 1));
    }
    for (NodeConfig n : agents) {
      entries.add(nodeEntry.of(n, "worker", names, dualStack));
      report.nodeFrom(entries.get(entries.size() - 1), new SourcePosition(n.file(), 1, 1));
    }
    cluster.put("nodes", entries);
    report.clusterFrom(
        cluster,
        ImportOrigins.k3s(servers.get(0).file(), agents.isEmpty() ? null : agents.get(0).file()));
    return Optional.of(cluster);
  }

  /** Whether the node initialises embedded etcd ({@code cluster-init}). */
  static boolean init(NodeConfig node) {
    return Boolean.TRUE.equals(node.config().get("cluster-init"));
  }

  private void release(Map<String, Object> cluster, String version, String where) {
    Optional<Map<String, Object>> release =
        version == null ? Optional.empty() : Imports.release(catalog, Distribution.K3S, version);
    if (release.isPresent()) {
      cluster.putAll(release.get());
      return;
    }
    String minor = Imports.newestMinor(catalog, Distribution.K3S);
    cluster.put("kubernetes", minor);
    report.chosen(
        where,
        "K3s config files do not name the version the nodes run; imported as kubernetes \""
            + minor
            + "\" (the catalog's newest K3s line): pass --k3s-version or set it in the fleet");
  }

  private void consistent(List<NodeConfig> servers, String key, String where) {
    Object first = servers.get(0).config().get(key);
    for (NodeConfig s : servers) {
      if (!Objects.equals(s.config().get(key), first)) {
        report.notExpressed(
            s.file(),
            "'" + key + "' differs from the first server's; the first server's is imported");
      }
    }
  }

  private void cidr(
      Map<String, Object> config,
      String key,
      String field,
      Map<String, Object> network,
      String where,
      Optional<String> nodeWithoutBoth) {
    List<String> values = Imports.strings(config.get(key));
    if (values.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    values.forEach(v -> parts.addAll(List.of(v.split(","))));
    List<String> ranges = parts.stream().map(String::strip).toList();
    boolean pair = ranges.size() == 2 && bothFamilies(ranges);
    if (pair && nodeWithoutBoth.isEmpty()) {
      // Dual-stack: the pair as written, the primary family first (docs/dual-stack.md).
      network.put(field, ranges);
      return;
    }
    network.put(field, ranges.get(0));
    if (parts.size() > 1) {
      report.notExpressed(
          where,
          key
              + " "
              + parts
              + (pair
                  ? ": dual-stack needs a node-ip of each family on every node and "
                      + nodeWithoutBoth.get()
                      + " names none; only "
                  : ": not one range per family; only ")
              + parts.get(0)
              + " is imported");
    }
  }

  /** One IPv4 and one IPv6 value. */
  private static boolean bothFamilies(List<String> values) {
    return values.size() == 2 && values.get(0).contains(":") != values.get(1).contains(":");
  }

  private static String clusterAddress(NodeConfig node) {
    List<String> ips = Imports.addresses(node.config().get("node-ip"));
    return ips.isEmpty() ? node.address() : ips.get(0);
  }

  private static Optional<String> host(String url) {
    try {
      String host = URI.create(url).getHost();
      if (host != null && host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      return Optional.ofNullable(host);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
