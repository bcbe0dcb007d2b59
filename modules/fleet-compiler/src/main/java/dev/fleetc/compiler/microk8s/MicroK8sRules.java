package dev.fleetc.compiler.microk8s;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Distribution;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * MicroK8s: snap channels such as 1.31/stable, dqlite only, and the checks of {@link
 * MicroK8sChecks}.
 */
public final class MicroK8sRules implements DistributionRules {

  private static final Pattern CHANNEL =
      Pattern.compile("(1\\.\\d+)(-strict)?/(stable|candidate|beta|edge)(/[a-z0-9-]+)?");

  @Override
  public Distribution distribution() {
    return Distribution.MICROK8S;
  }

  @Override
  public Pattern buildPattern() {
    return CHANNEL;
  }

  @Override
  public String buildExample() {
    return "1.31/stable";
  }

  @Override
  public DatastoreType defaultDatastore(long controlPlaneNodes) {
    return DatastoreType.DQLITE;
  }

  @Override
  public NetworkDefaults networkDefaults() {
    return new NetworkDefaults("10.1.0.0/16", "10.152.183.0/24");
  }

  /**
   * Calico assigns IPv6 pod addresses in /122 blocks of its pool; MicroK8s' {@code generate-cni.sh}
   * always puts the IPv4 ranges first, so IPv4 is the primary family. Calico finds each node's IPv6
   * address itself ({@code IP6=autodetect}), so nodes need not declare one.
   */
  @Override
  public DualStack dualStack(ClusterParts cluster) {
    return new DualStack(
        0,
        122,
        "Calico hands out IPv6 pod addresses in /122 blocks of the range",
        false,
        true,
        false);
  }

  @Override
  public Set<DatastoreType> allowedDatastores() {
    return Set.of(DatastoreType.DQLITE);
  }

  @Override
  public boolean needsJoinToken() {
    return true;
  }

  /** {@code microk8s.launchConfig} (checked keys) and {@code microk8s.metallb}. */
  @Override
  public Map<String, Object> escapeHatch(Settings settings, Diagnostics diagnostics) {
    return MicroK8sChecks.extensions(settings, diagnostics);
  }

  @Override
  public void check(ClusterParts cluster) {
    MicroK8sChecks.check(
        cluster.name(),
        cluster.settings(),
        cluster.nodes(),
        cluster.release(),
        cluster.catalog(),
        cluster.diagnostics());
  }

  /** The launch-configuration keys {@code microk8s.launchConfig} may set. */
  public static java.util.Set<String> launchConfigKeys() {
    return MicroK8sChecks.OPEN_KEYS;
  }
}
