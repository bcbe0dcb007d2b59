package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.Network;
import dev.fleetc.model.Provenance;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a cluster's network: pod and service CIDRs (the distribution's defaults when not set),
 * which must be valid and must not overlap. Who may set the provider is a distribution rule.
 */
final class NetworkBinder {

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
    String pods = cidr("network.podCIDR", defaults.podCidr());
    String services = cidr("network.serviceCIDR", defaults.serviceCidr());
    Optional<Addresses.Cidr> podRange = Addresses.cidr(pods);
    Optional<Addresses.Cidr> serviceRange = Addresses.cidr(services);
    if (podRange.isPresent()
        && serviceRange.isPresent()
        && podRange.get().overlaps(serviceRange.get())) {
      diagnostics.error(
          ErrorCode.CIDR_OVERLAP,
          settings.position("network.serviceCIDR"),
          "service CIDR " + services + " overlaps pod CIDR " + pods,
          "pods and services need separate ranges, e.g. 10.42.0.0/16 and 10.43.0.0/16");
    }
    String provider = settings.string("network.provider").orElse("");
    boolean nodeLocal = settings.bool("network.nodeLocalLoadBalancing").orElse(false);
    return new Network(pods, services, provider, nodeLocal);
  }

  private String cidr(String path, String fallback) {
    Optional<String> text = settings.string(path);
    if (text.isEmpty()) {
      provenance.putIfAbsent(path, Provenance.BUILT_IN);
      return fallback;
    }
    if (Addresses.cidr(text.get()).isEmpty()) {
      diagnostics.error(
          ErrorCode.INVALID_CIDR,
          settings.position(path),
          "'" + text.get() + "' is not a valid CIDR",
          "write the network's first address and a prefix length, e.g. 10.42.0.0/16");
    }
    return text.get();
  }
}
