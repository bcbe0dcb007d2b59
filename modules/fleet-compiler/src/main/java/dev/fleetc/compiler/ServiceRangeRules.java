package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Network;
import java.math.BigInteger;

/**
 * Every distribution takes two addresses from the service range: the first one for the {@code
 * kubernetes} Service (and the API server certificate) and the tenth one for cluster DNS (K3s
 * {@code cluster-dns}, the k0s DNS address, the MicroK8s {@code dns} add-on as fleetc enables it).
 * A range without a tenth address cannot hold both.
 */
final class ServiceRangeRules {

  /** The DNS Service takes the range's address number 10. */
  static final int DNS_OFFSET = 10;

  private ServiceRangeRules() {}

  static void check(
      String cluster,
      Distribution distribution,
      Network network,
      Settings settings,
      Diagnostics diagnostics) {
    for (String serviceCidr : network.serviceCidrs()) {
      check(cluster, distribution, serviceCidr, settings, diagnostics);
    }
  }

  private static void check(
      String cluster,
      Distribution distribution,
      String serviceCidr,
      Settings settings,
      Diagnostics diagnostics) {
    Addresses.cidr(serviceCidr)
        .ifPresent(
            range -> {
              BigInteger size = range.last().subtract(range.first()).add(BigInteger.ONE);
              if (size.compareTo(BigInteger.valueOf(DNS_OFFSET + 1)) <= 0) {
                diagnostics.error(
                    ErrorCode.SERVICE_RANGE_TOO_SMALL,
                    settings.position("network.serviceCIDR"),
                    "service CIDR "
                        + serviceCidr
                        + " of "
                        + distribution.id()
                        + " cluster '"
                        + cluster
                        + "' has "
                        + size
                        + " addresses: cluster DNS takes the tenth, the kubernetes Service the"
                        + " first",
                    range.network().length == 4
                        ? "use a /28 or larger (a /24 or /16 leaves room for Services)"
                        : "use a /124 or larger (a /112 leaves room for Services)");
              }
            });
  }
}
