package dev.fleetc.compiler.k0s;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.schema.Acknowledgement;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * k0s through k0sctl: builds such as v1.31.4+k0s.0, etcd by default, tokens made by k0sctl, and the
 * checks of {@link K0sChecks}; the settings only k0s honours are reported in clusters of other
 * distributions ({@link K0sOnlySettings}).
 */
public final class K0sRules implements DistributionRules {

  private static final Pattern BUILD =
      Pattern.compile("v(1\\.\\d+)\\.\\d+(-rc\\.\\d+)?\\+k0s\\.\\d+");

  @Override
  public Distribution distribution() {
    return Distribution.K0S;
  }

  @Override
  public Pattern buildPattern() {
    return BUILD;
  }

  @Override
  public String buildExample() {
    return "v1.31.4+k0s.0";
  }

  @Override
  public DatastoreType defaultDatastore(long controlPlaneNodes) {
    return DatastoreType.ETCD;
  }

  @Override
  public NetworkDefaults networkDefaults() {
    return new NetworkDefaults("10.244.0.0/16", "10.96.0.0/12");
  }

  /**
   * k0s gives each node a /117 of the IPv6 pod range and kube-controller-manager refuses a range
   * more than 16 bits larger; kube-router needs both families in each node's addresses. fleetc
   * writes {@code podCIDR} as the IPv4 range and {@code dualStack.IPv6podCIDR} beside it, so IPv4
   * is the primary family.
   */
  @Override
  public DualStack dualStack(ClusterParts cluster) {
    int mask =
        DualStack.nodeMask(
            cluster
                .settings()
                .node("k0s.config.controllerManager.extraArgs")
                .map(Settings::plain)
                .orElse(null),
            117);
    int[] limits = DualStack.fromNodeMask(mask);
    String provider = cluster.network() == null ? "" : cluster.network().provider();
    return new DualStack(
        limits[0],
        limits[1],
        (mask == 117 ? "k0s gives each node a /117" : "each node gets a /" + mask)
            + " and kube-controller-manager splits the range into at most 2^16",
        // kube-router (the default) routes a family only to nodes that report it; Calico and a
        // custom CNI find the node's IPv6 address themselves.
        provider.isEmpty() || provider.equals("kuberouter"),
        false,
        false);
  }

  @Override
  public Set<DatastoreType> allowedDatastores() {
    return Set.of(DatastoreType.ETCD, DatastoreType.POSTGRES, DatastoreType.SQLITE);
  }

  /** k0sctl creates and hands out join tokens itself. */
  @Override
  public boolean needsJoinToken() {
    return false;
  }

  /** {@code k0s.config} and {@code k0s.hosts} as written; {@link K0sChecks} checks them. */
  @Override
  public Map<String, Object> escapeHatch(Settings settings, Diagnostics diagnostics) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    settings.node("k0s.config").ifPresent(n -> extensions.put("config", Settings.plain(n)));
    settings.node("k0s.hosts").ifPresent(n -> extensions.put("hosts", Settings.plain(n)));
    return extensions;
  }

  @Override
  public void check(ClusterParts cluster) {
    new K0sChecks(cluster).check();
    K0sDualStack.check(cluster);
  }

  /** Several controllers need one address in front of them, or node-local load balancing. */
  @Override
  public void checkTopology(ClusterParts cluster) {
    List<Node> controllers = cluster.controlPlane();
    if (controllers.size() > 1
        && cluster.apiEndpoint() == null
        && !cluster.network().nodeLocalLoadBalancing()) {
      if (cluster.settings().strings("acknowledge").contains(Acknowledgement.NO_API_ENDPOINT)) {
        cluster
            .diagnostics()
            .warning(
                ErrorCode.NO_API_ENDPOINT_ACKNOWLEDGED,
                cluster.settings().position("acknowledge", Acknowledgement.NO_API_ENDPOINT),
                "k0s cluster '"
                    + cluster.name()
                    + "' has "
                    + controllers.size()
                    + " controllers but no apiEndpoint (acknowledged): nodes join and reach the"
                    + " API through the address in their join token, the first controller's ("
                    + controllers.get(0).clusterAddress()
                    + "); while it is down, workers lose the API and nothing can join",
                "put a load balancer in front of the controllers and set apiEndpoint, or"
                    + " 'network.nodeLocalLoadBalancing: true'; then drop 'no-api-endpoint' from"
                    + " acknowledge");
        return;
      }
      cluster
          .diagnostics()
          .error(
              ErrorCode.API_ENDPOINT_REQUIRED,
              cluster.at(),
              "k0s cluster '"
                  + cluster.name()
                  + "' has "
                  + controllers.size()
                  + " controllers but no apiEndpoint",
              "set apiEndpoint to the controllers' load balancer, or"
                  + " 'network.nodeLocalLoadBalancing: true' (a cluster that already runs"
                  + " without either may say so: 'acknowledge: [no-api-endpoint]',"
                  + " docs/import.md)");
    }
  }

  @Override
  public void checkNotUsedBy(ClusterParts cluster) {
    K0sOnlySettings.check(cluster);
  }

  /** The ClusterConfig paths fleetc writes itself, which {@code k0s.config} may not set. */
  public static java.util.Set<String> managedConfigPaths() {
    return K0sConfigCheck.MANAGED_CONFIG.keySet();
  }
}
