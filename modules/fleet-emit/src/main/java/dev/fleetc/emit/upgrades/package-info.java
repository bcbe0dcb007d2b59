/**
 * The in-cluster upgrade machinery every GitOps engine delivers the same way: for a K3s cluster
 * whose upgrade method is {@code suc}, Rancher's system-upgrade-controller (vendored release assets
 * at the catalog's pinned version, read once per process) and the server/agent {@code
 * upgrade.cattle.io/v1} Plan pair at the cluster's effective version, built as objects; and the
 * Plan health gate in both engines' languages (a Flux CEL expression, an Argo CD Lua script).
 *
 * <p>Pure: the cluster in, objects and text out. Knows no emitter; {@code emit.gitops} places the
 * files under the cluster's GitOps path.
 */
package dev.fleetc.emit.upgrades;
