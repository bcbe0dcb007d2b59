/**
 * GitOps bootstrap and add-ons, for every distribution: a cluster with {@code gitops.engine: flux}
 * or {@code argocd} gets, under its GitOps path, the engine's pinned install, the objects that make
 * it reconcile that path from Git (only that path: Flux's {@code spec.ignore}) or, with {@code
 * gitops.source: oci}, from the cluster's OCI artifact that {@code fleet publish} pushes, and its
 * add-ons (ingress, storage, backup) as Helm releases.
 *
 * <p>Contract: the output depends on the cluster model only, never on the distribution emitter; the
 * distribution changes it only where it forces a difference ({@link
 * dev.fleetc.emit.addons.IngressExposure}: no LoadBalancer on k0s or MicroK8s without MetalLB;
 * {@link dev.fleetc.emit.addons.KubeletPaths}: where Velero's node agent reads volumes), and
 * repository credentials follow the URL's scheme ({@link GitCredentials}), registry credentials are
 * a {@code dockerconfigjson} or Argo CD repository Secret ({@link RegistryCredentials}); everything
 * under the GitOps path is a Kubernetes object or a kustomize file, built as objects and written by
 * {@link dev.fleetc.emit.support.YamlWriter}; no secret value is ever written (Git and Velero
 * credentials are referenced by Secret name and created by the operator as the GitOps runbook
 * says). With Flux the add-on files are identical on every cluster with the same add-ons:
 * cluster-specific values come from the {@code cluster-vars} ConfigMap through {@code
 * postBuild.substituteFrom}. With {@code gitops.engine: none} nothing is emitted here.
 *
 * <p>The add-on releases themselves (charts, versions, values) come from {@link
 * dev.fleetc.emit.addons}, which the distributions' native add-on paths share; this package depends
 * on no distribution package and no distribution package depends on it ({@code
 * EmitArchitectureTest}).
 */
package dev.fleetc.emit.gitops;
