/**
 * {@code fleet status}: what each cluster of the fleet runs right now, read through the fabric8
 * Kubernetes client and compared with what the fleet file compiles to.
 *
 * <p>Contract: {@link dev.fleetc.cli.status.Expectation} is what the fleet says (pure); {@link
 * dev.fleetc.cli.status.ClusterProbe} reads one cluster without discovery (explicit group, version,
 * plural and scope; HTTP 404 means "not installed") and never throws: an unreachable cluster is a
 * {@link dev.fleetc.cli.status.ClusterStatus} whose {@link dev.fleetc.cli.status.Unreachable} names
 * why (timeout, refused, TLS...). {@link dev.fleetc.cli.status.FleetStatus} probes the clusters in
 * parallel with bounded concurrency, one client per kubeconfig context; {@link
 * dev.fleetc.cli.status.StatusReport} renders text (every string read from a cluster escaped for
 * the terminal) and JSON ({@code formatVersion}); the rollout fields (wave, target and effective
 * version) come from the expectation, built from the effective fleet (null without {@code
 * rollout:}). {@link dev.fleetc.cli.status.RolloutGate} turns one cluster's status into the gate of
 * {@code fleet rollout next} (pure: status and an ancestry check in, verdict out).
 */
package dev.fleetc.cli.status;
