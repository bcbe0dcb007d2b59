/**
 * {@code fleet import}: turns the configuration of clusters that already run (a {@code
 * k0sctl.yaml}, K3s per-node config files, MicroK8s launch configurations) into fleet cluster
 * entries, as plain maps ready to serialize. Pure: text in, maps and an {@link
 * dev.fleetc.compiler.importer.ImportReport} out; reading files is the CLI's job.
 *
 * <p>Every setting of the input ends up in one of three places: a field of the language, an escape
 * hatch ({@code k0s}, {@code k3s}, {@code microk8s}), or a warning of the report. Inline secrets
 * never reach the output: they become references and a warning names the variable to set.
 *
 * <p>Each imported cluster carries an {@link dev.fleetc.compiler.importer.ImportOrigins}: for each
 * part of the cluster, the input file and key it was read from, so that the CLI shows every
 * diagnostic of the language at its line and column of the input, never in the imported text.
 */
package dev.fleetc.compiler.importer;
