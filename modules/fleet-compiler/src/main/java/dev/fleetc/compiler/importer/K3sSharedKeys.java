package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.catalog.K3sFlags;
import dev.fleetc.compiler.importer.K3sImporter.NodeConfig;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which unmodelled K3s keys go to the escape hatch ({@code k3s.server}, {@code k3s.agent}):
 * those every node of the role shares with the same value and the role accepts; secrets, unknown
 * flags and values that differ between nodes are reported instead.
 */
final class K3sSharedKeys {

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

  /** Keys the importer turns into fields, per node or per cluster. */
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

  private final ImportReport report;

  K3sSharedKeys(ImportReport report) {
    this.report = report;
  }

  /** The keys every node of a role has with the same value, for the escape hatch. */
  Map<String, Object> shared(List<NodeConfig> nodes, K3sFlags flags, String role) {
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
}
