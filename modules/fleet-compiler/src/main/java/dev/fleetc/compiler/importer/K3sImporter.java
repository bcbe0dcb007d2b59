package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.catalog.K3sFlags;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.model.Distribution;
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
 */
public final class K3sImporter {

  /** A node: the address fleetc reaches it at, and its parsed config file. */
  public record NodeConfig(String address, String file, Map<String, Object> config) {}

  /** Where fleetc-generated install scripts write the token; a token-file there is fleetc's. */
  static final String FLEETC_TOKEN_FILE = "/etc/rancher/k3s/fleet-token";

  /** Where fleetc-generated install scripts write the agent token. */
  static final String FLEETC_AGENT_TOKEN_FILE = "/etc/rancher/k3s/fleet-agent-token";

  /** K3s keys that carry secret values: never copied. */
  private static final Set<String> SECRET_KEYS =
      Set.of(
          "token",
          "t",
          "agent-token",
          "datastore-endpoint",
          "etcd-s3-access-key",
          "etcd-s3-secret-key",
          "etcd-s3-session-token",
          "vpn-auth");

  /** Keys handled here, per node or per cluster. */
  private static final Set<String> MODELLED =
      Set.of(
          "cluster-init",
          "server",
          "token-file",
          "agent-token-file",
          "cluster-cidr",
          "service-cidr",
          "node-name",
          "node-ip",
          "node-external-ip",
          "node-label",
          "node-taint",
          "tls-san",
          "disable");

  private final ReleaseCatalog catalog;
  private final ImportReport report;

  public K3sImporter(ReleaseCatalog catalog, ImportReport report) {
    this.catalog = catalog;
    this.report = report;
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
    List<NodeConfig> nodes = rawNodes.stream().map(K3sImporter::withoutDerivedKeys).toList();
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
    String datastore = datastore(name, servers, cluster);
    Map<String, Object> ds = new LinkedHashMap<>();
    ds.put("type", datastore);
    if (datastore.equals("postgres")) {
      ds.put("endpoint", Imports.secretRef("env:" + Imports.variable(name, "DATASTORE_ENDPOINT")));
    }
    cluster.put("datastore", ds);
    token(name, nodes, cluster);
    agentToken(name, nodes, cluster);

    // The registration address: the host of the URL joining nodes use, unless it is a server's own.
    Set<String> hosts = new LinkedHashSet<>();
    serverUrls.forEach(u -> host(u).ifPresent(hosts::add));
    if (hosts.size() > 1) {
      report.inconsistent(where, "nodes join different servers: " + hosts);
    }
    String endpoint = hosts.isEmpty() ? null : hosts.iterator().next();
    String firstServerAddress = clusterAddress(servers.get(0));
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
    cidr(first, "cluster-cidr", "podCIDR", network, where);
    cidr(first, "service-cidr", "serviceCIDR", network, where);
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

    Map<String, Object> hatch = new LinkedHashMap<>();
    Map<String, Object> serverKeys = shared(servers, K3sFlags.server(), "server");
    if (!disabled.isEmpty()) {
      serverKeys.put("disable", disabled);
    }
    consistent(servers, "cluster-cidr", where);
    consistent(servers, "service-cidr", where);
    consistent(servers, "tls-san", where);
    consistent(servers, "disable", where);
    if (!serverKeys.isEmpty()) {
      hatch.put("server", new TreeMap<>(serverKeys));
    }
    Map<String, Object> agentKeys = shared(agents, K3sFlags.agent(), "agent");
    if (!agentKeys.isEmpty()) {
      hatch.put("agent", new TreeMap<>(agentKeys));
    }
    if (!hatch.isEmpty()) {
      cluster.put("k3s", hatch);
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    servers.forEach(n -> entries.add(node(n, "control-plane", names)));
    agents.forEach(n -> entries.add(node(n, "worker", names)));
    cluster.put("nodes", entries);
    return Optional.of(cluster);
  }

  private static boolean init(NodeConfig node) {
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
    report.notExpressed(
        where,
        "K3s config files do not name the version the nodes run; imported as kubernetes \""
            + minor
            + "\" (the catalog's newest K3s line): pass --k3s-version or set it in the fleet");
  }

  private String datastore(String name, List<NodeConfig> servers, Map<String, Object> cluster) {
    boolean endpoint = servers.stream().anyMatch(s -> s.config().containsKey("datastore-endpoint"));
    boolean etcd = servers.stream().anyMatch(s -> init(s) || s.config().containsKey("server"));
    if (endpoint) {
      String text =
          servers.stream()
              .map(s -> Imports.string(s.config().get("datastore-endpoint")))
              .filter(Objects::nonNull)
              .findFirst()
              .orElse("");
      String variable = Imports.variable(name, "DATASTORE_ENDPOINT");
      report.secret(
          servers.get(0).file(),
          "datastore-endpoint is written inline; it became {secretRef: env:"
              + variable
              + "}: set "
              + variable
              + " to it when running the install scripts");
      if (!text.startsWith("postgres")) {
        report.notExpressed(
            servers.get(0).file(),
            "the datastore is not PostgreSQL; fleetc supports postgres only as an external datastore");
      }
      return "postgres";
    }
    if (etcd) {
      return "etcd";
    }
    if (servers.size() == 1) {
      return "sqlite";
    }
    // Several servers without cluster-init or a datastore-endpoint share an external datastore
    // whose endpoint came from the environment (K3S_DATASTORE_ENDPOINT), as fleetc's scripts do.
    String variable = Imports.variable(name, "DATASTORE_ENDPOINT");
    report.secret(
        servers.get(0).file(),
        "several servers without cluster-init or datastore-endpoint share an external datastore"
            + " given outside config.yaml; imported as postgres with {secretRef: env:"
            + variable
            + "}: set "
            + variable);
    return "postgres";
  }

  private void token(String name, List<NodeConfig> nodes, Map<String, Object> cluster) {
    Set<String> files = new LinkedHashSet<>();
    boolean inline = false;
    for (NodeConfig node : nodes) {
      Object file = node.config().get("token-file");
      if (file != null) {
        files.add(String.valueOf(file));
      }
      inline |= node.config().containsKey("token") || node.config().containsKey("t");
    }
    if (files.isEmpty() && !inline && nodes.size() == 1) {
      return;
    }
    String ref;
    if (inline || files.isEmpty() || files.contains(FLEETC_TOKEN_FILE)) {
      String variable = Imports.variable(name, "TOKEN");
      ref = "env:" + variable;
      report.secret(
          nodes.get(0).file(),
          (inline ? "the join token is written inline" : "the join token is not in the configs")
              + "; it became {secretRef: "
              + ref
              + "}: set "
              + variable
              + " to the cluster's token when running the install scripts");
    } else {
      ref = "file:" + files.iterator().next();
      if (files.size() > 1) {
        report.inconsistent(
            nodes.get(0).file(), "nodes read the token from different files: " + files);
      }
    }
    cluster.put("token", Imports.secretRef(ref));
  }

  /**
   * A server's config without what fleetc derives from the node itself: with a public and a private
   * address, {@code advertise-address} is the private one and {@code tls-san} carries the public
   * one (docs/targets/k3s.md). Left in, they would differ between servers and read as cluster-wide
   * settings.
   */
  private static NodeConfig withoutDerivedKeys(NodeConfig node) {
    Map<String, Object> config = new LinkedHashMap<>(node.config());
    List<String> external = Imports.strings(config.get("node-external-ip"));
    List<String> internal = Imports.strings(config.get("node-ip"));
    Object advertise = config.get("advertise-address");
    if (!external.isEmpty()
        && !internal.isEmpty()
        && advertise != null
        && internal.get(0).equals(String.valueOf(advertise))) {
      config.remove("advertise-address");
      List<String> sans = new ArrayList<>(Imports.strings(config.get("tls-san")));
      sans.removeAll(external);
      if (sans.isEmpty()) {
        config.remove("tls-san");
      } else {
        config.put("tls-san", sans);
      }
    }
    return new NodeConfig(node.address(), node.file(), config);
  }

  /**
   * Servers that read an agent token ({@code agent-token-file}) make it the cluster's {@code
   * agentToken}; agents then read that token from their token file.
   */
  private void agentToken(String name, List<NodeConfig> nodes, Map<String, Object> cluster) {
    Set<String> files = new LinkedHashSet<>();
    for (NodeConfig node : nodes) {
      Object file = node.config().get("agent-token-file");
      if (file != null) {
        files.add(String.valueOf(file));
      }
    }
    if (files.isEmpty()) {
      return;
    }
    String ref;
    if (files.contains(FLEETC_AGENT_TOKEN_FILE)) {
      String variable = Imports.variable(name, "AGENT_TOKEN");
      ref = "env:" + variable;
      report.secret(
          nodes.get(0).file(),
          "the agent token is not in the configs; it became {secretRef: "
              + ref
              + "}: set "
              + variable
              + " to the agents' token when running the install scripts");
    } else {
      ref = "file:" + files.iterator().next();
      if (files.size() > 1) {
        report.inconsistent(
            nodes.get(0).file(), "servers read the agent token from different files: " + files);
      }
    }
    cluster.put("agentToken", Imports.secretRef(ref));
  }

  private Map<String, Object> node(NodeConfig node, String role, Set<String> names) {
    Map<String, Object> config = node.config();
    Map<String, Object> out = new LinkedHashMap<>();
    String declared = Imports.string(config.get("node-name"));
    String name = Imports.label(declared != null ? declared : "node-" + node.address());
    while (!names.add(name)) {
      name = Imports.label(name + "-" + names.size());
    }
    if (declared == null) {
      report.notExpressed(
          node.file(), "no node-name; named '" + name + "', which fleetc writes as node-name");
    } else if (!declared.equals(name)) {
      report.notExpressed(
          node.file(),
          "node-name '" + declared + "' is not a DNS-1123 label; named '" + name + "'");
    }
    out.put("name", name);
    out.put("address", node.address());
    List<String> ips = Imports.strings(config.get("node-ip"));
    if (!ips.isEmpty() && !ips.get(0).equals(node.address())) {
      out.put("privateAddress", ips.get(0));
    }
    if (ips.size() > 1) {
      report.notExpressed(node.file(), "node-ip " + ips + ": only the first address is imported");
    }
    List<String> external = Imports.strings(config.get("node-external-ip"));
    if (!external.isEmpty() && !external.equals(List.of(node.address()))) {
      report.notExpressed(
          node.file(),
          "node-external-ip "
              + external
              + " differs from the node's address "
              + node.address()
              + "; fleetc writes the address");
    }
    out.put("role", role);
    List<String> labels = Imports.strings(config.get("node-label"));
    if (!labels.isEmpty()) {
      Map<String, Object> map = new TreeMap<>();
      for (String label : labels) {
        int eq = label.indexOf('=');
        map.put(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
      }
      out.put("labels", map);
    }
    List<String> taints = Imports.strings(config.get("node-taint"));
    if (!taints.isEmpty()) {
      out.put("taints", taints);
    }
    return out;
  }

  /** The keys every node of a role has with the same value, for the escape hatch. */
  private Map<String, Object> shared(List<NodeConfig> nodes, K3sFlags flags, String role) {
    Map<String, Object> shared = new LinkedHashMap<>();
    if (nodes.isEmpty()) {
      return shared;
    }
    Set<String> keys = new LinkedHashSet<>();
    nodes.forEach(n -> keys.addAll(n.config().keySet()));
    for (String key : keys) {
      if (MODELLED.contains(key) || key.equals("datastore-endpoint")) {
        continue;
      }
      NodeConfig holder = nodes.stream().filter(n -> n.config().containsKey(key)).findFirst().get();
      if (SECRET_KEYS.contains(key)) {
        if (!key.equals("token") && !key.equals("t")) {
          report.secret(
              holder.file(),
              "'"
                  + key
                  + "' holds a secret and is not imported; set it on the nodes outside the fleet");
        }
        continue;
      }
      String base = key.endsWith("+") ? key.substring(0, key.length() - 1) : key;
      Optional<K3sFlags.Flag> flag = flags.flag(base);
      if (flag.isEmpty()) {
        report.notExpressed(
            holder.file(), "K3s " + role + "s do not accept '" + key + "'; not imported");
        continue;
      }
      Object value = holder.config().get(key);
      boolean same = nodes.stream().allMatch(n -> Objects.equals(n.config().get(key), value));
      if (!same) {
        report.notExpressed(
            holder.file(),
            "'"
                + key
                + "' differs between the "
                + role
                + "s; k3s."
                + role
                + " applies to all of them, so it is not imported");
        continue;
      }
      shared.put(flag.get().canonical() + (key.endsWith("+") ? "+" : ""), typed(value, flag.get()));
    }
    return shared;
  }

  private static Object typed(Object value, K3sFlags.Flag flag) {
    return switch (flag.type()) {
      case BOOL -> value instanceof Boolean ? value : Boolean.parseBoolean(String.valueOf(value));
      case INT -> value instanceof Long ? value : value;
      case STRING_SLICE -> Imports.strings(value);
      default -> String.valueOf(value);
    };
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
      String where) {
    List<String> values = Imports.strings(config.get(key));
    if (values.isEmpty()) {
      return;
    }
    List<String> parts = new ArrayList<>();
    values.forEach(v -> parts.addAll(List.of(v.split(","))));
    network.put(field, parts.get(0).strip());
    if (parts.size() > 1) {
      report.notExpressed(
          where,
          key
              + " "
              + parts
              + ": dual-stack is not expressed; only "
              + parts.get(0)
              + " is imported");
    }
  }

  private static String clusterAddress(NodeConfig node) {
    List<String> ips = Imports.strings(node.config().get("node-ip"));
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
