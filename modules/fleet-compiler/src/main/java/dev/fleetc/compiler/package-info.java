/**
 * The fleet compiler's front end: fleet text in, a resolved {@link dev.fleetc.model.Fleet} or a
 * complete list of diagnostics out.
 *
 * <p>Contract: {@link dev.fleetc.compiler.FleetCompiler#compile} never throws on bad input and
 * never touches the file system; it reports every problem of the file at once, each with a stable
 * code ({@link dev.fleetc.compiler.diagnostics.ErrorCode}), a position, and a hint. A fleet is
 * returned only when there is no error, with every layer applied and every version pinned.
 */
package dev.fleetc.compiler;
