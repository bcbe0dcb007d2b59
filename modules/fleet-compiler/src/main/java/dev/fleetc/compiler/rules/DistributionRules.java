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

  /** What this distribution accepts of a dual-stack (IPv4 and IPv6) network. */
  DualStack dualStack();

  /**
   * What a distribution accepts of a dual-stack network (docs/targets/ cites each value).
   *
   * @param ipv6PodPrefixMin the shortest IPv6 pod range prefix that works
   * @param ipv6PodPrefixMax the longest IPv6 pod range prefix that works
   * @param ipv6PodPrefixWhy why, for the message
   * @param nodesNeedEveryFamily every node must declare one address of each family the cluster uses
   *     (and none of another)
   * @param ipv6Primary whether fleetc compiles an IPv6-first dual-stack network for it
   */
  record DualStack(
      int ipv6PodPrefixMin,
      int ipv6PodPrefixMax,
      String ipv6PodPrefixWhy,
      boolean nodesNeedEveryFamily,
      boolean ipv6Primary) {}
}
