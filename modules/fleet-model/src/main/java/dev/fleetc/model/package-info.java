/**
 * The resolved fleet: immutable records that every later stage reads.
 *
 * <p>Contract: no I/O, no parsing, no dependencies beyond the JDK. A {@link dev.fleetc.model.Fleet}
 * holds only valid, fully resolved clusters (every version pinned, every layer applied); the
 * compiler guarantees that before it hands one out. Collections are unmodifiable and ordered as
 * declared, so iterating them is deterministic.
 *
 * <p>Also here, because every later module prints through it: {@link
 * dev.fleetc.model.TerminalText}, the one escaper for text shown at a terminal.
 */
package dev.fleetc.model;
