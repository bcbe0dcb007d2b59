/**
 * The built-in release catalog: which exact build of each distribution and component to install for
 * a Kubernetes minor, and the K3s configuration keys per role.
 *
 * <p>Contract: facts are data files on the class path ({@code dev/fleetc/catalog/*.tsv}), read once
 * per process; extending the catalog means adding rows, not code. Rows marked {@code gap} or {@code
 * none-found} are never used to pin anything. Depends on the model, {@code yaml} and {@code
 * diagnostics} only.
 */
package dev.fleetc.compiler.catalog;
