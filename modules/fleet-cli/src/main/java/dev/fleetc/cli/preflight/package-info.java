/**
 * {@code fleet preflight}: checks, before any node is touched, that a cluster's external PostgreSQL
 * datastore is reachable, speaks TLS as declared, and lets the endpoint's role create and use
 * kine's schema (inside a transaction that is rolled back).
 *
 * <p>Contract: {@link dev.fleetc.cli.preflight.PostgresEndpoint} is pure (parsing kine's endpoint,
 * converting it to JDBC, masking the password); {@link dev.fleetc.cli.preflight.PostgresPreflight}
 * does the I/O and sorts every failure into one {@link dev.fleetc.cli.preflight.Failure} class with
 * its own exit code. No secret value is ever printed: every message, including the driver's, passes
 * through {@link dev.fleetc.cli.preflight.PostgresEndpoint#mask}.
 */
package dev.fleetc.cli.preflight;
