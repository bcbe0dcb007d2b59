/**
 * External datastores: for every cluster on {@code datastore: postgres} (K3s, k0s through kine) an
 * idempotent {@code bootstrap/<cluster>/datastore.sql} that a PostgreSQL administrator runs with
 * psql before any node is installed.
 *
 * <p>Contract: the script contains no secret and no name that could disagree with the endpoint: the
 * role, its password and the database are taken at run time from the cluster's endpoint (the same
 * reference the servers read), passed as the psql variable {@code endpoint}. The role gets least
 * privilege (login, owner of its own database, nothing else) and only it may connect to its
 * database.
 */
package dev.fleetc.emit.datastore;
