package dev.fleetc.emit.k3s;

import dev.fleetc.model.Cluster;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.IngressController;
import dev.fleetc.model.Node;
import dev.fleetc.model.StorageProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds the content of one node's {@code /etc/rancher/k3s/config.yaml}. */
final class K3sConfig {

  /** Where the install script writes the cluster token; the config points K3s at it. */
  static final String TOKEN_FILE = "/etc/rancher/k3s/fleet-token";

  /**
   * Where a server's install script writes the agent token ({@code agentToken}). Agents write
   * theirs to {@link #TOKEN_FILE}: for an agent, {@code token} is the agent token.
   */
  static final String AGENT_TOKEN_FILE = "/etc/rancher/k3s/fleet-agent-token";

  /** K3s' data directory unless the escape hatch moves it ({@code data-dir}). */
  static final String DATA_DIR = "/var/lib/rancher/k3s";

  private K3sConfig() {}

  static Map<String, Object> forNode(Cluster cluster, Node node) {
    return node.isControlPlane() ? server(cluster, node) : agent(cluster, node);
  }

  private static Map<String, Object> server(Cluster cluster, Node node) {
    Map<String, Object> config = new LinkedHashMap<>();
    boolean first = node.equals(cluster.controlPlane().get(0));
    if (cluster.datastore().type() == DatastoreType.ETCD) {
      if (first) {
        config.put("cluster-init", true);
      } else {
        config.put("server", joinUrl(cluster));
      }
    }
    if (cluster.token() != null) {
      config.put("token-file", TOKEN_FILE);
    }
    if (cluster.agentToken() != null) {
      config.put("agent-token-file", AGENT_TOKEN_FILE);
    }
    identity(config, cluster, node);
    if (advertisesPrivately(node)) {
      // Without it K3s advertises node-external-ip: agents and pods would reach the API (the
      // kubernetes Endpoints) over the public address.
      config.put("advertise-address", node.clusterAddressesFor(cluster.network()).get(0));
    }
    List<String> sans = sans(cluster, node);
    if (!sans.isEmpty()) {
      config.put("tls-san", sans);
    }
    // Dual-stack: both ranges, the primary family first (K3s takes its DNS address, the tenth of
    // the first service range, from that family).
    config.put("cluster-cidr", cluster.network().podCidrs());
    config.put("service-cidr", cluster.network().serviceCidrs());
    if (masqueradesIpv6(cluster)) {
      config.put("flannel-ipv6-masq", true);
    }
    List<String> disabled = disabledComponents(cluster);
    if (!disabled.isEmpty()) {
      config.put("disable", disabled);
    }
    config.put("write-kubeconfig-mode", "0600");
    registration(config, node);
    applyExtension(config, extension(cluster, "server"));
    return config;
  }

  private static Map<String, Object> agent(Cluster cluster, Node node) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("server", joinUrl(cluster));
    if (cluster.token() != null) {
      config.put("token-file", TOKEN_FILE);
    }
    identity(config, cluster, node);
    registration(config, node);
    applyExtension(config, extension(cluster, "agent"));
    return config;
  }

  /**
   * Flannel masquerades pod traffic leaving the cluster for IPv4 only; a unique-local IPv6 pod
   * range (fc00::/7) is not routed outside, so its pods reach IPv6 destinations beyond the cluster
   * only when K3s masquerades IPv6 too. Not with {@code flannel-backend: none} (no flannel).
   */
  static boolean masqueradesIpv6(Cluster cluster) {
    String ipv6Pods = cluster.network().podCidr(true);
    return ipv6Pods != null
        && ipv6Pods.toLowerCase(java.util.Locale.ROOT).matches("f[cd][0-9a-f]{0,2}:.*")
        && !"none".equals(extension(cluster, "server").get("flannel-backend"));
  }

  private static void identity(Map<String, Object> config, Cluster cluster, Node node) {
    if (!node.keepHostname()) {
      config.put("node-name", node.name());
    }
    if (node.privateAddress() != null) {
      // One address per family the cluster uses, the primary family first.
      config.put("node-ip", node.clusterAddressesFor(cluster.network()));
      if (isIp(node.address()) && !node.address().equals(node.privateAddress())) {
        config.put("node-external-ip", List.of(node.address()));
      }
    } else if (isIp(node.address())) {
      config.put("node-ip", List.of(node.address()));
    }
  }

  private static void registration(Map<String, Object> config, Node node) {
    if (!node.labels().isEmpty()) {
      List<String> labels = new ArrayList<>();
      node.labels().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> labels.add(e.getKey() + "=" + e.getValue()));
      config.put("node-label", labels);
    }
    if (!node.taints().isEmpty()) {
      config.put("node-taint", node.taints());
    }
  }

  /** The URL that joining servers and agents register with. */
  static String joinUrl(Cluster cluster) {
    String host = cluster.registrationAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return "https://" + host + ":6443";
  }

  /**
   * The API server certificate's extra names: the registration address and declared SANs; and the
   * public address of a server that advertises its private one (K3s only adds the advertised
   * address itself, so clients of the public address would otherwise fail TLS).
   */
  private static List<String> sans(Cluster cluster, Node node) {
    Set<String> sans = new LinkedHashSet<>();
    cluster.apiEndpointIfAny().ifPresent(sans::add);
    sans.addAll(cluster.sans());
    if (node.privateAddress() != null && !node.address().equals(node.privateAddress())) {
      sans.add(node.address());
    }
    return new ArrayList<>(sans);
  }

  /** A server with a public and a private address advertises the private one to the cluster. */
  static boolean advertisesPrivately(Node node) {
    return node.isControlPlane()
        && node.privateAddress() != null
        && isIp(node.privateAddress())
        && !node.address().equals(node.privateAddress());
  }

  /**
   * Whether the node joins through a server's supervisor ({@code server:} in its config): agents,
   * and servers after the first on embedded etcd. Servers on an external datastore share it instead
   * of joining.
   */
  static boolean joinsAServer(Cluster cluster, Node node) {
    return !node.isControlPlane()
        || (cluster.datastore().type() == DatastoreType.ETCD
            && !node.equals(cluster.controlPlane().get(0)));
  }

  /** The first server starts embedded etcd with {@code cluster-init}. */
  static boolean startsCluster(Cluster cluster, Node node) {
    return cluster.datastore().type() == DatastoreType.ETCD
        && node.equals(cluster.controlPlane().get(0));
  }

  /** K3s' data directory on a server: the escape hatch's {@code data-dir}, else the default. */
  static String dataDir(Cluster cluster, Node node) {
    Object dir = extension(cluster, node.isControlPlane() ? "server" : "agent").get("data-dir");
    return dir instanceof String s && !s.isBlank() ? s : DATA_DIR;
  }

  /**
   * Bundled components to switch off: with a GitOps engine the fleet delivers ingress and storage
   * through the cluster's GitOps path, so K3s's own Traefik and local-storage would collide with
   * them; without one, K3s's bundled Traefik and local-path storage serve when the fleet asks for
   * exactly those.
   */
  static List<String> disabledComponents(Cluster cluster) {
    List<String> disabled = new ArrayList<>();
    boolean viaGitOps = cluster.gitops().engine() != GitOpsEngine.NONE;
    if (viaGitOps || cluster.addons().ingress() != IngressController.TRAEFIK) {
      disabled.add("traefik");
    }
    if (viaGitOps || cluster.addons().storage() != StorageProvider.LOCAL_PATH) {
      disabled.add("local-storage");
    }
    return disabled;
  }

  /**
   * Escape-hatch keys win over fleetc's defaults (e.g. write-kubeconfig-mode); {@code disable}
   * items add to the components fleetc switches off. Keys fleetc derives from the model were
   * rejected by the compiler already.
   */
  private static void applyExtension(Map<String, Object> config, Map<String, Object> extension) {
    extension.forEach(
        (key, value) -> {
          if (key.equals("disable")
              && config.get("disable") instanceof List<?> ours
              && value instanceof List<?> theirs) {
            Set<Object> union = new LinkedHashSet<>(ours);
            union.addAll(theirs);
            config.put(key, new ArrayList<>(union));
          } else {
            config.put(key, value);
          }
        });
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> extension(Cluster cluster, String role) {
    Object keys = cluster.extensions().get(role);
    return keys instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
  }

  private static boolean isIp(String address) {
    return address.matches("[0-9.]+") || address.contains(":");
  }
}
