/**
 * Validators for values that reach a script, a runbook's shell block or a generated YAML file: Git
 * URLs and branch names, Kubernetes labels and taints, cron schedules, network addresses and {@code
 * file:} secret paths.
 *
 * <p>Contract: each class is pure (no I/O, never DNS), takes the value as written, and either
 * returns a parsed or canonical form or reports a precise diagnostic at the value's position. They
 * check what the value <em>is</em>, not where it stands; callers decide which fields they apply to.
 * Messages never repeat a credential that the value carries.
 */
package dev.fleetc.compiler.values;
