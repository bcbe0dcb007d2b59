/**
 * The built-in release catalog: which exact build of each distribution and component to install for
 * a Kubernetes minor, every released build a pin may name ({@code builds.tsv}, {@link
 * KnownBuilds}), when upstream support ends ({@code support-windows.tsv}, {@link SupportWindows}),
 * and the K3s configuration keys per role.
 *
 * <p>Contract: facts are data files on the class path ({@code dev/fleetc/catalog/*.tsv}), read once
 * per process; extending the catalog means adding rows, not code. Rows marked {@code gap} or {@code
 * none-found} are never used to pin anything. Judgements about time are made against the catalog's
 * own date ({@code releases.tsv}, row {@code catalog as-of}), never the clock. Depends on the
 * model, {@code yaml} and {@code diagnostics} only.
 */
package dev.fleetc.compiler.catalog;
