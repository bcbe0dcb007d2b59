package dev.fleetc.compiler.k3s;

import dev.fleetc.compiler.catalog.K3sFlags;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.values.Problem;
import dev.fleetc.compiler.values.SafePaths;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The K3s escape hatch ({@code k3s: {server: {...}, agent: {...}}}): every key is checked against
 * the real key set of its role (an agent exits on a server key) and converted to its K3s type.
 */
final class K3sEscapeHatch {

  /** K3s keys fleetc sets itself from modelled fields; the escape hatch may not set them. */
  static final Map<String, String> MANAGED =
      Map.ofEntries(
          Map.entry("cluster-init", "datastore.type and the node order"),
          Map.entry("server", "apiEndpoint"),
          Map.entry("token-file", "token"),
          Map.entry("agent-token-file", "agentToken"),
          Map.entry("advertise-address", "the server's privateAddress"),
          Map.entry("cluster-cidr", "network.podCIDR"),
          Map.entry("service-cidr", "network.serviceCIDR"),
          Map.entry("node-name", "the node's name"),
          Map.entry("node-ip", "the node's privateAddress"),
          Map.entry("node-external-ip", "the node's address"),
          Map.entry("node-label", "the node's labels"),
          Map.entry("node-taint", "the node's taints"),
          Map.entry("tls-san", "apiEndpoint and sans"),
          Map.entry("config", "nothing: it does nothing inside a config file"));

  /** K3s keys whose values are secrets; they never go into a generated file. */
  static final Set<String> SECRET_KEYS =
      Set.of(
          "token",
          "t",
          "agent-token",
          "datastore-endpoint",
          "etcd-s3-access-key",
          "etcd-s3-secret-key",
          "etcd-s3-session-token",
          "vpn-auth");

  private K3sEscapeHatch() {}

  /** Checks K3s escape-hatch keys against the role's real key set and converts their values. */
  static Optional<Map<String, Object>> check(
      Settings settings, String path, K3sFlags flags, String role, Diagnostics diagnostics) {
    Optional<YNode> node = settings.node(path);
    if (node.isEmpty() || !(node.get() instanceof YMap map)) {
      return Optional.empty();
    }
    Map<String, Object> out = new TreeMap<>();
    for (YMap.Entry e : map.entries()) {
      String key = e.key();
      if (SECRET_KEYS.contains(key)) {
        dev.fleetc.compiler.schema.ShapeChecker.markSecret(e.value(), diagnostics);
        diagnostics.error(
            ErrorCode.INLINE_SECRET,
            e.keyPosition(),
            "'" + key + "' would put a secret into a committed config file",
            key.equals("datastore-endpoint")
                ? "use 'datastore: {type: postgres, endpoint: {secretRef: env:NAME}}'"
                : "use 'token: {secretRef: ...}'; scripts read secrets at install time");
        continue;
      }
      if (MANAGED.containsKey(key)) {
        diagnostics.error(
            ErrorCode.ESCAPE_HATCH,
            e.keyPosition(),
            "'" + key + "' is set by fleetc from " + MANAGED.get(key),
            "set it through the fleet language instead of the escape hatch");
        continue;
      }
      Optional<K3sFlags.Flag> flag =
          flags.flag(key.endsWith("+") ? key.substring(0, key.length() - 1) : key);
      if (flag.isEmpty()) {
        Optional<String> close = Suggestions.closest(key, flags.all().keySet());
        boolean serverOnly = role.equals("agent") && K3sFlags.server().flag(key).isPresent();
        diagnostics.error(
            ErrorCode.ESCAPE_HATCH,
            e.keyPosition(),
            "K3s " + role + "s do not accept '" + key + "'",
            serverOnly
                ? "'" + key + "' is a server key: an agent exits on it; put it under k3s.server"
                : close
                    .map(c -> "did you mean '" + c + "'?")
                    .orElse("see k3s " + role + " --help"));
        continue;
      }
      if (!flag.get().status().equals("-")) {
        diagnostics.warning(
            ErrorCode.ESCAPE_HATCH_STATUS,
            e.keyPosition(),
            "K3s key '" + key + "' is " + flag.get().status(),
            "check that the installed K3s version still honours it");
      }
      Optional<Object> value = value(e.value(), flag.get(), diagnostics);
      if (value.isPresent()
          && flag.get().canonical().equals("data-dir")
          && value.get() instanceof String dir) {
        // Scripts write the servers' manifests under it, as root: a path, not shell text.
        Optional<Problem> unsafe = SafePaths.checkNode(key, dir, "/var/lib/rancher/k3s");
        if (unsafe.isPresent()) {
          unsafe.get().report(diagnostics, e.value().position());
          continue;
        }
      }
      if (value.isPresent()
          && flag.get().canonical().equals("kubelet-arg")
          && value.get() instanceof List<?> args) {
        // root-dir is the host folder Velero's node agent mounts (KubeletPaths): a path.
        boolean unsafe = false;
        for (Object arg : args) {
          String text = String.valueOf(arg).replaceFirst("^--", "");
          if (text.startsWith("root-dir=")) {
            Optional<Problem> problem =
                SafePaths.checkNode(
                    "kubelet-arg root-dir",
                    text.substring("root-dir=".length()),
                    "/var/lib/kubelet");
            if (problem.isPresent()) {
              problem.get().report(diagnostics, e.value().position());
              unsafe = true;
            }
          }
        }
        if (unsafe) {
          continue;
        }
      }
      value.ifPresent(v -> out.put(flag.get().canonical() + (key.endsWith("+") ? "+" : ""), v));
    }
    return Optional.of(out);
  }

  private static Optional<Object> value(YNode value, K3sFlags.Flag flag, Diagnostics diagnostics) {
    String expected;
    switch (flag.type()) {
      case BOOL -> {
        if (value instanceof YScalar s && s.type() == YScalar.Type.BOOL) {
          return Optional.of(Settings.parseBool(s.text()));
        }
        expected = "true or false";
      }
      case INT -> {
        if (value instanceof YScalar s && s.type() == YScalar.Type.INT) {
          return Optional.of(Long.parseLong(s.text()));
        }
        expected = "a whole number";
      }
      case STRING_SLICE -> {
        if (value instanceof YScalar s && !s.isNull()) {
          return Optional.of(List.of(s.text()));
        }
        if (value instanceof YSeq seq
            && seq.items().stream().allMatch(i -> i instanceof YScalar s && !s.isNull())) {
          return Optional.of(seq.items().stream().map(i -> ((YScalar) i).text()).toList());
        }
        expected = "a list of strings";
      }
      default -> {
        // Strings keep their written text: 0644 stays "0644" and is written quoted.
        if (value instanceof YScalar s && !s.isNull()) {
          return Optional.of(s.text());
        }
        expected = "a string";
      }
    }
    diagnostics.error(
        ErrorCode.ESCAPE_HATCH,
        value.position(),
        "K3s key '" + flag.key() + "' takes " + expected + ", not " + value.describe(),
        "see the type of --" + flag.key() + " in k3s --help");
    return Optional.empty();
  }
}
