package dev.fleetc.compiler.k3s;

import dev.fleetc.compiler.catalog.K3sFlags;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** K3s: builds such as v1.31.4+k3s1, sqlite for one server and embedded etcd for several. */
public final class K3sRules implements DistributionRules {

  private static final Pattern BUILD = Pattern.compile("v(1\\.\\d+)\\.\\d+(-rc\\d+)?\\+k3s\\d+");

  @Override
  public Distribution distribution() {
    return Distribution.K3S;
  }

  @Override
  public Pattern buildPattern() {
    return BUILD;
  }

  @Override
  public String buildExample() {
    return "v1.31.4+k3s1";
  }

  @Override
  public DatastoreType defaultDatastore(long controlPlaneNodes) {
    return controlPlaneNodes > 1 ? DatastoreType.ETCD : DatastoreType.SQLITE;
  }

  @Override
  public NetworkDefaults networkDefaults() {
    return new NetworkDefaults("10.42.0.0/16", "10.43.0.0/16");
  }

  /**
   * kube-controller-manager (which K3s runs with {@code allocate-node-cidrs}) gives each node a /64
   * of the IPv6 pod range and refuses a range more than 16 bits larger ({@code cidrset}); K3s
   * refuses a node whose {@code node-ip} families differ from {@code cluster-cidr}'s.
   */
  @Override
  public DualStack dualStack(ClusterParts cluster) {
    int mask =
        DualStack.nodeMask(
            cluster
                .settings()
                .node("k3s.server.kube-controller-manager-arg")
                .map(Settings::plain)
                .orElse(null),
            64);
    int[] limits = DualStack.fromNodeMask(mask);
    return new DualStack(
        limits[0],
        limits[1],
        "kube-controller-manager gives each node a /"
            + mask
            + " and splits the range into at most 2^16",
        true,
        true,
        true);
  }

  @Override
  public Set<DatastoreType> allowedDatastores() {
    return Set.of(DatastoreType.ETCD, DatastoreType.POSTGRES, DatastoreType.SQLITE);
  }

  @Override
  public boolean needsJoinToken() {
    return true;
  }

  /** {@code k3s: {server: {...}, agent: {...}}}, checked against each role's real key set. */
  @Override
  public Map<String, Object> escapeHatch(Settings settings, Diagnostics diagnostics) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    K3sEscapeHatch.check(settings, "k3s.server", K3sFlags.server(), "server", diagnostics)
        .ifPresent(m -> extensions.put("server", m));
    K3sEscapeHatch.check(settings, "k3s.agent", K3sFlags.agent(), "agent", diagnostics)
        .ifPresent(m -> extensions.put("agent", m));
    return extensions;
  }

  @Override
  public void check(ClusterParts cluster) {}

  /** Without a registration address every node registers with the first server. */
  @Override
  public void checkTopology(ClusterParts cluster) {
    List<Node> servers = cluster.controlPlane();
    if (servers.size() > 1 && cluster.apiEndpoint() == null) {
      cluster
          .diagnostics()
          .warning(
              ErrorCode.NO_REGISTRATION_ADDRESS,
              cluster.at(),
              "K3s cluster '"
                  + cluster.name()
                  + "' has several servers but no apiEndpoint: nodes register with "
                  + servers.get(0).name()
                  + ", which then must stay up",
              "set apiEndpoint to a load balancer, VIP or DNS name in front of the servers");
    }
    checkAgentToken(cluster);
  }

  /**
   * Without {@code agentToken} agents join with the server token: every agent machine then holds a
   * secret that also joins servers (and decrypts the datastore's bootstrap data).
   */
  private static void checkAgentToken(ClusterParts cluster) {
    long agents = cluster.nodes().stream().filter(n -> !n.isControlPlane()).count();
    Settings settings = cluster.settings();
    if (agents == 0 || settings.node("agentToken").isPresent()) {
      return;
    }
    cluster
        .diagnostics()
        .warning(
            ErrorCode.AGENTS_HOLD_SERVER_TOKEN,
            settings.node("token").isPresent() ? settings.position("token") : cluster.at(),
            "K3s cluster '"
                + cluster.name()
                + "' has "
                + agents
                + (agents == 1 ? " agent" : " agents")
                + " but no agentToken: every agent holds the server token, which joins"
                + " servers too: one compromised agent machine is full administrator access",
            "add 'agentToken: {secretRef: env:"
                + cluster.name().toUpperCase(java.util.Locale.ROOT).replace('-', '_')
                + "_AGENT_TOKEN}' (a secret of its own); agents then join with it");
  }

  /** The K3s keys fleetc writes itself: the escape hatch may not set them (the editor schema). */
  public static Set<String> managedKeys() {
    return K3sEscapeHatch.MANAGED.keySet();
  }

  /** The K3s keys that carry secrets: the escape hatch may not set them (the editor schema). */
  public static Set<String> secretKeys() {
    return K3sEscapeHatch.SECRET_KEYS;
  }
}
