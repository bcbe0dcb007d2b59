package dev.fleetc.compiler.rules;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Distribution;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the compiler knows about one distribution: how its builds are written, its defaults,
 * the datastores it runs on, its escape hatch and its own checks. The compiler holds one per {@link
 * Distribution} and asks it instead of switching on the distribution; adding a distribution is one
 * implementation in a package of its own (plus an emitter and catalog rows).
 */
public interface DistributionRules {

  /** The distribution these rules are for. */
  Distribution distribution();

  /** An exact build of this distribution ({@code version}); group 1 is its Kubernetes minor. */
  Pattern buildPattern();

  /** A build written the right way, for hints. */
  String buildExample();

  /** The datastore of a cluster that names none. */
  DatastoreType defaultDatastore(long controlPlaneNodes);

  /** The pod and service ranges of a cluster that names none. */
  NetworkDefaults networkDefaults();

  /** The datastores this distribution can run on. */
  Set<DatastoreType> allowedDatastores();

  /** Whether nodes join with the fleet's shared {@code token} (else the tooling makes its own). */
  boolean needsJoinToken();

  /**
   * The distribution's escape hatch as plain values for its emitter, every key checked (problems
   * are reported, the offending keys left out).
   */
  Map<String, Object> escapeHatch(Settings settings, Diagnostics diagnostics);

  /** Checks of a cluster of this distribution; run whenever the cluster names it. */
  void check(ClusterParts cluster);

  /**
   * Checks that only make sense on a sound topology: nodes, a control plane, and a datastore this
   * distribution supports.
   */
  default void checkTopology(ClusterParts cluster) {}

  /** Reports settings that belong to this distribution alone in a cluster of another one. */
  default void checkNotUsedBy(ClusterParts cluster) {}

  /** The pod and service CIDRs a distribution uses by default. */
  record NetworkDefaults(String podCidr, String serviceCidr) {}

  /**
   * What this distribution accepts of a dual-stack (IPv4 and IPv6) network, for this cluster (its
   * CNI and escape hatch, e.g. a node CIDR mask of its own, change the limits).
   */
  DualStack dualStack(ClusterParts cluster);

  /**
   * What a distribution accepts of a dual-stack network (docs/targets/ cites each value).
   *
   * @param ipv6PodPrefixMin the shortest IPv6 pod range prefix that works
   * @param ipv6PodPrefixMax the longest IPv6 pod range prefix that works
   * @param ipv6PodPrefixWhy why, for the message
   * @param nodesNeedEveryFamily every node that runs pods must declare one address of each family
   *     the cluster uses (and none of another)
   * @param controllersRunPods whether control-plane nodes run pods (a kubelet) in every case
   * @param ipv6Primary whether fleetc compiles an IPv6-first dual-stack network for it
   */
  record DualStack(
      int ipv6PodPrefixMin,
      int ipv6PodPrefixMax,
      String ipv6PodPrefixWhy,
      boolean nodesNeedEveryFamily,
      boolean controllersRunPods,
      boolean ipv6Primary) {

    /** The limits that follow from a node CIDR mask: the range is at most 16 bits larger. */
    public static int[] fromNodeMask(int nodeMask) {
      return new int[] {Math.max(0, nodeMask - 16), nodeMask};
    }

    /**
     * {@code node-cidr-mask-size-ipv6} from kube-controller-manager arguments written as {@code
     * name=value} items or as a map, else {@code fallback}.
     */
    public static int nodeMask(Object arguments, int fallback) {
      String value = null;
      if (arguments instanceof java.util.Map<?, ?> map) {
        Object v = map.get("node-cidr-mask-size-ipv6");
        value = v == null ? null : String.valueOf(v);
      } else if (arguments instanceof java.util.List<?> list) {
        for (Object item : list) {
          String text = String.valueOf(item).replaceFirst("^--", "");
          if (text.startsWith("node-cidr-mask-size-ipv6=")) {
            value = text.substring(text.indexOf('=') + 1);
          }
        }
      }
      if (value != null && value.strip().matches("\\d{1,3}")) {
        int mask = Integer.parseInt(value.strip());
        return mask <= 128 ? mask : fallback;
      }
      return fallback;
    }
  }
}
