package dev.fleetc.emit.k0s;

import dev.fleetc.compiler.k0s.K0sctlRole;
import dev.fleetc.model.Bastion;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Network;
import dev.fleetc.model.Node;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.Ssh;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The {@code k0sctl.yaml} of one cluster, as a tree of maps and lists. */
final class K0sctlDocument {

  static final String API_VERSION = "k0sctl.k0sproject.io/v1beta1";
  static final String CONFIG_API_VERSION = "k0s.k0sproject.io/v1beta1";

  private K0sctlDocument() {}

  /** The document before escaping: strings are literal, secrets are {@link EnvReference}s. */
  static Map<String, Object> of(Cluster cluster, K0sAddons addons) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("apiVersion", API_VERSION);
    doc.put("kind", "Cluster");
    doc.put("metadata", Map.of("name", cluster.name()));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("hosts", cluster.nodes().stream().map(n -> host(cluster, n)).toList());
    Map<String, Object> k0s = new LinkedHashMap<>();
    k0s.put("version", cluster.release().version());
    k0s.put("config", clusterConfig(cluster, addons));
    spec.put("k0s", k0s);
    Map<String, Object> options = K0sctlOptions.of(cluster.upgrades());
    if (!options.isEmpty()) {
      spec.put("options", options);
    }
    doc.put("spec", spec);
    return doc;
  }

  private static Map<String, Object> host(Cluster cluster, Node node) {
    String role = K0sctlRole.of(cluster.nodes(), node);
    Map<String, Object> host = new LinkedHashMap<>();
    host.put("role", role);
    if (node.ssh().openSsh() != null) {
      host.put("openSSH", openSsh(node));
    } else {
      host.put("ssh", ssh(node));
    }
    // k0sctl takes one private address (an IP): the primary family's, IPv4 on k0s.
    node.privateAddressIfAny()
        .ifPresent(
            a -> host.put("privateAddress", node.clusterAddressesFor(cluster.network()).get(0)));
    if (!node.keepHostname()) {
      host.put("hostname", node.name());
    }
    List<String> flags = new ArrayList<>();
    if (!role.equals("controller")) {
      if (!node.labels().isEmpty()) {
        flags.add("--labels=" + String.join(",", joined(new TreeMap<>(node.labels()))));
      }
      if (!node.taints().isEmpty()) {
        flags.add("--taints=" + String.join(",", node.taints()));
      }
    }
    if (node.schedulable()) {
      // k0s keeps the control-plane taint on controller+worker unless told otherwise.
      host.put("noTaints", true);
    }
    if (cluster.network().dualStack()
        && role.endsWith("worker")
        && node.clusterAddresses().size() == 2) {
      // k0sctl passes privateAddress alone as kubelet's --node-ip unless the flag is there already
      // (AddUnlessExist); a dual-stack node reports both families only with both listed.
      flags.add(
          "--kubelet-extra-args=--node-ip="
              + String.join(",", node.clusterAddressesFor(cluster.network())));
    }
    Map<String, Object> extra = new LinkedHashMap<>();
    mapAt(cluster.extensions(), "hosts").forEach(extra::put);
    mapAt(node.extensions(), "host").forEach(extra::put);
    Object extraFlags = extra.remove("installFlags");
    if (extraFlags instanceof List<?> list) {
      list.forEach(f -> flags.add(String.valueOf(f)));
    }
    if (!flags.isEmpty()) {
      host.put("installFlags", flags);
    }
    if (extra.get("environment") instanceof Map<?, ?> environment) {
      extra.put("environment", environment(environment));
    }
    new TreeMap<>(extra).forEach(host::put);
    return host;
  }

  /** Host environment values; a {@code {secretRef: env:NAME}} becomes k0sctl's {@code ${NAME}}. */
  private static Map<String, Object> environment(Map<?, ?> environment) {
    Map<String, Object> out = new LinkedHashMap<>();
    environment.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> ref && ref.get("secretRef") instanceof String text) {
            if (!text.startsWith("env:")) {
              throw new IllegalStateException("k0sctl expands environment variables only: " + text);
            }
            out.put(String.valueOf(key), new EnvReference(text.substring(4)));
          } else {
            out.put(String.valueOf(key), value);
          }
        });
    return out;
  }

  private static List<String> joined(Map<String, String> labels) {
    return labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
  }

  /**
   * k0sctl's {@code openSSH} connection (rig {@code openssh.go}): the system {@code ssh} with
   * {@code -i}, {@code -p}, {@code -F} and {@code -o} from these fields; a user or port the fleet
   * does not declare is left to ssh_config.
   */
  private static Map<String, Object> openSsh(Node node) {
    Ssh ssh = node.ssh();
    Ssh.OpenSsh client = ssh.openSsh();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("address", node.address());
    if (client.userDeclared()) {
      out.put("user", ssh.user());
    }
    if (client.portDeclared()) {
      out.put("port", ssh.port());
    }
    if (ssh.keyPath() != null) {
      out.put("keyPath", ssh.keyPath());
    }
    if (client.configPath() != null) {
      out.put("configPath", client.configPath());
    }
    if (!client.options().isEmpty()) {
      out.put("options", new LinkedHashMap<>(client.options()));
    }
    if (client.disableMultiplexing()) {
      out.put("disableMultiplexing", true);
    }
    return out;
  }

  private static Map<String, Object> ssh(Node node) {
    Ssh ssh = node.ssh();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("address", node.address());
    out.put("user", ssh.user());
    out.put("port", ssh.port());
    if (ssh.keyPath() != null) {
      out.put("keyPath", ssh.keyPath());
    }
    Bastion bastion = ssh.bastion();
    if (bastion != null) {
      Map<String, Object> jump = new LinkedHashMap<>();
      jump.put("address", bastion.address());
      jump.put("user", bastion.user());
      jump.put("port", bastion.port());
      if (bastion.keyPath() != null) {
        jump.put("keyPath", bastion.keyPath());
      }
      out.put("bastion", jump);
    }
    return out;
  }

  private static Map<String, Object> clusterConfig(Cluster cluster, K0sAddons addons) {
    Map<String, Object> spec = new LinkedHashMap<>();
    Map<String, Object> api = new LinkedHashMap<>();
    cluster.apiEndpointIfAny().ifPresent(e -> api.put("externalAddress", e));
    Set<String> sans = new LinkedHashSet<>();
    cluster.apiEndpointIfAny().ifPresent(sans::add);
    sans.addAll(cluster.sans());
    if (!sans.isEmpty()) {
      api.put("sans", List.copyOf(sans));
    }
    if (!api.isEmpty()) {
      spec.put("api", api);
    }
    Map<String, Object> network = new LinkedHashMap<>();
    network.put(
        "provider",
        cluster.network().provider().isEmpty() ? "kuberouter" : cluster.network().provider());
    Network ranges = cluster.network();
    network.put("podCIDR", ranges.dualStack() ? ranges.podCidr(false) : ranges.podCidr());
    network.put(
        "serviceCIDR", ranges.dualStack() ? ranges.serviceCidr(false) : ranges.serviceCidr());
    if (ranges.dualStack()) {
      // k0s keeps the IPv6 ranges beside the IPv4 ones and sets up every component for both.
      Map<String, Object> dualStack = new LinkedHashMap<>();
      dualStack.put("enabled", true);
      dualStack.put("IPv6podCIDR", ranges.podCidr(true));
      dualStack.put("IPv6serviceCIDR", ranges.serviceCidr(true));
      network.put("dualStack", dualStack);
    }
    if (cluster.network().nodeLocalLoadBalancing()) {
      Map<String, Object> nllb = new LinkedHashMap<>();
      nllb.put("enabled", true);
      nllb.put("type", "EnvoyProxy");
      network.put("nodeLocalLoadBalancing", nllb);
    }
    spec.put("network", network);
    spec.put("storage", storage(cluster));
    spec.put("telemetry", Map.of("enabled", false));
    Map<String, Object> extensions = addons.extensions();
    if (!extensions.isEmpty()) {
      spec.put("extensions", extensions);
    }
    deepMerge(spec, mapAt(cluster.extensions(), "config"));
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("apiVersion", CONFIG_API_VERSION);
    config.put("kind", "ClusterConfig");
    config.put("metadata", Map.of("name", cluster.name()));
    config.put("spec", spec);
    return config;
  }

  private static Map<String, Object> storage(Cluster cluster) {
    Map<String, Object> storage = new LinkedHashMap<>();
    DatastoreType type = cluster.datastore().type();
    switch (type) {
      case ETCD -> storage.put("type", "etcd");
      case SQLITE -> storage.put("type", "kine");
      case POSTGRES -> {
        SecretRef endpoint = cluster.datastore().endpoint();
        if (endpoint.scheme() != SecretRef.Scheme.ENV) {
          throw new IllegalStateException("k0sctl expands environment variables only: " + endpoint);
        }
        storage.put("type", "kine");
        storage.put("kine", Map.of("dataSource", new EnvReference(endpoint.name())));
      }
      case DQLITE -> throw new IllegalStateException("k0s does not run on dqlite");
    }
    return storage;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> mapAt(Map<String, Object> extensions, String key) {
    return extensions.get(key) instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  /** Maps merge key by key; anything else in {@code extra} replaces what is there. */
  @SuppressWarnings("unchecked")
  private static void deepMerge(Map<String, Object> into, Map<String, Object> extra) {
    extra.forEach(
        (key, value) -> {
          Object existing = into.get(key);
          if (existing instanceof Map<?, ?> current && value instanceof Map<?, ?> more) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) current);
            deepMerge(merged, (Map<String, Object>) more);
            into.put(key, merged);
          } else {
            into.put(key, value);
          }
        });
  }
}
