/**
 * The compiler's rules for k0s through k0sctl ({@link dev.fleetc.compiler.k0s.K0sRules}): build
 * pattern, defaults, datastores, the controllers' address, SSH and host fields, the {@code
 * k0s.config} escape hatch against the ClusterConfig schema, and {@link
 * dev.fleetc.compiler.k0s.K0sctlRole}, the one definition of a node's k0sctl role that the k0s
 * emitter uses too.
 *
 * <p>Contract: depends on the shared rule vocabulary ({@code rules}), the catalog, the YAML tree
 * and diagnostics; only the compiler root (and, for {@code K0sctlRole}, the k0s emitter) refers to
 * it.
 */
package dev.fleetc.compiler.k0s;
