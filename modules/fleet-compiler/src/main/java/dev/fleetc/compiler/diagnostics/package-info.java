/**
 * What the compiler says about a fleet file: the stable codes ({@link
 * dev.fleetc.compiler.diagnostics.ErrorCode}), the collector that gathers every finding of a run
 * ({@link dev.fleetc.compiler.diagnostics.Diagnostics}), the compiler-style text rendering ({@link
 * dev.fleetc.compiler.diagnostics.DiagnosticRenderer}) and "did you mean" hints ({@link
 * dev.fleetc.compiler.diagnostics.Suggestions}).
 *
 * <p>Contract: depends on the model only. Every diagnostic any module prints is built from an
 * {@code ErrorCode} and rendered by {@code DiagnosticRenderer}; docs/diagnostics.md documents every
 * code (a test keeps the two in step). No rendered diagnostic prints a secret: what looks secret on
 * a line is masked ({@link dev.fleetc.compiler.diagnostics.SecretMasker}), and so is every value
 * recorded as secret by its use ({@link dev.fleetc.compiler.diagnostics.Redactions}), in quoted
 * lines, messages and hints.
 */
package dev.fleetc.compiler.diagnostics;
