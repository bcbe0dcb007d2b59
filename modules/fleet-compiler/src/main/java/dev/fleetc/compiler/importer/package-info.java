/**
 * {@code fleet import}: turns the configuration of clusters that already run (a {@code
 * k0sctl.yaml}, K3s per-node config files, MicroK8s launch configurations) into fleet cluster
 * entries, as plain maps ready to serialize. Pure: text in, maps and an {@link
 * dev.fleetc.compiler.importer.ImportReport} out; reading files is the CLI's job.
 *
 * <p>Every setting of the input ends up in one of three places: a field of the language, an escape
 * hatch ({@code k0s}, {@code k3s}, {@code microk8s}), or a warning of the report. Inline secrets
 * never reach the output: they become references and a warning names the variable to set.
 */
package dev.fleetc.compiler.importer;
