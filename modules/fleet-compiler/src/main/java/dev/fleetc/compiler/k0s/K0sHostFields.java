package dev.fleetc.compiler.k0s;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.schema.ShapeChecker;
import dev.fleetc.compiler.values.SafePaths;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.Node;
import dev.fleetc.model.SecretRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The k0sctl host fields of the escape hatch ({@code k0s.hosts} for every host, a node's {@code
 * k0s.host} for one): known fields only (k0sctl parses strictly) with values of the right kind,
 * none that fleetc writes itself, no install flag or {@code noTaints} that would change a host's
 * role behind the fleet's back, and no {@code reset} that would remove every controller.
 */
final class K0sHostFields {

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

  /** Host fields that are folders on the node, held to the node-path grammar (FLEET-E075). */
  private static final java.util.Set<String> NODE_PATH_FIELDS =
      java.util.Set.of("dataDir", "kubeletRootDir");

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

  private static final List<String> ROLE_FLAGS =
      List.of("--single", "--enable-worker", "--no-taints");

  private final String name;
  private final Settings settings;
  private final List<Node> nodes;
  private final Diagnostics diagnostics;

  K0sHostFields(ClusterParts cluster) {
    this.name = cluster.name();
    this.settings = cluster.settings();
    this.nodes = cluster.nodes();
    this.diagnostics = cluster.diagnostics();
  }

  private Optional<Node> node(String nodeName) {
    return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
  }

  void check(Map<String, Settings> entries) {
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
                        nodes.stream().filter(n -> !n.schedulable()).map(Node::name).toList();
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
                          .filter(e -> node.isPresent() && !node.get().schedulable())
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
        "'noTaints' only goes with schedulable controller+worker hosts; not: " + nodesText,
        "make a control-plane node 'schedulable: true' instead: it becomes controller+worker"
            + " without the control-plane taint ('worker: true' keeps the taint)");
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
            Suggestions.didYouMean(key, HOST_FIELDS.keySet())
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
      if (NODE_PATH_FIELDS.contains(key)) {
        // Where k0s keeps its state, and the host folder Velero's node agent mounts: a path.
        SafePaths.checkNode(key, ((YScalar) e.value()).text(), "/var/lib/k0s")
            .ifPresent(problem -> problem.report(diagnostics, e.value().position()));
      }
      if (key.equals("environment")) {
        checkEnvironmentSecrets((YMap) e.value(), where + ".environment");
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

  /**
   * An environment value may be a secret reference, which k0sctl expands from its own environment
   * ({@code ${NAME}}): an {@code env:} one only, as for the datastore endpoint.
   */
  private void checkEnvironmentSecrets(YMap environment, String where) {
    for (YMap.Entry e : environment.entries()) {
      if (!(e.value() instanceof YMap)) {
        continue;
      }
      ShapeChecker.parseSecret(e.value(), where + "." + e.key(), diagnostics)
          .filter(ref -> ref.scheme() != SecretRef.Scheme.ENV)
          .ifPresent(
              ref ->
                  diagnostics.error(
                      ErrorCode.K0S_SECRET_SCHEME,
                      e.value().position(),
                      "k0sctl can only read "
                          + where
                          + "."
                          + e.key()
                          + " from an environment variable, not "
                          + ref,
                      "use {secretRef: env:NAME}; export NAME=\"$(cat "
                          + ref.name()
                          + ")\" before k0sctl apply"));
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
                  .allMatch(
                      e ->
                          (e.value() instanceof YScalar s && !s.isNull())
                              || e.value() instanceof YMap);
      case LIST -> value instanceof YSeq;
      case MAP -> value instanceof YMap;
    };
  }

  private static String describe(Kind kind) {
    return switch (kind) {
      case STRING -> "a string";
      case BOOL -> "true or false";
      case STRINGS -> "a list of strings";
      case STRING_MAP -> "a mapping of strings (or {secretRef: env:NAME})";
      case LIST -> "a list";
      case MAP -> "a mapping";
    };
  }

  private static boolean isTrue(YNode value) {
    return value instanceof YScalar s
        && s.type() == YScalar.Type.BOOL
        && Settings.parseBool(s.text());
  }
}
