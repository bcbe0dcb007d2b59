/**
 * The orchestrator: {@link dev.fleetc.emit.fleet.FleetEmitter} runs every target and shared emitter
 * over the selected clusters and builds the lock.
 *
 * <p>Contract: the only package that knows every emitter; no emitter knows it. It lives outside
 * {@code dev.fleetc.emit} so that the root package (artifacts, output layout, the lock, the emitter
 * interfaces) depends on no emitter and the packages under {@code emit} form no cycle ({@code
 * EmitArchitectureTest}).
 */
package dev.fleetc.emit.fleet;
