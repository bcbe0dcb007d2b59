/**
 * The plan of a fleet change ({@code fleet diff}): what two compiled revisions differ in, per
 * cluster, classified by impact ({@link dev.fleetc.plan.ChangeClass}).
 *
 * <p>Contract: pure. {@link dev.fleetc.plan.Revision}s in (a resolved fleet with its emitted files,
 * or a {@code fleet.lock.json}), {@link dev.fleetc.plan.Plan} out, rendered as text, Markdown or
 * versioned JSON. No I/O, no clock. Changes are classified from the models (settings by {@link
 * dev.fleetc.plan.ImpactRules}, nodes by name) and generated files by digest, never from text; the
 * plan does not depend on the order of clusters in the file. Linear in clusters, nodes and files.
 * In a fleet with rollout waves the plan also summarises each wave ({@link
 * dev.fleetc.plan.WaveSummary}): counts of the clusters' rows, never a second opinion.
 */
package dev.fleetc.plan;
