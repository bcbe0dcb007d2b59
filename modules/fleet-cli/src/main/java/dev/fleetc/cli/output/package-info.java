/**
 * Writing the output folder safely: the only code that creates, replaces or deletes files under
 * {@code fleet compile -o DIR}.
 *
 * <p>Contract (see docs/output-safety.md): nothing outside the output folder is written, read or
 * deleted, and no symbolic link inside it is followed ({@link dev.fleetc.cli.output.SafeFolder});
 * the lock is untrusted input ({@link dev.fleetc.emit.LockReader}); a compile is a transaction over
 * the whole folder, staged in one hidden folder and committed by a journal, which the next run
 * finishes or undoes ({@link dev.fleetc.cli.output.OutputTree}); one compile at a time per folder
 * ({@link dev.fleetc.cli.output.FolderLock}); every failure is an {@link
 * dev.fleetc.cli.output.OutputException} that names the path and the reason.
 */
package dev.fleetc.cli.output;
