package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.microk8s.MicroK8sRules;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.SourcePosition;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
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
 * One MicroK8s cluster from its nodes' launch configurations. A launch configuration names neither
 * the node, its role, nor the snap channel: the caller gives them ({@code NAME@ADDRESS=FILE},
 * {@code --microk8s-worker}, {@code --microk8s-channel}). Core add-ons become {@code addons} and
 * {@code microk8s.metallb}; the arguments fleetc derives from the network are recognised; other
 * keys every node shares go to {@code microk8s.launchConfig}.
 */
public final class MicroK8sImporter {

  /** A node: its name (or null), address, role, file and parsed launch configuration. */
  public record NodeConfig(
      String name, String address, boolean worker, String file, Map<String, Object> config) {}

  private static final String DEFAULT_POD_CIDR = "10.1.0.0/16";
  private static final String DEFAULT_SERVICE_CIDR = "10.152.183.0/24";

  private final ReleaseCatalog catalog;
  private final ImportReport report;

  public MicroK8sImporter(ReleaseCatalog catalog, ImportReport report) {
    this.catalog = catalog;
    this.report = report;
  }

  /** True when a parsed document looks like a launch configuration. */
  static boolean isLaunchConfig(Object document) {
    Map<String, Object> doc = Imports.map(document);
    return doc != null
        && doc.get("version") instanceof String v
        && v.matches("0\\.\\d+\\.\\d+")
        && !doc.containsKey("apiVersion");
  }

  /**
   * A launch configuration of several parts ({@code ---}) applied in order, as the cluster agent
   * does: maps merge, add-on lists add up, other values are replaced; null when unusable.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> merged(List<Object> documents, String file, ImportReport report) {
    if (documents == null) {
      return null;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Object document : documents) {
      if (document == null) {
        continue;
      }
      Map<String, Object> part = Imports.map(document);
      if (part == null || !isLaunchConfig(part)) {
        report.error(file, "not a MicroK8s launch configuration (a mapping with version: 0.x.y)");
        return null;
      }
      part.forEach(
          (key, value) -> {
            Object current = out.get(key);
            if (current instanceof Map<?, ?> a && value instanceof Map<?, ?> b) {
              Map<String, Object> both = new LinkedHashMap<>((Map<String, Object>) a);
              both.putAll((Map<String, Object>) b);
              out.put(key, both);
            } else if (key.equals("addons")
                && current instanceof List<?> a
                && value instanceof List<?> b) {
              List<Object> both = new ArrayList<>(a);
              both.addAll(b);
              out.put(key, both);
            } else {
              out.put(key, value);
            }
          });
    }
    if (out.isEmpty()) {
      report.error(file, "the launch configuration is empty");
      return null;
    }
    return out;
  }

  public Optional<Map<String, Object>> cluster(
      String name, String channel, List<NodeConfig> nodes) {
    List<NodeConfig> voters = nodes.stream().filter(n -> !n.worker()).toList();
    if (voters.isEmpty()) {
      report.inconsistent(
          name,
          "a MicroK8s cluster needs a control-plane node; every launch configuration was given as a worker's");
      return Optional.empty();
    }
    String where = voters.get(0).file();
    Map<String, Object> first = new LinkedHashMap<>(voters.get(0).config());
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("name", name);
    cluster.put("distribution", "microk8s");
    release(cluster, channel, where);

    Map<String, Object> network = new LinkedHashMap<>();
    // MicroK8s's generate-cni.sh also sets kube-proxy's --cluster-cidr and the API server's
    // --service-cluster-ip-range from extraCNIEnv: either names the cluster's ranges.
    String podCidr = argument(first, "extraKubeProxyArgs", "--cluster-cidr");
    if (podCidr == null) {
      podCidr = cniRanges(first, "CLUSTER_CIDR");
    }
    String serviceCidr = argument(first, "extraKubeAPIServerArgs", "--service-cluster-ip-range");
    if (serviceCidr == null) {
      serviceCidr = cniRanges(first, "SERVICE_CIDR");
    }
    // Dual-stack ranges ("v4,v6", as generate-cni.sh joins them) become pairs (docs/dual-stack.md).
    if (podCidr != null) {
      network.put("podCIDR", pairOrOne(podCidr));
    }
    if (serviceCidr != null) {
      network.put("serviceCIDR", pairOrOne(serviceCidr));
    }
    if (!network.isEmpty()) {
      cluster.put("network", network);
    }
    podCidr = podCidr == null ? DEFAULT_POD_CIDR : podCidr;
    serviceCidr = serviceCidr == null ? DEFAULT_SERVICE_CIDR : serviceCidr;
    String dns = dnsAddress(primary(serviceCidr));
    String kubeletDns = argument(first, "extraKubeletArgs", "--cluster-dns");
    if (!dns.equals(kubeletDns == null ? "10.152.183.10" : kubeletDns)) {
      report.changed(
          where,
          "the service range is "
              + serviceCidr
              + " but kubelet's --cluster-dns is "
              + (kubeletDns == null ? "MicroK8s's default 10.152.183.10" : kubeletDns)
              + ": fleetc gives the dns add-on and --cluster-dns the range's tenth address, "
              + dns);
    } else if (!serviceCidr.equals(DEFAULT_SERVICE_CIDR) && dnsAddonWithoutAddress(first)) {
      // core-addons addons/dns/enable: with no address argument and a service range of one's own,
      // CoreDNS's Service takes any free address of the range, which then replaces kubelet's
      // --cluster-dns; fleetc pins the tenth.
      report.changed(
          where,
          "the dns add-on is given no address in the service range "
              + serviceCidr
              + ", so MicroK8s gave CoreDNS any free address of it (and kubelet's --cluster-dns"
              + " that one): fleetc gives the dns add-on and --cluster-dns the range's tenth"
              + " address, "
              + dns);
    }

    // extraSANs: the cluster's names, then the node's own addresses.
    List<String> sans = new ArrayList<>(Imports.strings(first.get("extraSANs")));
    sans.remove(voters.get(0).address());
    // fleetc adds the kubernetes Service address itself (docs/targets/microk8s.md).
    sans.remove(firstServiceAddress(primary(serviceCidr)));
    String firstNodeIp = nodeIp(voters.get(0).config());
    if (firstNodeIp != null) {
      sans.removeAll(List.of(firstNodeIp.split(",")));
    }
    if (!sans.isEmpty()) {
      cluster.put("sans", sans);
    }
    addons(first, cluster, where);
    token(name, nodes, cluster);

    for (NodeConfig node : nodes) {
      if (node.config().containsKey("join")) {
        report.notExpressed(
            node.file(),
            "'join' is not imported: fleetc's join scripts join the nodes (the role comes from"
                + " --microk8s or --microk8s-worker)");
      }
    }
    Map<String, Object> shared = shared(nodes, podCidr, serviceCidr);
    Map<String, Object> hatch = new LinkedHashMap<>();
    Object metallb = cluster.remove("metallb");
    if (metallb != null) {
      hatch.put("metallb", metallb);
    }
    Object rbac = cluster.remove("rbac");
    if (rbac != null) {
      hatch.put("rbac", rbac);
    }
    Object dnsAddon = cluster.remove("dns");
    if (dnsAddon != null) {
      hatch.put("dns", dnsAddon);
    }
    Object moreAddons = cluster.remove("launchConfigAddons");
    if (moreAddons != null) {
      shared.put("addons", moreAddons);
    }
    Object repositories = first.get("addonRepositories");
    if (repositories != null) {
      shared.put("addonRepositories", repositories);
    }
    if (!shared.isEmpty()) {
      hatch.put("launchConfig", shared);
    }
    if (!hatch.isEmpty()) {
      cluster.put("microk8s", hatch);
    }
    List<Map<String, Object>> entries = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (NodeConfig node : voters) {
      entries.add(node(node, "control-plane", names));
    }
    for (NodeConfig node : nodes) {
      if (node.worker()) {
        entries.add(node(node, "worker", names));
      }
    }
    cluster.put("nodes", entries);
    report.clusterFrom(cluster, ImportOrigins.microk8s(where));
    return Optional.of(cluster);
  }

  private void release(Map<String, Object> cluster, String channel, String where) {
    if (channel != null && channel.matches("\\d+\\.\\d+(/.*)?")) {
      String minor = channel.contains("/") ? channel.substring(0, channel.indexOf('/')) : channel;
      cluster.put("kubernetes", minor);
      if (channel.contains("/")
          && !catalog.build(Distribution.MICROK8S, minor).map(channel::equals).orElse(false)) {
        cluster.put("version", channel);
      }
      return;
    }
    String minor = Imports.newestMinor(catalog, Distribution.MICROK8S);
    cluster.put("kubernetes", minor);
    report.chosen(
        where,
        "launch configurations do not name the snap channel; imported as kubernetes \""
            + minor
            + "\" (the catalog's newest MicroK8s track): pass --microk8s-channel");
  }

  /** True when the launch configuration enables the dns add-on without its address argument. */
  private static boolean dnsAddonWithoutAddress(Map<String, Object> config) {
    List<Object> addons = Imports.list(config.get("addons"));
    for (Object item : addons == null ? List.of() : addons) {
      Map<String, Object> addon = Imports.map(item);
      if (addon != null
          && "dns".equals(Imports.string(addon.get("name")))
          && !Boolean.TRUE.equals(addon.get("disable"))) {
        return Imports.strings(addon.get("args")).size() < 2;
      }
    }
    return false;
  }

  /** The add-ons the fleet language enables itself (addons, microk8s.metallb, microk8s.rbac). */
  private static final Set<String> MANAGED_ADDONS =
      Set.of("dns", "rbac", "ingress", "hostpath-storage", "storage", "metallb");

  private void addons(Map<String, Object> first, Map<String, Object> cluster, String where) {
    boolean ingress = false;
    boolean storage = false;
    List<Object> list = Imports.list(first.get("addons"));
    Set<String> seen = new LinkedHashSet<>();
    List<Object> unmodelled = new ArrayList<>();
    for (Object item : list == null ? List.of() : list) {
      Map<String, Object> addon = Imports.map(item);
      String name = addon == null ? String.valueOf(item) : Imports.string(addon.get("name"));
      seen.add(name);
      boolean disabled = addon != null && Boolean.TRUE.equals(addon.get("disable"));
      if (addon != null && name != null && !MANAGED_ADDONS.contains(name)) {
        // Add-ons the language does not model go through the escape hatch as they are.
        unmodelled.add(addon);
        continue;
      }
      if (disabled) {
        report.notExpressed(
            where, "add-on '" + name + "' is disabled by the launch configuration; not imported");
        continue;
      }
      switch (Objects.toString(name, "")) {
        case "rbac", "dns" -> {}
        case "ingress" -> ingress = true;
        case "hostpath-storage", "storage" -> storage = true;
        case "metallb" -> {
          List<String> ranges = new ArrayList<>();
          Imports.strings(addon == null ? null : addon.get("args"))
              .forEach(a -> ranges.addAll(List.of(a.split(","))));
          cluster.put("metallb", ranges);
        }
        default ->
            report.notExpressed(
                where,
                "add-on '"
                    + name
                    + "' is not one fleetc enables; not imported (enable it after the install)");
      }
    }
    if (!seen.contains("rbac")) {
      // MicroK8s without the rbac add-on authorizes everything (AlwaysAllow): keep it so.
      cluster.put("rbac", false);
    }
    if (!seen.contains("dns")) {
      // The snap's install hook applies the first launch configuration it finds, and the default
      // one (which enables dns) only when there is none (canonical/microk8s snap/hooks/install):
      // without dns in the file the cluster has no CoreDNS. Keep it so.
      cluster.put("dns", false);
    }
    if (!unmodelled.isEmpty()) {
      cluster.put("launchConfigAddons", unmodelled);
    }
    cluster.put("gitops", new LinkedHashMap<>(Map.of("engine", "none")));
    Map<String, Object> addons = new LinkedHashMap<>();
    // MicroK8s's ingress add-on runs ingress-nginx.
    addons.put("ingress", ingress ? "ingress-nginx" : "none");
    addons.put("storage", storage ? "local-path" : "none");
    addons.put("backup", "none");
    cluster.put("addons", addons);
  }

  private void token(String name, List<NodeConfig> nodes, Map<String, Object> cluster) {
    boolean inline = nodes.stream().anyMatch(n -> n.config().containsKey("persistentClusterToken"));
    if (!inline && nodes.size() == 1) {
      return;
    }
    String variable = Imports.variable(name, "TOKEN");
    cluster.put("token", Imports.secretRef("env:" + variable));
    report.secret(
        nodes.get(0).file(),
        (inline
                ? "persistentClusterToken is written inline"
                : "launch configurations carry no join token")
            + "; it became {secretRef: env:"
            + variable
            + "}: set "
            + variable
            + " to the cluster token when running the join scripts");
  }

  /** The keys that are not derived from the model and that every node has alike. */
  private Map<String, Object> shared(List<NodeConfig> nodes, String podCidr, String serviceCidr) {
    List<Map<String, Object>> rests = new ArrayList<>();
    for (NodeConfig node : nodes) {
      rests.add(rest(node, podCidr, serviceCidr));
    }
    Map<String, Object> shared = new TreeMap<>();
    Set<String> keys = new LinkedHashSet<>();
    rests.forEach(r -> keys.addAll(r.keySet()));
    for (String key : keys) {
      Object value = rests.get(0).get(key);
      if (rests.stream().allMatch(r -> Objects.equals(r.get(key), value))) {
        if (MicroK8sRules.launchConfigKeys().contains(key)) {
          shared.put(key, value);
        } else {
          report.notExpressed(
              nodes.get(0).file(), "launch-configuration key '" + key + "' is not imported");
        }
      } else {
        report.notExpressed(
            nodes.get(0).file(),
            "launch-configuration key '"
                + key
                + "' differs between nodes; microk8s.launchConfig applies to all of them, so it is not imported");
      }
    }
    return shared;
  }

  /** A node's launch configuration without what fleetc derives from the model. */
  private static Map<String, Object> rest(NodeConfig node, String podCidr, String serviceCidr) {
    Map<String, Object> rest = new LinkedHashMap<>(node.config());
    for (String key :
        List.of(
            "version",
            "addons",
            "addonRepositories",
            "extraSANs",
            "persistentClusterToken",
            "join")) {
      rest.remove(key);
    }
    Map<String, Object> derived = new LinkedHashMap<>();
    derived.put("--cluster-domain", "cluster.local");
    derived.put("--cluster-dns", dnsAddress(primary(serviceCidr)));
    derived.put("--node-ip", nodeIp(node.config()));
    strip(rest, "extraKubeletArgs", derived);
    strip(rest, "extraKubeAPIServerArgs", Map.of("--service-cluster-ip-range", serviceCidr));
    strip(rest, "extraKubeProxyArgs", Map.of("--cluster-cidr", podCidr));
    List<String> pods = List.of(podCidr.split(","));
    List<String> services = List.of(serviceCidr.split(","));
    Map<String, Object> cniEnv = new LinkedHashMap<>();
    for (int i = 0; i < pods.size() && i < services.size(); i++) {
      String family = pods.get(i).contains(":") ? "IPv6" : "IPv4";
      cniEnv.put(family + "_SUPPORT", "true");
      cniEnv.put(family + "_CLUSTER_CIDR", pods.get(i));
      cniEnv.put(family + "_SERVICE_CIDR", services.get(i));
    }
    strip(rest, "extraCNIEnv", cniEnv);
    if (pods.size() == 2) {
      // fleetc writes kube-controller-manager's ranges itself on a dual-stack cluster.
      strip(
          rest,
          "extraKubeControllerManagerArgs",
          Map.of("--cluster-cidr", podCidr, "--service-cluster-ip-range", serviceCidr));
    }
    return rest;
  }

  private static void strip(Map<String, Object> config, String key, Map<String, Object> derived) {
    Map<String, Object> args = Imports.map(config.get(key));
    if (args == null) {
      return;
    }
    Map<String, Object> left = new LinkedHashMap<>(args);
    derived.forEach(
        (k, v) -> {
          if (v != null && Objects.equals(String.valueOf(left.get(k)), String.valueOf(v))) {
            left.remove(k);
          }
        });
    if (left.isEmpty()) {
      config.remove(key);
    } else {
      config.put(key, left);
    }
  }

  private Map<String, Object> node(NodeConfig node, String role, Set<String> names) {
    Map<String, Object> out = new LinkedHashMap<>();
    report.nodeFrom(out, new SourcePosition(node.file(), 1, 1));
    String name = Imports.label(node.name() != null ? node.name() : "node-" + node.address());
    while (!names.add(name)) {
      name = Imports.label(name + "-" + names.size());
    }
    if (node.name() == null) {
      report.notExpressed(
          node.file(),
          "launch configurations do not name the node; named '"
              + name
              + "' (give NAME@ADDRESS=FILE)");
    }
    out.put("name", name);
    out.put("address", node.address());
    String ip = nodeIp(node.config());
    if (ip != null && ip.contains(",")) {
      out.put("privateAddress", pairOrOne(ip));
    } else if (ip != null && !ip.equals(node.address())) {
      out.put("privateAddress", ip);
    }
    out.put("role", role);
    return out;
  }

  /**
   * The ranges {@code extraCNIEnv} gives, joined as MicroK8s's {@code generate-cni.sh} joins them
   * for kube-proxy and the API server: {@code IPv4_<KIND>}, then {@code IPv6_<KIND>} when {@code
   * IPv6_SUPPORT} is true ("v4,v6": dual-stack); null when no IPv4 range is given.
   */
  private static String cniRanges(Map<String, Object> config, String kind) {
    String v4 = argument(config, "extraCNIEnv", "IPv4_" + kind);
    String v6 = argument(config, "extraCNIEnv", "IPv6_" + kind);
    boolean ipv6 = "true".equals(argument(config, "extraCNIEnv", "IPv6_SUPPORT"));
    if (v4 == null) {
      return null;
    }
    return ipv6 && v6 != null ? v4.strip() + "," + v6.strip() : v4;
  }

  /** {@code "v4,v6"} as a pair (dual-stack), else the text as it is. */
  private static Object pairOrOne(String text) {
    List<String> parts = List.of(text.split(","));
    return parts.size() == 2 ? parts.stream().map(String::strip).toList() : text;
  }

  /** The first range of a comma-joined pair: the primary family's. */
  private static String primary(String ranges) {
    return ranges.split(",")[0].strip();
  }

  private static String nodeIp(Map<String, Object> config) {
    return argument(config, "extraKubeletArgs", "--node-ip");
  }

  private static String argument(Map<String, Object> config, String key, String argument) {
    Map<String, Object> args = Imports.map(config.get(key));
    return args == null ? null : Imports.string(args.get(argument));
  }

  /** The first address of the service range: the {@code kubernetes} Service's. */
  static String firstServiceAddress(String serviceCidr) {
    return offset(serviceCidr, BigInteger.ONE);
  }

  /** The tenth address of the service range, where the dns add-on puts CoreDNS. */
  static String dnsAddress(String serviceCidr) {
    return offset(serviceCidr, BigInteger.TEN);
  }

  private static String offset(String serviceCidr, BigInteger offset) {
    int slash = serviceCidr.indexOf('/');
    if (!serviceCidr.matches("[0-9a-fA-F.:]+(/\\d+)?")) {
      return null; // never a name lookup
    }
    try {
      byte[] bytes =
          InetAddress.getByName(slash < 0 ? serviceCidr : serviceCidr.substring(0, slash))
              .getAddress();
      byte[] tenth = new BigInteger(1, bytes).add(offset).toByteArray();
      byte[] out = new byte[bytes.length];
      int copy = Math.min(tenth.length, out.length);
      System.arraycopy(tenth, tenth.length - copy, out, out.length - copy, copy);
      return InetAddress.getByAddress(out).getHostAddress();
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
