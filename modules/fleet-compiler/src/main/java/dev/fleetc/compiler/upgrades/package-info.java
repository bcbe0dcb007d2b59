/**
 * Upgrades and rollout waves (docs/upgrades.md): the {@code upgrades:} settings of one cluster and
 * the fleet-level {@code rollout:}.
 *
 * <p>Contract: {@link dev.fleetc.compiler.upgrades.UpgradesBinder} turns a cluster's merged {@code
 * upgrades:} into {@link dev.fleetc.model.Upgrades}, with {@code auto} resolved per distribution
 * and a method that has no upgrade path there reported; {@link
 * dev.fleetc.compiler.upgrades.RolloutBinder} places every bound cluster in exactly one wave (the
 * first that matches; a catch-all wave is required, last). Every problem is reported at its value's
 * position; nothing here reads a file or the clock.
 */
package dev.fleetc.compiler.upgrades;
