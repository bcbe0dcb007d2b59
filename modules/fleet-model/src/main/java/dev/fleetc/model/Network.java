package dev.fleetc.model;

/**
 * The cluster network.
 *
 * @param provider the CNI where the distribution lets one choose (k0s: {@code kuberouter} or {@code
 *     calico}); empty for the distribution's default
 * @param nodeLocalLoadBalancing k0s: let each worker balance over the controllers instead of an
 *     external address
 */
public record Network(
    String podCidr, String serviceCidr, String provider, boolean nodeLocalLoadBalancing) {}
