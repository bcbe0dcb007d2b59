/**
 * The {@code fleet} command.
 *
 * <p>Contract: the only package that reads and writes files, prints, and chooses exit codes ({@link
 * dev.fleetc.cli.ExitCode}). Everything it shows comes from the compiler, emitters and plan
 * modules; it adds reading input safely and writing output atomically.
 */
package dev.fleetc.cli;
