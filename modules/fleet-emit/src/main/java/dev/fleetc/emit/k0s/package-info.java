/**
 * k0s: one {@code k0sctl.yaml} per cluster (hosts, pinned k0s version, embedded ClusterConfig) and
 * the cluster runbook. Without a GitOps engine the add-ons ride along: Helm extensions in the
 * ClusterConfig and local-path-provisioner as further documents that k0sctl applies.
 *
 * <p>Contract: the document is built as objects and written by the one YAML writer; every string
 * written is escaped for k0sctl's environment expansion ({@code $} becomes {@code $$}) except the
 * deliberate {@code ${VAR}} references of secrets, which are the only way secrets reach the file.
 * Clusters that differ only in topology produce files that differ only in names, addresses, SSH
 * settings and endpoint.
 */
package dev.fleetc.emit.k0s;
