/**
 * Runbook and install-script pieces several targets share: the datastore steps ({@link
 * dev.fleetc.emit.runbook.DatastoreSteps}), Velero's credentials Secret ({@link
 * dev.fleetc.emit.runbook.VeleroSecret}), where a script reads a secret ({@link
 * dev.fleetc.emit.runbook.SecretSource}) and the {@code sudo --preserve-env} option ({@link
 * dev.fleetc.emit.runbook.Runbooks}), as typed records that Mustache templates read through their
 * accessors (Mustache.java's default object handler calls a record's {@code name()} accessor).
 *
 * <p>Contract: pure, cluster model in, template inputs out. An emitter that needs another target's
 * fact for its runbook (the path of {@code datastore.sql}, the name of Velero's Secret) takes it
 * from here or from {@link dev.fleetc.emit.OutputLayout}, never from that target's emitter package:
 * distribution packages (k3s, k0s, microk8s) depend on neither {@code dev.fleetc.emit.gitops} nor
 * {@code dev.fleetc.emit.datastore}, and this package depends on no emitter package ({@code
 * EmitArchitectureTest}).
 */
package dev.fleetc.emit.runbook;
