/**
 * The back end: a resolved {@link dev.fleetc.model.Fleet} in, every file to write held in memory
 * out, with the {@code fleet.lock.json} that lists them.
 *
 * <p>Contract: emitters are pure functions of the model. They read no files, no clock, no
 * environment and no locale, so the same fleet always gives the same bytes. Each target lives in
 * its own package ({@code k3s}, {@code k0s}, {@code microk8s}, {@code gitops}) behind {@link
 * dev.fleetc.emit.TargetEmitter}; YAML goes through {@link dev.fleetc.emit.support.YamlWriter} and
 * shell scripts through {@link dev.fleetc.emit.support.Templates}, never string concatenation.
 * Emitters do not call into each other: what several share is in {@code emit.addons} (the add-on
 * model), {@code emit.runbook} (runbook pieces) and {@code emit.support} (writers, templates), and
 * {@link dev.fleetc.emit.fleet.FleetEmitter} alone runs them all.
 */
package dev.fleetc.emit;
