/**
 * What the compiler says about a fleet file: the stable codes ({@link
 * dev.fleetc.compiler.diagnostics.ErrorCode}), the collector that gathers every finding of a run
 * ({@link dev.fleetc.compiler.diagnostics.Diagnostics}), the compiler-style text rendering ({@link
 * dev.fleetc.compiler.diagnostics.DiagnosticRenderer}) and "did you mean" hints ({@link
 * dev.fleetc.compiler.diagnostics.Suggestions}).
 *
 * <p>Contract: depends on the model only. Every diagnostic any module prints is built from an
 * {@code ErrorCode} and rendered by {@code DiagnosticRenderer}; docs/diagnostics.md documents every
 * code (a test keeps the two in step).
 */
package dev.fleetc.compiler.diagnostics;
