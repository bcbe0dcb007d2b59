/**
 * The orchestrator: {@link dev.fleetc.emit.fleet.FleetEmitter} runs every target and shared emitter
 * over the selected clusters and builds the lock. It streams: a bounded window of clusters is
 * emitted in parallel and handed to a {@link dev.fleetc.emit.fleet.ClusterSink} in the order of
 * their names, and only the lock's entries are kept ({@link dev.fleetc.emit.fleet.StreamedFleet}),
 * so that the memory of a compile does not grow with the size of its files.
 *
 * <p>Contract: the only package that knows every emitter; no emitter knows it. It lives outside
 * {@code dev.fleetc.emit} so that the root package (artifacts, output layout, the lock, the emitter
 * interfaces) depends on no emitter and the packages under {@code emit} form no cycle ({@code
 * EmitArchitectureTest}).
 */
package dev.fleetc.emit.fleet;
