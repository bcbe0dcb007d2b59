package dev.fleetc.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster network.
 *
 * @param podCidr the pod range of the primary family (the first one written)
 * @param serviceCidr the service range of the primary family
 * @param provider the CNI where the distribution lets one choose (k0s: {@code kuberouter} or {@code
 *     calico}); empty for the distribution's default
 * @param nodeLocalLoadBalancing k0s: let each worker balance over the controllers instead of an
 *     external address
 * @param secondaryPodCidr dual-stack: the pod range of the other family, or {@code null}
 * @param secondaryServiceCidr dual-stack: the service range of the other family, or {@code null}
 */
public record Network(
    String podCidr,
    String serviceCidr,
    String provider,
    boolean nodeLocalLoadBalancing,
    String secondaryPodCidr,
    String secondaryServiceCidr) {

  /** A single-stack network. */
  public Network(
      String podCidr, String serviceCidr, String provider, boolean nodeLocalLoadBalancing) {
    this(podCidr, serviceCidr, provider, nodeLocalLoadBalancing, null, null);
  }

  /** IPv4 and IPv6 pod and service ranges both. */
  public boolean dualStack() {
    return secondaryPodCidr != null;
  }

  /** The pod ranges, the primary family first. */
  public List<String> podCidrs() {
    return pair(podCidr, secondaryPodCidr);
  }

  /** The service ranges, the primary family first. */
  public List<String> serviceCidrs() {
    return pair(serviceCidr, secondaryServiceCidr);
  }

  /** Whether the primary family is IPv6 (the first range written is an IPv6 one). */
  public boolean ipv6Primary() {
    return podCidr.contains(":");
  }

  /** The pod range of one family, or {@code null}. */
  public String podCidr(boolean ipv6) {
    return ofFamily(podCidrs(), ipv6);
  }

  /** The service range of one family, or {@code null}. */
  public String serviceCidr(boolean ipv6) {
    return ofFamily(serviceCidrs(), ipv6);
  }

  private static String ofFamily(List<String> ranges, boolean ipv6) {
    return ranges.stream().filter(r -> r.contains(":") == ipv6).findFirst().orElse(null);
  }

  private static List<String> pair(String first, String second) {
    List<String> out = new ArrayList<>();
    out.add(first);
    if (second != null) {
      out.add(second);
    }
    return List.copyOf(out);
  }
}
