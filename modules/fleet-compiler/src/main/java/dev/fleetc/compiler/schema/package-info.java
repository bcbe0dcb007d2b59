/**
 * The shape of a fleet file, declared once: which keys exist where, their types and allowed values,
 * and what each means.
 *
 * <p>Contract: {@link dev.fleetc.compiler.schema.FleetSchema} is the single source of truth. The
 * {@link dev.fleetc.compiler.schema.ShapeChecker} reports unknown keys, wrong types and bad values
 * from it, and {@link dev.fleetc.compiler.schema.JsonSchema} turns it into the JSON Schema that
 * {@code fleet schema} prints for editors. Semantics (quorum, overlaps, versions) are not here.
 * Depends on the model, {@code yaml} and {@code diagnostics} only.
 */
package dev.fleetc.compiler.schema;
