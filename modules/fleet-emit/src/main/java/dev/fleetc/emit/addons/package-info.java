/**
 * The add-on model every target shares: a cluster's add-ons (ingress, storage, backup) as Helm
 * releases with pinned chart versions and values ({@link dev.fleetc.emit.addons.AddonReleases}),
 * the cluster-specific variables those values use, and the two facts a distribution forces on them
 * ({@link dev.fleetc.emit.addons.IngressExposure}, {@link dev.fleetc.emit.addons.KubeletPaths}).
 *
 * <p>Contract: pure, cluster model in, add-on releases and values out; no files are written here.
 * Used by the GitOps emitter ({@code dev.fleetc.emit.gitops}, which turns the releases into Flux or
 * Argo CD objects) and by each distribution's native add-ons path (K3s {@code HelmChart} manifests,
 * k0s {@code spec.extensions.helm}), so that the same charts get the same values whichever delivers
 * them. This package depends on no emitter package (gitops, datastore, k3s, k0s, microk8s); they
 * depend on it ({@code EmitArchitectureTest}).
 */
package dev.fleetc.emit.addons;
