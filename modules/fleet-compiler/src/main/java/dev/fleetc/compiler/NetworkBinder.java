package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.Network;
import dev.fleetc.model.Provenance;
import dev.fleetc.model.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a cluster's network: pod and service CIDRs (the distribution's defaults when not set),
 * which must be valid and must not overlap. A dual-stack network writes each as a pair, one range
 * per family, the primary family first; pods and services then name the same families in the same
 * order (kube-apiserver, kube-controller-manager and kube-proxy each take the pair). Who may set
 * the provider is a distribution rule.
 */
final class NetworkBinder {

  static final String CIDR_EXAMPLE = "[10.42.0.0/16, \"fd00:42::/56\"]";

  private final Settings settings;
  private final Map<String, Provenance> provenance;
  private final Diagnostics diagnostics;

  NetworkBinder(Settings settings, Map<String, Provenance> provenance, Diagnostics diagnostics) {
    this.settings = settings;
    this.provenance = provenance;
    this.diagnostics = diagnostics;
  }

  Network bind(DistributionRules rules) {
    DistributionRules.NetworkDefaults defaults = rules.networkDefaults();
    List<FamilyPair.Item> pods = ranges("network.podCIDR", defaults.podCidr());
    List<FamilyPair.Item> services = ranges("network.serviceCIDR", defaults.serviceCidr());
    boolean sameFamilies = sameFamilies(pods, services);
    if (sameFamilies) {
      for (int i = 0; i < pods.size(); i++) {
        overlap(pods.get(i), services.get(i));
      }
    }
    String provider = settings.string("network.provider").orElse("");
    boolean nodeLocal = settings.bool("network.nodeLocalLoadBalancing").orElse(false);
    boolean dual = sameFamilies && pods.size() == 2;
    return new Network(
        pods.get(0).text(),
        services.get(0).text(),
        provider,
        nodeLocal,
        dual ? pods.get(1).text() : null,
        dual ? services.get(1).text() : null);
  }

  /** The ranges written at {@code path}, each checked, or the default. */
  private List<FamilyPair.Item> ranges(String path, String fallback) {
    Optional<List<FamilyPair.Item>> written =
        FamilyPair.read(settings, path, ErrorCode.NETWORK_FAMILIES, CIDR_EXAMPLE, diagnostics);
    if (written.isEmpty()) {
      if (settings.node(path).isEmpty()) {
        provenance.putIfAbsent(path, Provenance.BUILT_IN);
      }
      return List.of(new FamilyPair.Item(fallback, settings.position(path)));
    }
    for (FamilyPair.Item item : written.get()) {
      if (Addresses.cidr(item.text()).isEmpty()) {
        diagnostics.error(
            ErrorCode.INVALID_CIDR,
            item.at(),
            "'" + item.text() + "' is not a valid CIDR",
            "write the network's first address and a prefix length, e.g. 10.42.0.0/16");
      }
    }
    return written.get();
  }

  /**
   * Pods and services name the same families in the same order: upstream pairs them by position
   * (the first service range's family is the primary one of Services, the first pod range's that of
   * pods), and a family with pods but no Services (or the reverse) is half a dual-stack network.
   */
  private boolean sameFamilies(List<FamilyPair.Item> pods, List<FamilyPair.Item> services) {
    String podFamilies = families(pods);
    String serviceFamilies = families(services);
    if (podFamilies.equals(serviceFamilies)) {
      return true;
    }
    boolean servicesWritten = settings.node("network.serviceCIDR").isPresent();
    SourcePosition at =
        servicesWritten
            ? settings.position("network.serviceCIDR")
            : settings.position("network.podCIDR");
    diagnostics.error(
        ErrorCode.NETWORK_FAMILIES,
        at,
        "podCIDR is "
            + podFamilies
            + " but serviceCIDR is "
            + serviceFamilies
            + (servicesWritten ? "" : " (the distribution's default)"),
        pods.size() == 2 || services.size() == 2
            ? "dual-stack needs both pairs, in the same family order, e.g. podCIDR: "
                + CIDR_EXAMPLE
                + " and serviceCIDR: [10.43.0.0/16, \"fd00:43::/112\"]"
            : "pods and services use one family: write both ranges as IPv4, or both as IPv6");
    return false;
  }

  private static String families(List<FamilyPair.Item> items) {
    return String.join("+", items.stream().map(i -> i.ipv6() ? "IPv6" : "IPv4").toList());
  }

  private void overlap(FamilyPair.Item pods, FamilyPair.Item services) {
    Optional<Addresses.Cidr> podRange = Addresses.cidr(pods.text());
    Optional<Addresses.Cidr> serviceRange = Addresses.cidr(services.text());
    if (podRange.isPresent()
        && serviceRange.isPresent()
        && podRange.get().overlaps(serviceRange.get())) {
      diagnostics.error(
          ErrorCode.CIDR_OVERLAP,
          services.at(),
          "service CIDR " + services.text() + " overlaps pod CIDR " + pods.text(),
          pods.ipv6()
              ? "pods and services need separate ranges, e.g. fd00:42::/56 and fd00:43::/112"
              : "pods and services need separate ranges, e.g. 10.42.0.0/16 and 10.43.0.0/16");
    }
  }
}
