/**
 * The fleet compiler's front end: the bytes of a fleet file in, a resolved {@link
 * dev.fleetc.model.Fleet} or a complete list of diagnostics out.
 *
 * <p>Contract: {@link dev.fleetc.compiler.FleetCompiler#compile} is the one entry; it never throws
 * on bad input (an oversized or non-UTF-8 file included) and never touches the file system; it
 * reports every problem of the file at once, each with a stable code ({@link
 * dev.fleetc.compiler.diagnostics.ErrorCode}), a position, and a hint. A fleet is returned only
 * when there is no error, with every layer applied and every version pinned.
 *
 * <p>Inside: {@code FleetCompiler} parses, checks the shape and merges each cluster's layers
 * ({@code LayerMerger}); {@code ClusterBinder} orchestrates one cluster: a binder per part ({@code
 * NodeBinder}, {@code ReleaseResolver}, {@code DatastoreBinder}, {@code NetworkBinder}, {@code
 * AddonsBinder}, {@code GitOpsRules}), then {@code TopologyChecks}, the cluster's distribution
 * rules from {@code DistributionRegistry} (packages {@code k3s}, {@code k0s}, {@code microk8s}) and
 * {@code ParityCheck}; {@code FleetWideChecks} then runs the rules across clusters. This package is
 * the only one that knows the distribution packages; none of its subpackages depends on it.
 */
package dev.fleetc.compiler;
