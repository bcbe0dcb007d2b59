package dev.fleetc.emit.microk8s;

import dev.fleetc.model.Cluster;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.IngressController;
import dev.fleetc.model.Node;
import dev.fleetc.model.StorageProvider;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds one node's MicroK8s launch configuration as plain maps for the YAML writer. */
final class LaunchConfig {

  /** The dns add-on's first argument that means "the host's resolvers", its own default. */
  static final String HOST_RESOLVERS = "/etc/resolv.conf";

  /** The cluster agent's default port; every node must use the same one. */
  static final int CLUSTER_AGENT_PORT = 25000;

  private LaunchConfig() {}

  /** {@code 0.1.0} is all that 1.27 accepts; 0.2.0 arrived with 1.28 (extraFIPSEnv). */
  static String formatVersion(String kubernetesMinor) {
    int minor = Integer.parseInt(kubernetesMinor.substring(kubernetesMinor.indexOf('.') + 1));
    return minor <= 27 ? "0.1.0" : "0.2.0";
  }

  /** A control-plane node with a private address different from its public one. */
  static boolean advertisesPrivately(Node node) {
    return node.isControlPlane()
        && node.privateAddress() != null
        && !node.privateAddress().equals(node.address());
  }

  /** The private address of the primary family (IPv4 on MicroK8s). */
  static String primaryPrivateAddress(Cluster cluster, Node node) {
    return node.clusterAddressesFor(cluster.network()).get(0);
  }

  static boolean isFirst(Cluster cluster, Node node) {
    return node.equals(cluster.controlPlane().get(0));
  }

  static Map<String, Object> forNode(Cluster cluster, Node node) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("version", formatVersion(cluster.release().kubernetesMinor()));
    List<Map<String, Object>> addons = addons(cluster);
    if (isFirst(cluster, node) && !addons.isEmpty()) {
      config.put("addons", addons);
    }
    config.put("extraSANs", sans(cluster, node));
    Map<String, Object> kubelet = new LinkedHashMap<>();
    kubelet.put("--cluster-domain", "cluster.local");
    kubelet.put("--cluster-dns", dnsAddress(cluster.network().serviceCidr()));
    if (node.clusterAddress().matches("[0-9.]+|.*:.*")) {
      // A join replaces it with the joiner's address, so it only matters before the join.
      kubelet.put("--node-ip", String.join(",", node.clusterAddressesFor(cluster.network())));
    }
    config.put("extraKubeletArgs", kubelet);
    Map<String, Object> apiServer = new LinkedHashMap<>();
    // Dual-stack: both ranges, IPv4 first, as generate-cni.sh writes them from extraCNIEnv.
    apiServer.put("--service-cluster-ip-range", String.join(",", cluster.network().serviceCidrs()));
    if (advertisesPrivately(node)) {
      // Without it kube-apiserver advertises the default route's address (the public one): the
      // kubernetes Endpoints, in-cluster clients and workers' apiserver-proxy would dial
      // public:16443, closed where the API is open on the private network only.
      apiServer.put("--advertise-address", primaryPrivateAddress(cluster, node));
    }
    config.put("extraKubeAPIServerArgs", apiServer);
    config.put(
        "extraKubeProxyArgs",
        Map.of("--cluster-cidr", String.join(",", cluster.network().podCidrs())));
    if (cluster.network().dualStack()) {
      // generate-cni.sh gives kube-controller-manager both pairs as well; written here so that the
      // launch configuration states every component's ranges the same way.
      Map<String, Object> controllerManager = new LinkedHashMap<>();
      controllerManager.put("--cluster-cidr", String.join(",", cluster.network().podCidrs()));
      controllerManager.put(
          "--service-cluster-ip-range", String.join(",", cluster.network().serviceCidrs()));
      config.put("extraKubeControllerManagerArgs", controllerManager);
    }
    config.put("extraCNIEnv", cniEnv(cluster));
    boolean first = isFirst(cluster, node);
    extension(cluster)
        .forEach(
            (key, value) -> {
              // Add-ons are cluster-wide: the first node enables them, after fleetc's own.
              if (key.equals("addons") || key.equals("addonRepositories")) {
                if (first) {
                  appendList(config, key, value);
                }
              } else {
                merge(config, key, value);
              }
            });
    return config;
  }

  /**
   * rbac unless {@code microk8s.rbac: false} (MicroK8s defaults to AlwaysAllow) and dns unless
   * {@code microk8s.dns: false} (a launch configuration without it installs no CoreDNS); ingress
   * and hostpath storage only when no GitOps engine delivers the fleet's own; MetalLB when ranges
   * are declared.
   */
  static List<Map<String, Object>> addons(Cluster cluster) {
    List<Map<String, Object>> addons = new ArrayList<>();
    if (!Boolean.FALSE.equals(cluster.extensions().get("rbac"))) {
      addons.add(Map.of("name", "rbac"));
    }
    // Without a DNS IP the add-on takes 10.152.183.10 only for the default range and a random
    // Service address otherwise, while kubelet sends pods to --cluster-dns: pass the same address.
    // The first argument keeps the add-on's default upstream resolvers (the host's resolv.conf).
    if (!Boolean.FALSE.equals(cluster.extensions().get("dns"))) {
      Map<String, Object> dns = new LinkedHashMap<>();
      dns.put("name", "dns");
      dns.put("args", List.of(HOST_RESOLVERS, dnsAddress(cluster.network().serviceCidr())));
      addons.add(dns);
    }
    boolean native_ = cluster.gitops().engine() == GitOpsEngine.NONE;
    if (native_ && cluster.addons().ingress() != IngressController.NONE) {
      addons.add(Map.of("name", "ingress"));
    }
    if (native_ && cluster.addons().storage() == StorageProvider.LOCAL_PATH) {
      addons.add(Map.of("name", "hostpath-storage"));
    }
    List<String> metallb = metallb(cluster);
    if (!metallb.isEmpty()) {
      Map<String, Object> addon = new LinkedHashMap<>();
      addon.put("name", "metallb");
      addon.put("args", List.of(String.join(",", metallb)));
      addons.add(addon);
    }
    return addons;
  }

  static List<String> addonNames(Cluster cluster) {
    return addons(cluster).stream().map(a -> (String) a.get("name")).toList();
  }

  @SuppressWarnings("unchecked")
  static List<String> metallb(Cluster cluster) {
    return cluster.extensions().get("metallb") instanceof List<?> ranges
        ? (List<String>) ranges
        : List.of();
  }

  private static List<String> sans(Cluster cluster, Node node) {
    Set<String> sans = new LinkedHashSet<>();
    cluster.apiEndpointIfAny().ifPresent(sans::add);
    sans.addAll(cluster.sans());
    sans.add(node.address());
    if (node.privateAddress() != null) {
      sans.addAll(node.clusterAddresses());
    }
    // In-cluster clients reach the API server through the kubernetes Service, the range's first
    // address; the certificate template only has the default range's 10.152.183.1.
    sans.add(serviceAddress(cluster.network().serviceCidr(), 1));
    return new ArrayList<>(sans);
  }

  private static Map<String, Object> cniEnv(Cluster cluster) {
    Map<String, Object> env = new LinkedHashMap<>();
    for (int i = 0; i < cluster.network().podCidrs().size(); i++) {
      String pods = cluster.network().podCidrs().get(i);
      String family = pods.contains(":") ? "IPv6" : "IPv4";
      env.put(family + "_SUPPORT", "true");
      env.put(family + "_CLUSTER_CIDR", pods);
      env.put(family + "_SERVICE_CIDR", cluster.network().serviceCidrs().get(i));
    }
    return env;
  }

  /** The tenth address of the service range, where the dns add-on puts CoreDNS. */
  static String dnsAddress(String serviceCidr) {
    return serviceAddress(serviceCidr, 10);
  }

  /** The address {@code offset} places after the start of the service range. */
  static String serviceAddress(String serviceCidr, int offset) {
    String network = serviceCidr.substring(0, serviceCidr.indexOf('/'));
    try {
      byte[] bytes = InetAddress.getByName(network).getAddress();
      byte[] tenth = new BigInteger(1, bytes).add(BigInteger.valueOf(offset)).toByteArray();
      byte[] out = new byte[bytes.length];
      int copy = Math.min(tenth.length, out.length);
      System.arraycopy(tenth, tenth.length - copy, out, out.length - copy, copy);
      return InetAddress.getByAddress(out).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("the compiler checked the service CIDR", e);
    }
  }

  /** Escape-hatch maps add to (and win over) fleetc's maps; other values replace. */
  @SuppressWarnings("unchecked")
  private static void merge(Map<String, Object> config, String key, Object value) {
    if (config.get(key) instanceof Map<?, ?> ours && value instanceof Map<?, ?> theirs) {
      Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) ours);
      merged.putAll((Map<String, Object>) theirs);
      config.put(key, merged);
    } else {
      config.put(key, value);
    }
  }

  private static void appendList(Map<String, Object> config, String key, Object value) {
    List<Object> all = new ArrayList<>();
    if (config.get(key) instanceof List<?> ours) {
      all.addAll(ours);
    }
    if (value instanceof List<?> theirs) {
      all.addAll(theirs);
    }
    if (key.equals("addonRepositories")) {
      // The repositories come before the add-ons that need them.
      Map<String, Object> ordered = new LinkedHashMap<>();
      config.forEach(
          (k, v) -> {
            if (k.equals("addons")) {
              ordered.put(key, all);
            }
            ordered.put(k, v);
          });
      ordered.putIfAbsent(key, all);
      config.clear();
      config.putAll(ordered);
    } else {
      config.put(key, all);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> extension(Cluster cluster) {
    return cluster.extensions().get("launchConfig") instanceof Map<?, ?> map
        ? (Map<String, Object>) map
        : Map.of();
  }
}
