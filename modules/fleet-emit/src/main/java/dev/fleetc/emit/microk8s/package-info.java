/**
 * MicroK8s: per node a launch configuration (read by the snap's install hook) and an idempotent
 * install-and-join script; per cluster a check script and a runbook. With {@code upgrades.method:
 * scripted} also a per-node {@code upgrade.sh} and the cluster's {@code UPGRADE.md}.
 *
 * <p>Contract: the launch configuration is valid for the cluster agent of the installed track
 * (format 0.1.0 on 1.27, 0.2.0 from 1.28) and never holds the join token: the script reads the
 * token from its reference when it runs and adds it as a second document on control-plane nodes.
 * Add-ons are only requested on the first control-plane node (a joiner's own single-node state is
 * thrown away by the join). Joins use the first control-plane node's IPv4 address and the
 * persistent cluster token, never {@code --controlplane} (broken upstream), so a failed join can be
 * retried. {@code upgrade.sh} moves its node to the cluster's effective channel only (never down,
 * never past one minor), and does nothing on a node already Ready there.
 */
package dev.fleetc.emit.microk8s;
