/**
 * Upgrades and rollout waves (docs/upgrades.md): the {@code upgrades:} settings of one cluster and
 * the fleet-level {@code rollout:}.
 *
 * <p>Contract: {@link dev.fleetc.compiler.upgrades.UpgradesBinder} turns a cluster's merged {@code
 * upgrades:} into {@link dev.fleetc.model.Upgrades}, with {@code auto} resolved per distribution
 * and a method that has no upgrade path there reported; {@link
 * dev.fleetc.compiler.upgrades.RolloutBinder} places every bound cluster in exactly one wave (the
 * first that matches; a catch-all wave is required, last). {@link
 * dev.fleetc.compiler.upgrades.RolloutEngine} refuses a promotion that downgrades, skips a minor or
 * breaks the k3s-upgrade month rule (FLEET-E110..E112, from the catalog's release dates), located
 * at the declared version. Every problem is reported at its value's position; nothing here reads a
 * file or the clock.
 */
package dev.fleetc.compiler.upgrades;
