/**
 * K3s: per node a role-specific {@code config.yaml} and an idempotent install script, and a runbook
 * per cluster. Without a GitOps engine, add-ons K3s does not bundle become auto-deploy {@code
 * HelmChart}s in one manifest that every server's script writes, identically.
 *
 * <p>Contract: servers and agents get different key sets (an agent exits on a server key); every
 * server of a cluster gets identical cluster-wide keys (K3s refuses a joining server whose critical
 * values differ); secrets never appear in a config file: scripts read them from their references
 * when they run.
 */
package dev.fleetc.emit.k3s;
