package dev.fleetc.compiler.k0s;

import dev.fleetc.compiler.catalog.K0sConfigSchema;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.SourcePosition;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code k0s.config} escape hatch: checked against the ClusterConfig schema of the catalog,
 * with no spec path that fleetc writes itself and no password that would be committed in
 * k0sctl.yaml.
 */
public final class K0sConfigCheck {

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

  private final Settings settings;
  private final Diagnostics diagnostics;

  K0sConfigCheck(Settings settings) {
    this.settings = settings;
    this.diagnostics = settings.diagnostics();
  }

  void check() {
    Optional<YNode> config = settings.node("k0s.config");
    if (config.isEmpty()) {
      return;
    }
    if (config.get() instanceof YMap map) {
      for (String path : MANAGED_CONFIG.keySet()) {
        if (path.equals("storage") && (sqliteDataSourceOnly(map) || externalEtcdOnly())) {
          continue;
        }
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

  /**
   * {@code storage: {kine: {dataSource: "sqlite:..."}}} on a {@code datastore: sqlite} cluster:
   * where k0s keeps the SQLite file of a running cluster (fleetc writes {@code type: kine} and
   * leaves the data source to k0s's default otherwise).
   */
  private boolean sqliteDataSourceOnly(YMap config) {
    if (!settings.string("datastore.type").map("sqlite"::equals).orElse(false)) {
      return false;
    }
    return config.entry("storage").map(YMap.Entry::value).orElse(null) instanceof YMap storage
        && storage.entries().size() == 1
        && storage.entry("kine").map(YMap.Entry::value).orElse(null) instanceof YMap kine
        && kine.entries().size() == 1
        && kine.entry("dataSource").map(YMap.Entry::value).orElse(null) instanceof YScalar source
        && source.text().startsWith("sqlite:");
  }

  /**
   * {@code storage: {etcd: {externalCluster: {...}}}} on an {@code etcd} cluster: an etcd that k0s
   * does not run (k0s's ClusterConfig {@code storage.etcd.externalCluster}); the controllers are
   * then its clients, not its members.
   */
  private boolean externalEtcdOnly() {
    return isExternalEtcd(settings);
  }

  /** Whether the cluster's k0s.config names an external etcd and nothing else under storage. */
  public static boolean isExternalEtcd(Settings settings) {
    if (!settings.string("datastore.type").orElse("etcd").equals("etcd")) {
      return false;
    }
    return settings.node("k0s.config.storage").orElse(null) instanceof YMap storage
        && storage.entries().size() == 1
        && storage.entry("etcd").map(YMap.Entry::value).orElse(null) instanceof YMap etcd
        && etcd.entries().size() == 1
        && etcd.entry("externalCluster").map(YMap.Entry::value).orElse(null) instanceof YMap;
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
          dev.fleetc.compiler.schema.ShapeChecker.markSecret(s, diagnostics);
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
}
