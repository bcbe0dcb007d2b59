/**
 * The compiler's rules for MicroK8s ({@link dev.fleetc.compiler.microk8s.MicroK8sRules}): snap
 * channel pattern and tracks, dqlite, the IPv4 join address, standby voters, and the {@code
 * microk8s} escape hatch (launch-configuration keys, MetalLB ranges).
 *
 * <p>Contract: depends on the shared rule vocabulary ({@code rules}), the catalog, the YAML tree
 * and diagnostics; only the compiler root refers to this package, through {@link
 * dev.fleetc.compiler.rules.DistributionRules}.
 */
package dev.fleetc.compiler.microk8s;
