package dev.fleetc.cli;

import dev.fleetc.compiler.upgrades.RolloutStateJson;
import dev.fleetc.emit.support.JsonWriter;
import dev.fleetc.model.RolloutState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code fleet.rollout.json} beside the fleet file: the one file fleetc writes outside an output
 * folder, because it is input to the next compile (committed with the fleet file). Read bounded and
 * checked ({@link RolloutStateJson}); a link in its place is neither followed nor replaced; written
 * whole to a temporary file in the same folder and moved into place, so a failed run leaves the
 * previous state.
 */
final class RolloutFile {

  private final Path path;

  private RolloutFile(Path path) {
    this.path = path;
  }

  static RolloutFile beside(Path fleetFile) {
    Path folder = fleetFile.toAbsolutePath().getParent();
    return new RolloutFile(folder.resolve(RolloutStateJson.FILE_NAME));
  }

  Path path() {
    return path;
  }

  /** The recorded state, or empty when there is no file yet. */
  Optional<RolloutState> read() throws FleetInput.InputException {
    if (Files.isSymbolicLink(path)) {
      throw new FleetInput.InputException(
          ExitCode.IO_ERROR, path + ": is a symbolic link; fleetc neither follows nor replaces it");
    }
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
      throw new FleetInput.InputException(ExitCode.IO_ERROR, path + ": not a regular file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path, LinkOption.NOFOLLOW_LINKS)) {
      bytes = in.readNBytes(RolloutStateJson.MAX_BYTES + 1);
    } catch (IOException e) {
      throw new FleetInput.InputException(
          ExitCode.IO_ERROR,
          path + ": cannot read: " + dev.fleetc.cli.output.OutputException.reason(e));
    }
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(java.nio.ByteBuffer.wrap(bytes))
              .toString();
      return Optional.of(RolloutStateJson.read(text));
    } catch (CharacterCodingException e) {
      throw invalid("not UTF-8");
    } catch (RolloutStateJson.InvalidStateException e) {
      throw invalid(e.getMessage());
    }
  }

  private FleetInput.InputException invalid(String why) {
    return new FleetInput.InputException(
        ExitCode.INVALID,
        path
            + ": not a valid rollout state: "
            + why
            + " (restore it from Git; fleetc writes it, people should not edit it)");
  }

  /** Writes the state when it differs from what is recorded. */
  void write(RolloutState state, Optional<RolloutState> recorded) throws IOException {
    if (recorded.isPresent() && recorded.get().equals(state)) {
      return;
    }
    byte[] json = JsonWriter.write(RolloutStateJson.toJson(state)).getBytes(StandardCharsets.UTF_8);
    Path temp = path.resolveSibling("." + RolloutStateJson.FILE_NAME + ".tmp");
    Files.deleteIfExists(temp);
    Files.write(temp, json, java.nio.file.StandardOpenOption.CREATE_NEW);
    try {
      Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** The time to record: {@code --now} when given (tests, reproducible CI runs), else the clock. */
  static Instant now(String option) throws FleetInput.InputException {
    if (option == null || option.isEmpty()) {
      return Instant.now();
    }
    try {
      return Instant.parse(option);
    } catch (DateTimeParseException e) {
      throw new FleetInput.InputException(
          ExitCode.USAGE, "--now must be a UTC time like 2026-12-07T12:00:00Z");
    }
  }
}
