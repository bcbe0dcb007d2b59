/**
 * The compiler's rules for K3s ({@link dev.fleetc.compiler.k3s.K3sRules}): build pattern, defaults,
 * datastores, the registration-address warning, and the {@code k3s.server} / {@code k3s.agent}
 * escape hatch checked against the catalog's real K3s key sets.
 *
 * <p>Contract: depends on the shared rule vocabulary ({@code rules}), the catalog and diagnostics;
 * only the compiler root refers to this package, through {@link
 * dev.fleetc.compiler.rules.DistributionRules}.
 */
package dev.fleetc.compiler.k3s;
