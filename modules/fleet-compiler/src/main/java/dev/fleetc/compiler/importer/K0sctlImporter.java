package dev.fleetc.compiler.importer;

import static dev.fleetc.compiler.importer.Imports.copy;
import static dev.fleetc.compiler.importer.Imports.list;
import static dev.fleetc.compiler.importer.Imports.map;
import static dev.fleetc.compiler.importer.Imports.string;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.model.Distribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole k0s cluster from its {@code k0sctl.yaml} ({@code k0sctl.k0sproject.io/v1beta1}, kind
 * {@code Cluster}): hosts become nodes, {@code spec.k0s.version} becomes {@code kubernetes} (and
 * {@code version} when the catalog pins another build), the ClusterConfig's api, network and
 * storage become the language's fields, and everything else goes to the {@code k0s} escape hatch.
 */
public final class K0sctlImporter {

  static final String API_VERSION_PREFIX = "k0sctl.k0sproject.io/";
  private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)}?");

  private final ReleaseCatalog catalog;
  private final ImportReport report;
  private String file;

  public K0sctlImporter(ReleaseCatalog catalog, ImportReport report) {
    this.catalog = catalog;
    this.report = report;
  }

  /** True when a parsed document is a k0sctl configuration. */
  static boolean isK0sctl(Object document) {
    Map<String, Object> doc = map(document);
    return doc != null
        && String.valueOf(doc.get("apiVersion")).startsWith(API_VERSION_PREFIX)
        && "cluster".equalsIgnoreCase(String.valueOf(doc.get("kind")));
  }

  /** True when a parsed document is a separate k0s ClusterConfig. */
  static boolean isClusterConfig(Object document) {
    Map<String, Object> doc = map(document);
    return doc != null
        && String.valueOf(doc.get("apiVersion")).startsWith("k0s.k0sproject.io/")
        && "clusterconfig".equalsIgnoreCase(String.valueOf(doc.get("kind")));
  }

  /** The Cluster document with a separate ClusterConfig merged into its {@code spec.k0s.config}. */
  static Map<String, Object> withConfig(Map<String, Object> cluster, Map<String, Object> config) {
    Map<String, Object> out = new LinkedHashMap<>(cluster);
    Map<String, Object> spec =
        new LinkedHashMap<>(Objects.requireNonNullElse(map(out.get("spec")), Map.of()));
    Map<String, Object> k0s =
        new LinkedHashMap<>(Objects.requireNonNullElse(map(spec.get("k0s")), Map.of()));
    Map<String, Object> merged =
        new LinkedHashMap<>(Objects.requireNonNullElse(map(k0s.get("config")), Map.of()));
    deepMerge(merged, config);
    k0s.put("config", merged);
    spec.put("k0s", k0s);
    out.put("spec", spec);
    return out;
  }

  /**
   * A ClusterConfig mapping without its {@code key: null} entries, at any depth. k0s reads a null
   * as a field it was not given: its pointer fields stay nil and take k0s's default (e.g. {@code
   * network.calico: null}, which {@code k0s config create} of k0s 1.21 to 1.24 writes, gets
   * DefaultCalico() when the provider is calico: k0s pkg/apis/k0s/v1beta1/network.go,
   * Network.UnmarshalJSON), so the key means what its absence means.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> withoutNulls(Map<String, Object> mapping) {
    Map<String, Object> out = new LinkedHashMap<>();
    mapping.forEach(
        (key, value) -> {
          if (value instanceof Map<?, ?> nested) {
            out.put(key, withoutNulls((Map<String, Object>) nested));
          } else if (value != null) {
            out.put(key, value);
          }
        });
    return out;
  }

  @SuppressWarnings("unchecked")
  private static void deepMerge(Map<String, Object> into, Map<String, Object> extra) {
    extra.forEach(
        (key, value) -> {
          if (into.get(key) instanceof Map<?, ?> current && value instanceof Map<?, ?> more) {
            Map<String, Object> merged = new LinkedHashMap<>((Map<String, Object>) current);
            deepMerge(merged, (Map<String, Object>) more);
            into.put(key, merged);
          } else {
            into.put(key, value);
          }
        });
  }

  /** The cluster entry of one k0sctl document, or empty after an error in the report. */
  public Optional<Map<String, Object>> cluster(String file, Map<String, Object> original) {
    this.file = file;
    Set<String> expansions = new java.util.TreeSet<>();
    Map<String, Object> doc = map(unescape(original, "", expansions));
    expansions.forEach(
        e ->
            report.notExpressed(
                file,
                "k0sctl expands "
                    + e
                    + " from its environment; fleetc writes '$' literally, so the imported"
                    + " value is the text, not the variable's value"));
    Map<String, Object> spec = map(doc.get("spec"));
    List<Object> hosts = spec == null ? null : list(spec.get("hosts"));
    if (hosts == null || hosts.isEmpty()) {
      report.error(
          report.located(file, "spec.hosts"),
          "the k0sctl configuration has no spec.hosts: list the cluster's machines there (k0sctl"
              + " refuses it too: \"at least one host required\")");
      return Optional.empty();
    }
    Map<String, Object> upgrades = options(map(spec.get("options")));
    Map<String, Object> metadata = map(doc.get("metadata"));
    String declared = metadata == null ? null : string(metadata.get("name"));
    String name = Imports.label(declared == null ? "k0s-cluster" : declared);
    if (declared != null && !declared.equals(name)) {
      report.changed(
          file,
          "cluster name '" + declared + "' is not a DNS-1123 label; imported as '" + name + "'");
    }
    if (metadata != null) {
      metadata.keySet().stream()
          .filter(key -> !key.equals("name"))
          .forEach(
              key ->
                  report.notExpressed(
                      file,
                      "metadata."
                          + key
                          + " '"
                          + metadata.get(key)
                          + "' is not imported"
                          + (key.equals("user")
                              ? " (the user k0sctl names in the kubeconfig it writes; fleetc"
                                  + " leaves k0sctl's default, admin)"
                              : "")));
    }
    Map<String, Object> cluster = new LinkedHashMap<>();
    cluster.put("name", name);
    cluster.put("distribution", "k0s");
    Map<String, Object> k0s = map(spec.get("k0s"));
    k0s = k0s == null ? new LinkedHashMap<>() : new LinkedHashMap<>(k0s);
    release(cluster, k0s.remove("version"));
    Map<String, Object> config = map(k0s.remove("config"));
    k0s.forEach(
        (key, value) ->
            report.notExpressed(
                file, "spec.k0s." + key + " is not expressed by the fleet language; not imported"));

    Map<String, Object> hatch = new LinkedHashMap<>();
    Map<String, Object> configHatch = new LinkedHashMap<>();
    Map<String, Object> datastore = new LinkedHashMap<>();
    Map<String, Object> network = new LinkedHashMap<>();
    clusterConfig(name, config, cluster, datastore, network, configHatch);
    K0sctlHosts hostImporter = new K0sctlHosts(file, name, report);
    List<Map<String, Object>> nodes = hostImporter.nodes(hosts);
    if (nodes.isEmpty()) {
      return Optional.empty();
    }
    if (!datastore.isEmpty()) {
      cluster.put("datastore", datastore);
    }
    if (!network.isEmpty()) {
      cluster.put("network", network);
    }
    K0sctlHosts.hoistSsh(cluster, nodes);
    Map<String, Object> sharedHost = K0sctlHosts.hoistHostFields(nodes);
    // The add-ons and GitOps engine are not in a k0sctl.yaml: none, so that compiling the import
    // adds nothing the cluster did not have (Helm extensions are kept in the escape hatch).
    cluster.put("gitops", new LinkedHashMap<>(Map.of("engine", "none")));
    Map<String, Object> addons = new LinkedHashMap<>();
    addons.put("ingress", "none");
    addons.put("storage", "none");
    addons.put("backup", "none");
    cluster.put("addons", addons);
    dropPasswords(configHatch, "");
    if (!configHatch.isEmpty()) {
      hatch.put("config", configHatch);
    }
    if (!sharedHost.isEmpty()) {
      hatch.put("hosts", sharedHost);
    }
    if (!hatch.isEmpty()) {
      cluster.put("k0s", hatch);
    }
    if (!upgrades.isEmpty()) {
      cluster.put("upgrades", upgrades);
    }
    cluster.put("nodes", nodes);
    report.clusterFrom(cluster, ImportOrigins.k0sctl(file));
    return Optional.of(cluster);
  }

  /**
   * k0sctl's own defaults for {@code spec.options} ({@code pkg/apis/k0sctl.k0sproject.io/v1beta1/
   * cluster/options.go}), which {@code k0sctl init} writes out. Durations as {@code k0sctl init}
   * spells them.
   */
  private static final Map<String, Set<String>> OPTION_DEFAULTS =
      Map.ofEntries(
          Map.entry("wait.enabled", Set.of("true")),
          Map.entry("drain.enabled", Set.of("true")),
          Map.entry("drain.gracePeriod", Set.of("2m0s", "120s", "2m")),
          Map.entry("drain.timeout", Set.of("5m0s", "300s", "5m")),
          Map.entry("drain.force", Set.of("true")),
          Map.entry("drain.ignoreDaemonSets", Set.of("true")),
          Map.entry("drain.deleteEmptyDirData", Set.of("true")),
          Map.entry("drain.podSelector", Set.of("")),
          Map.entry("drain.skipWaitForDeleteTimeout", Set.of("0s", "0")),
          Map.entry("concurrency.limit", Set.of("30")),
          Map.entry("concurrency.workerDisruptionPercent", Set.of("10")),
          Map.entry("concurrency.uploads", Set.of("5")),
          Map.entry("evictTaint.enabled", Set.of("false")),
          Map.entry("evictTaint.taint", Set.of("k0sctl.k0sproject.io/evict=true")),
          Map.entry("evictTaint.effect", Set.of("NoExecute")),
          Map.entry("evictTaint.controllerWorkers", Set.of("false")));

  /** The Go durations fleetc can say again: whole hours, minutes and seconds ({@code 5m0s}). */
  private static final Pattern GO_DURATION =
      Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,8})s)?");

  /**
   * {@code spec.options} as the cluster's {@code upgrades:} settings, which fleetc writes back into
   * {@code spec.options} (docs/targets/k0s.md): the drain settings (k0sctl's defaults when absent:
   * 5 minutes, force, which are not the fleet's), and the worker batch k0sctl's arithmetic gives
   * ({@code phase/upgrade_workers.go}: below 100 % one worker at a time; at 100 % the {@code
   * limit}). Anything else that is not k0sctl's default is reported: fleetc does not write it.
   *
   * @return the {@code upgrades} map, only the keys that differ from the fleet's defaults
   */
  private Map<String, Object> options(Map<String, Object> options) {
    Map<String, String> leaves = new java.util.TreeMap<>();
    if (options != null) {
      optionLeaves(options, "", leaves);
    }
    Map<String, Object> drain = new LinkedHashMap<>();
    String enabled = leaves.getOrDefault("drain.enabled", "true");
    if (enabled.equals("false")) {
      drain.put("enabled", false);
    }
    String timeout = leaves.getOrDefault("drain.timeout", "5m0s");
    Matcher m = GO_DURATION.matcher(timeout);
    if (!timeout.isEmpty() && m.matches()) {
      java.time.Duration d =
          java.time.Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
      if (!d.equals(java.time.Duration.ofMinutes(10))) {
        drain.put("timeout", dev.fleetc.model.Durations.format(d));
      }
      leaves.remove("drain.timeout");
    }
    if (leaves.getOrDefault("drain.force", "true").equals("true")) {
      drain.put("force", true);
    }
    if (leaves.getOrDefault("drain.deleteEmptyDirData", "true").equals("false")) {
      drain.put("deleteEmptyDirData", false);
    }
    leaves.remove("drain.enabled");
    leaves.remove("drain.force");
    leaves.remove("drain.deleteEmptyDirData");
    Map<String, Object> workers = new LinkedHashMap<>();
    String percent = leaves.getOrDefault("concurrency.workerDisruptionPercent", "10");
    String limit = leaves.getOrDefault("concurrency.limit", "30");
    if (percent.equals("100") && limit.matches("[1-9][0-9]{0,2}|1000")) {
      // min(workers, limit) at once: what fleetc writes back for concurrency: limit.
      leaves.remove("concurrency.workerDisruptionPercent");
      if (!limit.equals("1")) {
        workers.put("concurrency", Integer.parseInt(limit));
        leaves.remove("concurrency.limit");
      }
    } else if (percent.matches("[0-9]|[1-9][0-9]")) {
      leaves.remove("concurrency.workerDisruptionPercent"); // one worker at a time, as fleetc's 1
    }
    if (!drain.isEmpty()) {
      workers.put("drain", drain);
    }
    leaves.forEach(
        (key, value) -> {
          if (!OPTION_DEFAULTS.getOrDefault(key, Set.of()).contains(value)) {
            report.notExpressed(
                file,
                "spec.options."
                    + key
                    + " '"
                    + value
                    + "' is not imported: fleetc writes only the drain settings and the worker"
                    + " batch, so k0sctl uses its default");
          }
        });
    Map<String, Object> upgrades = new LinkedHashMap<>();
    if (!workers.isEmpty()) {
      upgrades.put("workers", workers);
    }
    return upgrades;
  }

  private static long group(Matcher m, int group) {
    return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
  }

  private static void optionLeaves(Object value, String path, Map<String, String> out) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (k, v) -> optionLeaves(v, path.isEmpty() ? String.valueOf(k) : path + "." + k, out));
    } else {
      out.put(path, value == null ? "" : String.valueOf(value));
    }
  }

  /**
   * The tree as k0sctl sees it after its environment expansion, for literal text: {@code $$}
   * becomes {@code $}. Expansions ({@code $NAME}, {@code ${NAME}}) are kept as written and listed,
   * except in the kine data source and the version, which are handled where they are read.
   */
  private static Object unescape(Object value, String key, Set<String> expansions) {
    if (value instanceof String text) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < text.length(); i++) {
        char ch = text.charAt(i);
        if (ch == '$' && i + 1 < text.length() && text.charAt(i + 1) == '$') {
          out.append('$');
          i++;
          continue;
        }
        if (ch == '$' && !key.equals("dataSource") && !key.equals("version")) {
          Matcher m = ENV_REFERENCE.matcher(text).region(i, text.length());
          if (m.lookingAt()) {
            expansions.add(m.group());
          }
        }
        out.append(ch);
      }
      return out.toString();
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, v) ->
              out.put(
                  (String) unescape(String.valueOf(k), "", expansions),
                  unescape(v, String.valueOf(k), expansions)));
      return out;
    }
    if (value instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(v -> out.add(unescape(v, key, expansions)));
      return out;
    }
    return value;
  }

  /** Passwords (Helm repositories) have no reference in the ClusterConfig: never copied. */
  @SuppressWarnings("unchecked")
  private void dropPasswords(Object node, String path) {
    if (node instanceof Map<?, ?> m) {
      Map<String, Object> map = (Map<String, Object>) m;
      if (map.get("password") != null && !String.valueOf(map.get("password")).isEmpty()) {
        map.remove("password");
        report.secret(
            file,
            "k0s.config "
                + path
                + "password is a secret the fleet cannot reference in k0sctl.yaml; not imported:"
                + " use a repository without a password, or deliver the chart through GitOps");
      }
      map.forEach((k, v) -> dropPasswords(v, path + k + "."));
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        dropPasswords(
            list.get(i),
            path.isEmpty()
                ? "[" + i + "]."
                : path.substring(0, path.length() - 1) + "[" + i + "].");
      }
    }
  }

  /** A k0s build as k0sctl accepts it: with or without the leading {@code v}. */
  private static final Pattern UNPREFIXED_K0S_BUILD =
      Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+(-[0-9A-Za-z.-]+)?\\+k0s\\.[0-9]+");

  private void release(Map<String, Object> cluster, Object version) {
    String build = string(version);
    if (build != null) {
      build = build.strip();
      // k0sctl reads '1.23.3+k0s.1' as v1.23.3+k0s.1 (its version parser takes both spellings).
      if (UNPREFIXED_K0S_BUILD.matcher(build).matches()) {
        build = "v" + build;
      }
    }
    Optional<Map<String, Object>> release =
        build == null || build.contains("$")
            ? Optional.empty()
            : Imports.release(catalog, Distribution.K0S, build);
    if (release.isPresent()) {
      cluster.putAll(release.get());
      return;
    }
    String minor = Imports.newestMinor(catalog, Distribution.K0S);
    cluster.put("kubernetes", minor);
    report.chosen(
        file,
        (build == null
                ? "no spec.k0s.version"
                : "spec.k0s.version '" + build + "' names no release")
            + "; imported as kubernetes \""
            + minor
            + "\" (the catalog's newest k0s line): set the version the cluster runs");
  }

  private void clusterConfig(
      String name,
      Map<String, Object> config,
      Map<String, Object> cluster,
      Map<String, Object> datastore,
      Map<String, Object> network,
      Map<String, Object> hatch) {
    Map<String, Object> spec = config == null ? null : map(config.get("spec"));
    spec = spec == null ? new LinkedHashMap<>() : withoutNulls(spec);
    Map<String, Object> metadata = config == null ? null : map(config.get("metadata"));
    String configName = metadata == null ? null : string(metadata.get("name"));
    if (configName != null && !configName.equals(cluster.get("name"))) {
      report.notExpressed(
          file,
          "the ClusterConfig is named '" + configName + "'; fleetc names it after the cluster");
    }
    Map<String, Object> api = map(spec.remove("api"));
    if (api != null) {
      api = new LinkedHashMap<>(api);
      String external = string(api.remove("externalAddress"));
      Set<String> sans = new LinkedHashSet<>();
      List<Object> listed = list(api.remove("sans"));
      if (listed != null) {
        listed.forEach(s -> sans.add(String.valueOf(s)));
      }
      if (external != null) {
        cluster.put("apiEndpoint", external);
        sans.remove(external);
      }
      if (!sans.isEmpty()) {
        cluster.put("sans", new ArrayList<>(sans));
      }
      String address = string(api.remove("address"));
      if (address != null) {
        report.derived(
            file,
            "ClusterConfig spec.api.address '"
                + address
                + "' is not imported: k0sctl sets api.address on each controller to its"
                + " privateAddress, or its address when it has none; give the controller that"
                + " privateAddress if the API must be advertised there");
      }
      if (!api.isEmpty()) {
        hatch.put("api", api);
      }
    }
    Map<String, Object> net = map(spec.remove("network"));
    if (net != null) {
      net = new LinkedHashMap<>(net);
      String provider = string(net.remove("provider"));
      if (provider != null && !provider.equals("kuberouter")) {
        // k0s's providers: kuberouter (its default), calico, custom (a CNI the user deploys).
        if (Set.of("calico", "custom").contains(provider)) {
          network.put("provider", provider);
        } else {
          hatch.computeIfAbsent("network", k -> new LinkedHashMap<>());
          map(hatch.get("network")).put("provider", provider);
          report.notExpressed(file, "network provider '" + provider + "' kept in k0s.config");
        }
      }
      copy(net, "podCIDR", network, "podCIDR");
      copy(net, "serviceCIDR", network, "serviceCIDR");
      Map<String, Object> dualStack = map(net.get("dualStack"));
      if (dualStack != null
          && Boolean.TRUE.equals(dualStack.get("enabled"))
          && Set.of("enabled", "IPv6podCIDR", "IPv6serviceCIDR").equals(dualStack.keySet())) {
        // k0s's IPv6 ranges beside the IPv4 ones: the language's pairs (docs/dual-stack.md).
        net.remove("dualStack");
        network.put(
            "podCIDR",
            List.of(
                String.valueOf(network.getOrDefault("podCIDR", "10.244.0.0/16")),
                String.valueOf(dualStack.get("IPv6podCIDR"))));
        network.put(
            "serviceCIDR",
            List.of(
                String.valueOf(network.getOrDefault("serviceCIDR", "10.96.0.0/12")),
                String.valueOf(dualStack.get("IPv6serviceCIDR"))));
      }
      Map<String, Object> nllb = map(net.get("nodeLocalLoadBalancing"));
      if (nllb != null
          && Boolean.TRUE.equals(nllb.get("enabled"))
          && Set.of("enabled", "type").containsAll(nllb.keySet())
          && "EnvoyProxy".equals(nllb.getOrDefault("type", "EnvoyProxy"))) {
        net.remove("nodeLocalLoadBalancing");
        network.put("nodeLocalLoadBalancing", true);
      }
      if (!net.isEmpty()) {
        Map<String, Object> rest = new LinkedHashMap<>(net);
        Map<String, Object> existing = map(hatch.get("network"));
        if (existing != null) {
          rest.putAll(existing);
        }
        hatch.put("network", rest);
      }
    }
    Object podSecurityPolicy = spec.remove("podSecurityPolicy");
    if (podSecurityPolicy != null) {
      report.removedUpstream(
          file,
          "ClusterConfig spec.podSecurityPolicy "
              + podSecurityPolicy
              + " is not imported: PodSecurityPolicy was removed in Kubernetes 1.25 and the"
              + " pinned k0s ClusterConfig has no such key; use Pod Security Admission");
    }
    storage(name, map(spec.remove("storage")), datastore, hatch);
    Map<String, Object> telemetry = map(spec.remove("telemetry"));
    // fleetc always writes telemetry.enabled: false; k0s's default is true.
    if (telemetry == null
        || !Boolean.FALSE.equals(telemetry.get("enabled"))
        || telemetry.size() > 1) {
      report.changed(
          file,
          "k0s telemetry is "
              + (telemetry == null ? "on by k0s's default" : "configured " + telemetry)
              + "; fleetc switches it off");
    }
    hatch.putAll(spec);
  }

  /**
   * k0s's kine data source when none is given, for the data dir /var/lib/k0s: k0s {@code
   * pkg/apis/k0s/v1beta1/storage.go} {@code DefaultKineConfig}, and its spelling before 1.2x.
   */
  static final Set<String> K0S_DEFAULT_SQLITE =
      Set.of(
          "sqlite://file:/var/lib/k0s/db/state.db?mode=rwc&_journal=WAL",
          "sqlite:///var/lib/k0s/db/state.db?mode=rwc&_journal=WAL&cache=shared");

  private void storage(
      String name,
      Map<String, Object> storage,
      Map<String, Object> datastore,
      Map<String, Object> hatch) {
    if (storage == null) {
      return; // k0s's default: etcd, as the language's for k0s.
    }
    storage = new LinkedHashMap<>(storage);
    String type = Objects.toString(storage.remove("type"), "etcd");
    if (type.equals("etcd")) {
      datastore.put("type", "etcd");
      Map<String, Object> etcd = map(storage.remove("etcd"));
      etcd = etcd == null ? new LinkedHashMap<>() : new LinkedHashMap<>(etcd);
      String peerAddress = string(etcd.remove("peerAddress"));
      if (peerAddress != null) {
        report.derived(
            file,
            "ClusterConfig spec.storage.etcd.peerAddress '"
                + peerAddress
                + "' is not imported: k0s takes each controller's etcd peer address from its"
                + " privateAddress (api.address); give the controller that privateAddress if etcd"
                + " must listen there");
      }
      Object external = etcd.remove("externalCluster");
      if (external != null) {
        // An etcd k0s does not run: the one storage key the escape hatch takes on etcd.
        hatch.put("storage", Map.of("etcd", Map.of("externalCluster", external)));
      }
      if (!etcd.isEmpty() || !storage.isEmpty()) {
        report.notExpressed(
            file,
            "ClusterConfig spec.storage settings "
                + etcd.keySet()
                + storage.keySet()
                + " are not imported: fleetc writes storage from the datastore");
      }
      return;
    }
    if (!type.equals("kine")) {
      report.notExpressed(file, "storage type '" + type + "' kept in k0s.config.storage");
      storage.put("type", type);
      hatch.put("storage", storage);
      return;
    }
    Map<String, Object> kine = map(storage.remove("kine"));
    kine = kine == null ? new LinkedHashMap<>() : new LinkedHashMap<>(kine);
    String source = string(kine.remove("dataSource"));
    if (source == null || source.startsWith("sqlite:")) {
      datastore.put("type", "sqlite");
      if (source != null && !K0S_DEFAULT_SQLITE.contains(source)) {
        // The SQLite file of a running controller: kept where it is, or k0s would start on an
        // empty datastore at its default location.
        hatch.put("storage", Map.of("kine", Map.of("dataSource", source)));
      }
    } else {
      datastore.put("type", "postgres");
      Matcher env = ENV_REFERENCE.matcher(source);
      String variable;
      if (env.matches()) {
        variable = env.group(1);
      } else {
        variable = Imports.variable(name, "DATASOURCE");
        report.secret(
            file,
            "the kine dataSource is written inline; it became {secretRef: env:"
                + variable
                + "}: set "
                + variable
                + " to it where k0sctl runs");
        if (!source.startsWith("postgres")) {
          report.notExpressed(
              file, "kine dataSource is not PostgreSQL; fleetc supports postgres only");
        }
      }
      datastore.put("endpoint", Imports.secretRef("env:" + variable));
    }
    if (!kine.isEmpty() || !storage.isEmpty()) {
      report.notExpressed(
          file,
          "storage settings besides the kine dataSource are not imported: "
              + kine.keySet()
              + storage.keySet());
    }
  }
}
