package dev.fleetc.compiler.k0s;

import dev.fleetc.compiler.catalog.K0sConfigSchema;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.Network;
import dev.fleetc.model.Node;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks what only k0s (through k0sctl) cares about: how fleet roles become k0sctl roles, the SSH
 * settings of every host, node-local load balancing, the datastore reference k0sctl can expand, and
 * the k0s escape hatch ({@code k0s.config} against the ClusterConfig structure, {@code k0s.hosts}
 * and a node's {@code k0s.host} against k0sctl's host fields, which k0sctl parses strictly).
 */
final class K0sChecks {

  /** k0sctl host fields and the kind of value each takes. */
  private enum Kind {
    STRING,
    BOOL,
    STRINGS,
    STRING_MAP,
    LIST,
    MAP
  }

  private static final Map<String, Kind> HOST_FIELDS = new LinkedHashMap<>();

  static {
    HOST_FIELDS.put("privateInterface", Kind.STRING);
    HOST_FIELDS.put("dataDir", Kind.STRING);
    HOST_FIELDS.put("kubeletRootDir", Kind.STRING);
    HOST_FIELDS.put("environment", Kind.STRING_MAP);
    HOST_FIELDS.put("installFlags", Kind.STRINGS);
    HOST_FIELDS.put("uploadBinary", Kind.BOOL);
    HOST_FIELDS.put("k0sBinaryPath", Kind.STRING);
    HOST_FIELDS.put("k0sInstallPath", Kind.STRING);
    HOST_FIELDS.put("k0sDownloadURL", Kind.STRING);
    HOST_FIELDS.put("useExistingK0s", Kind.BOOL);
    HOST_FIELDS.put("files", Kind.LIST);
    HOST_FIELDS.put("hooks", Kind.MAP);
    HOST_FIELDS.put("os", Kind.STRING);
    HOST_FIELDS.put("noTaints", Kind.BOOL);
    HOST_FIELDS.put("reset", Kind.BOOL);
  }

  /** Host fields fleetc writes from the fleet language. */
  static final Map<String, String> MANAGED_HOST_FIELDS =
      Map.of(
          "role", "the node's role and 'schedulable'",
          "ssh", "the ssh settings",
          "openSSH", "the ssh settings",
          "winRM", "nothing: k0s controllers and fleetc nodes are Linux machines",
          "localhost", "the ssh settings",
          "privateAddress", "the node's privateAddress",
          "hostname", "the node's name");

  /** ClusterConfig spec paths fleetc writes from the fleet language. */
  static final Map<String, String> MANAGED_CONFIG =
      Map.of(
          "api.address", "nothing: k0sctl sets it per controller",
          "api.externalAddress", "apiEndpoint",
          "api.sans", "apiEndpoint and sans",
          "storage", "datastore",
          "network.provider", "network.provider",
          "network.podCIDR", "network.podCIDR",
          "network.serviceCIDR", "network.serviceCIDR",
          "network.nodeLocalLoadBalancing", "network.nodeLocalLoadBalancing",
          "telemetry", "nothing: fleetc keeps telemetry off");

  private static final List<String> ROLE_FLAGS =
      List.of("--single", "--enable-worker", "--no-taints");

  private static final java.util.regex.Pattern USER =
      java.util.regex.Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");

  private final String name;
  private final Settings settings;
  private final List<Node> nodes;
  private final String apiEndpoint;
  private final Network network;
  private final Diagnostics diagnostics;

  K0sChecks(ClusterParts cluster) {
    this.name = cluster.name();
    this.settings = cluster.settings();
    this.nodes = cluster.nodes();
    this.apiEndpoint = cluster.apiEndpoint();
    this.network = cluster.network();
    this.diagnostics = cluster.diagnostics();
  }

  void check() {
    Map<String, Settings> nodeEntries = nodeEntries(settings);
    for (Map.Entry<String, Settings> e : nodeEntries.entrySet()) {
      Settings node = e.getValue();
      boolean worker = node.string("role").filter("worker"::equals).isPresent();
      if (worker && node.bool("schedulable").isPresent()) {
        diagnostics.error(
            ErrorCode.K0S_ROLE,
            node.position("schedulable"),
            "node '" + e.getKey() + "' is a worker: 'schedulable' is for control-plane nodes",
            "workers always run workloads; remove the field");
      }
    }
    if (nodes.isEmpty()) {
      return;
    }
    checkSsh(nodeEntries);
    checkRoles(nodeEntries);
    checkHosts(nodeEntries);
    checkConfig();
    checkLoadBalancing();
    checkDatastore();
  }

  /** The cluster's node entries by name (the first of a duplicated name), as settings. */
  static Map<String, Settings> nodeEntries(Settings settings) {
    Map<String, Settings> out = new LinkedHashMap<>();
    settings
        .node("nodes")
        .filter(YSeq.class::isInstance)
        .map(YSeq.class::cast)
        .ifPresent(
            seq ->
                seq.items().stream()
                    .filter(YMap.class::isInstance)
                    .map(i -> new Settings((YMap) i, settings.diagnostics()))
                    .forEach(s -> s.string("name").ifPresent(n -> out.putIfAbsent(n, s))));
    return out;
  }

  private Optional<Node> node(String nodeName) {
    return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
  }

  private void checkSsh(Map<String, Settings> entries) {
    entries.forEach(
        (nodeName, node) -> {
          for (String path : List.of("ssh.user", "ssh.bastion.user")) {
            Settings from = node.string(path).isPresent() ? node : settings;
            from.string(path)
                .filter(u -> !USER.matcher(u).matches())
                .ifPresent(
                    u ->
                        diagnostics.error(
                            ErrorCode.K0S_SSH,
                            from.position(path),
                            "'" + u + "' is not a valid SSH user name (node '" + nodeName + "')",
                            "a Linux user name: lower-case letters, digits, '_', '-', '.', at most"
                                + " 32 characters"));
          }
          for (String path : List.of("ssh.keyPath", "ssh.bastion.keyPath")) {
            Settings from = node.string(path).isPresent() ? node : settings;
            from.string(path)
                .filter(k -> !k.startsWith("/") && !k.startsWith("~"))
                .ifPresent(
                    k ->
                        diagnostics.error(
                            ErrorCode.K0S_SSH,
                            from.position(path),
                            "SSH key path '"
                                + k
                                + "' of node '"
                                + nodeName
                                + "' is relative: it would depend on where k0sctl is run",
                            "write an absolute path or one starting with ~/"));
          }
        });
  }

  private void checkRoles(Map<String, Settings> entries) {
    entries.forEach(
        (nodeName, entry) ->
            node(nodeName)
                .filter(n -> K0sctlRole.of(nodes, n).equals("controller"))
                .filter(n -> !n.labels().isEmpty() || !n.taints().isEmpty())
                .ifPresent(
                    n ->
                        diagnostics.error(
                            ErrorCode.K0S_ROLE,
                            entry.position(n.labels().isEmpty() ? "taints" : "labels"),
                            "node '"
                                + nodeName
                                + "' is a k0s controller: it runs no kubelet, so it has no node"
                                + " labels or taints",
                            "remove them, or make it 'schedulable: true' (controller+worker)")));
  }

  private void checkHosts(Map<String, Settings> entries) {
    Optional<YMap> shared =
        settings.node("k0s.hosts").filter(YMap.class::isInstance).map(YMap.class::cast);
    shared.ifPresent(
        hosts -> {
          checkHostFields(hosts, "k0s.hosts");
          hosts
              .entry("reset")
              .ifPresent(
                  e ->
                      diagnostics.error(
                          ErrorCode.K0S_HOST_FIELD,
                          e.keyPosition(),
                          "'reset' in k0s.hosts would uninstall k0s from every host of '"
                              + name
                              + "'",
                          "set it on the one node to remove: k0s: {host: {reset: true}}"));
          hosts
              .entry("noTaints")
              .filter(e -> isTrue(e.value()))
              .ifPresent(
                  e -> {
                    List<String> others =
                        nodes.stream()
                            .filter(n -> !K0sctlRole.of(nodes, n).equals("controller+worker"))
                            .map(Node::name)
                            .toList();
                    if (!others.isEmpty()) {
                      noTaintsError(e, String.join(", ", others));
                    }
                  });
        });
    List<String> resetControllers = new ArrayList<>();
    entries.forEach(
        (nodeName, entry) ->
            entry
                .node("k0s.host")
                .filter(YMap.class::isInstance)
                .map(YMap.class::cast)
                .ifPresent(
                    host -> {
                      checkHostFields(host, "k0s.host");
                      Optional<Node> node = node(nodeName);
                      host.entry("noTaints")
                          .filter(e -> isTrue(e.value()))
                          .filter(
                              e ->
                                  node.isPresent()
                                      && !K0sctlRole.of(nodes, node.get())
                                          .equals("controller+worker"))
                          .ifPresent(e -> noTaintsError(e, nodeName));
                      if (host.entry("reset").filter(e -> isTrue(e.value())).isPresent()
                          && node.filter(Node::isControlPlane).isPresent()) {
                        resetControllers.add(nodeName);
                      }
                    }));
    long controllers = nodes.stream().filter(Node::isControlPlane).count();
    if (controllers > 0 && resetControllers.size() == controllers) {
      diagnostics.error(
          ErrorCode.K0S_HOST_FIELD,
          entries.get(resetControllers.get(0)).position("k0s.host.reset"),
          "every controller of '" + name + "' is marked 'reset': the cluster would be destroyed",
          "remove controllers one at a time; to tear the cluster down run 'k0sctl reset'");
    }
  }

  private void noTaintsError(YMap.Entry entry, String nodesText) {
    diagnostics.error(
        ErrorCode.K0S_ROLE,
        entry.keyPosition(),
        "'noTaints' only goes with controller+worker hosts; not: " + nodesText,
        "make a control-plane node 'schedulable: true' instead: it becomes controller+worker"
            + " without the control-plane taint");
  }

  private void checkHostFields(YMap host, String where) {
    for (YMap.Entry e : host.entries()) {
      String key = e.key();
      if (MANAGED_HOST_FIELDS.containsKey(key)) {
        diagnostics.error(
            ErrorCode.K0S_HOST_FIELD,
            e.keyPosition(),
            "'" + key + "' is set by fleetc from " + MANAGED_HOST_FIELDS.get(key),
            "set it through the fleet language instead of " + where);
        continue;
      }
      Kind kind = HOST_FIELDS.get(key);
      if (kind == null) {
        diagnostics.error(
            ErrorCode.K0S_HOST_FIELD,
            e.keyPosition(),
            "k0sctl hosts have no field '" + key + "' (k0sctl rejects unknown fields)",
            Suggestions.closest(key, HOST_FIELDS.keySet())
                .map(c -> "did you mean '" + c + "'?")
                .orElse("known fields: " + String.join(", ", HOST_FIELDS.keySet())));
        continue;
      }
      if (!fits(e.value(), kind)) {
        diagnostics.error(
            ErrorCode.K0S_HOST_FIELD,
            e.value().position(),
            "k0sctl host field '"
                + key
                + "' takes "
                + describe(kind)
                + ", not "
                + e.value().describe(),
            "see the k0sctl host reference");
        continue;
      }
      if (key.equals("installFlags")) {
        for (YNode flag : ((YSeq) e.value()).items()) {
          String text = ((YScalar) flag).text();
          ROLE_FLAGS.stream()
              .filter(f -> text.equals(f) || text.startsWith(f + "="))
              .findFirst()
              .ifPresent(
                  f ->
                      diagnostics.error(
                          ErrorCode.K0S_ROLE,
                          flag.position(),
                          "install flag '" + f + "' silently rewrites the host's k0sctl role",
                          "a lone control-plane node becomes 'single' by itself; use"
                              + " 'schedulable: true' for controller+worker without taints"));
        }
      }
    }
  }

  private static boolean fits(YNode value, Kind kind) {
    return switch (kind) {
      case STRING -> value instanceof YScalar s && !s.isNull();
      case BOOL -> value instanceof YScalar s && s.type() == YScalar.Type.BOOL;
      case STRINGS ->
          value instanceof YSeq seq
              && seq.items().stream().allMatch(i -> i instanceof YScalar s && !s.isNull());
      case STRING_MAP ->
          value instanceof YMap map
              && map.entries().stream()
                  .allMatch(e -> e.value() instanceof YScalar s && !s.isNull());
      case LIST -> value instanceof YSeq;
      case MAP -> value instanceof YMap;
    };
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case STRING -> "a string";
      case BOOL -> "true or false";
      case STRINGS -> "a list of strings";
      case STRING_MAP -> "a mapping of strings";
      case LIST -> "a list";
      case MAP -> "a mapping";
    };
  }

  private static boolean isTrue(YNode value) {
    return value instanceof YScalar s
        && s.type() == YScalar.Type.BOOL
        && Settings.parseBool(s.text());
  }

  private void checkConfig() {
    Optional<YNode> config = settings.node("k0s.config");
    if (config.isEmpty()) {
      return;
    }
    if (config.get() instanceof YMap map) {
      for (String path : MANAGED_CONFIG.keySet()) {
        find(map, path)
            .ifPresent(
                at ->
                    diagnostics.error(
                        ErrorCode.K0S_CONFIG,
                        at,
                        "ClusterConfig spec."
                            + path
                            + " is set by fleetc from "
                            + MANAGED_CONFIG.get(path),
                        "set it through the fleet language instead of k0s.config"));
      }
      findSecrets(map, "");
    }
    for (K0sConfigSchema.Problem p : K0sConfigSchema.check(config.get(), "")) {
      diagnostics.error(ErrorCode.K0S_CONFIG, p.at(), p.message(), p.hint());
    }
  }

  private static Optional<SourcePosition> find(YMap map, String path) {
    int dot = path.indexOf('.');
    String head = dot < 0 ? path : path.substring(0, dot);
    Optional<YMap.Entry> entry = map.entry(head);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    if (dot < 0) {
      return Optional.of(entry.get().keyPosition());
    }
    return entry.get().value() instanceof YMap child
        ? find(child, path.substring(dot + 1))
        : Optional.empty();
  }

  /** Passwords in the ClusterConfig (Helm repositories) would be committed in k0sctl.yaml. */
  private void findSecrets(YNode node, String path) {
    if (node instanceof YMap map) {
      for (YMap.Entry e : map.entries()) {
        if (e.key().equals("password")
            && e.value() instanceof YScalar s
            && !s.isNull()
            && !s.text().isEmpty()) {
          diagnostics.error(
              ErrorCode.INLINE_SECRET,
              e.value().position(),
              "k0s.config " + path + e.key() + " would put a secret into k0sctl.yaml",
              "use a repository that needs no password, or deliver the chart through GitOps");
        }
        findSecrets(e.value(), path + e.key() + ".");
      }
    } else if (node instanceof YSeq seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        findSecrets(
            seq.items().get(i), path.substring(0, Math.max(0, path.length() - 1)) + "[" + i + "].");
      }
    }
  }

  private void checkLoadBalancing() {
    if (network == null || !network.nodeLocalLoadBalancing()) {
      return;
    }
    SourcePosition at = settings.position("network.nodeLocalLoadBalancing");
    if (apiEndpoint != null) {
      diagnostics.error(
          ErrorCode.K0S_LOAD_BALANCING,
          at,
          "cluster '"
              + name
              + "' has both an apiEndpoint and node-local load balancing: k0s refuses"
              + " externalAddress together with nodeLocalLoadBalancing",
          "drop apiEndpoint (list the name under 'sans' if clients use it), or switch"
              + " node-local load balancing off");
    }
    if (nodes.size() == 1) {
      diagnostics.error(
          ErrorCode.K0S_LOAD_BALANCING,
          at,
          "cluster '" + name + "' is a single k0s node: node-local load balancing does not apply",
          "remove network.nodeLocalLoadBalancing");
    } else if (nodes.stream().filter(Node::isControlPlane).count() == 1) {
      diagnostics.error(
          ErrorCode.K0S_LOAD_BALANCING,
          at,
          "cluster '" + name + "' has one controller: there is nothing to balance over",
          "use 3 control-plane nodes, or remove network.nodeLocalLoadBalancing");
    }
  }

  private void checkDatastore() {
    settings
        .secret("datastore.endpoint")
        .filter(ref -> ref.scheme() == SecretRef.Scheme.FILE)
        .ifPresent(
            ref ->
                diagnostics.error(
                    ErrorCode.K0S_SECRET_SCHEME,
                    settings.position("datastore.endpoint"),
                    "k0sctl can only read the datastore endpoint from an environment variable, not "
                        + ref,
                    "use {secretRef: env:NAME}; export NAME=\"$(cat "
                        + ref.name()
                        + ")\" before k0sctl apply"));
  }
}
