package dev.fleetc.cli.output;

import dev.fleetc.cli.ExitCode;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.LockReader;
import dev.fleetc.emit.OutputLayout;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Brings an output folder in line with a compiled fleet, touching only files that fleetc owns
 * (those listed in the folder's {@code fleet.lock.json}), as one {@link Transaction}.
 */
public final class OutputTree {

  private final SafeFolder folder;

  public OutputTree(SafeFolder folder) {
    this.folder = folder;
  }

  public SafeFolder folder() {
    return folder;
  }

  /**
   * The lock currently in the folder, if any, checked as untrusted input.
   *
   * @throws OutputException exit 4 naming the lock and the bad entry
   */
  public Optional<Lock> currentLock() throws OutputException {
    if (!folder.exists()) {
      return Optional.empty();
    }
    String name = OutputLayout.LOCK_FILE;
    BasicFileAttributes attributes = folder.inspectFile(name);
    if (attributes == null) {
      return Optional.empty();
    }
    if (attributes.size() > LockReader.MAX_BYTES) {
      throw badLock("it is larger than " + LockReader.MAX_BYTES / (1024 * 1024) + " MiB");
    }
    byte[] bytes = folder.read(name, attributes.size());
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return Optional.of(LockReader.read(text, parts()));
    } catch (CharacterCodingException e) {
      throw badLock("it is not UTF-8 text");
    } catch (LockReader.InvalidLockException e) {
      throw badLock(e);
    } catch (java.io.UncheckedIOException e) {
      throw OutputException.cannot("read", folder.show(OutputLayout.LOCK_FILE), e.getCause());
    }
  }

  /**
   * The parts of a parted lock, read from the folder as untrusted input: a part must be a regular
   * file (never a link, nor below one), no larger than {@link LockReader#MAX_PART_BYTES}.
   */
  public LockReader.PartSource parts() {
    return parts(folder);
  }

  /** {@link #parts()} of any folder (for readers outside this package: {@code fleet publish}). */
  public static LockReader.PartSource parts(SafeFolder folder) {
    return (path, maxBytes) -> {
      BasicFileAttributes attributes;
      try {
        folder.checkParents(path);
        attributes = folder.lstat(path);
      } catch (OutputException e) {
        throw new LockReader.InvalidLockException(path, "cannot be read: " + e.getMessage());
      }
      if (attributes == null) {
        throw new LockReader.InvalidLockException(
            path, "is missing (" + OutputLayout.LOCK_FILE + " lists it)");
      }
      if (attributes.isSymbolicLink()) {
        throw new LockReader.InvalidLockException(
            path, "is a symbolic link; a part of the lock must be a regular file");
      }
      if (!attributes.isRegularFile()) {
        throw new LockReader.InvalidLockException(path, "is not a regular file");
      }
      if (attributes.size() > maxBytes) {
        throw new LockReader.InvalidLockException(
            path, "is larger than " + maxBytes / (1024 * 1024) + " MiB");
      }
      return Files.newInputStream(folder.resolve(path), LinkOption.NOFOLLOW_LINKS);
    };
  }

  /**
   * What a compile needs of the lock in the folder: every path it owns, and the entries of the
   * clusters it keeps ({@code fleet compile --cluster}).
   *
   * @param kept the previous lock with only the clusters asked for
   * @param paths every path the previous lock lists
   */
  public record PreviousLock(Lock kept, Set<String> paths) {}

  /**
   * The lock in the folder, checked as untrusted input like {@link #currentLock()}, but read as a
   * stream: only its paths and the clusters {@code keep} names are held, never the whole text or
   * tree (a 10,000-cluster lock is 60 MB of JSON).
   *
   * @throws OutputException exit 4 naming the lock and the bad entry
   */
  public Optional<PreviousLock> previousLock(Predicate<String> keep) throws OutputException {
    if (!folder.exists()) {
      return Optional.empty();
    }
    String name = OutputLayout.LOCK_FILE;
    BasicFileAttributes attributes = folder.inspectFile(name);
    if (attributes == null) {
      return Optional.empty();
    }
    if (attributes.size() > LockReader.MAX_BYTES) {
      throw badLock("it is larger than " + LockReader.MAX_BYTES / (1024 * 1024) + " MiB");
    }
    Set<String> paths = new HashSet<>();
    List<Lock.LockCluster> kept = new ArrayList<>();
    LockReader.Header header;
    try (Reader in =
        new InputStreamReader(
            Files.newInputStream(folder.resolve(name), LinkOption.NOFOLLOW_LINKS),
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT))) {
      header =
          LockReader.read(
              in,
              parts(),
              cluster -> {
                cluster.artifacts().forEach(a -> paths.add(a.path()));
                if (keep.test(cluster.name())) {
                  kept.add(cluster);
                }
              });
    } catch (CharacterCodingException e) {
      throw badLock("it is not UTF-8 text");
    } catch (LockReader.InvalidLockException e) {
      throw badLock(e);
    } catch (IOException e) {
      throw OutputException.cannot("read", folder.show(name), e);
    }
    Lock lock = header.lock();
    lock.files().forEach(f -> paths.add(f.path()));
    // The parts are files of the lock: owned, so that parts no longer written are pruned.
    paths.addAll(header.partPaths());
    return Optional.of(
        new PreviousLock(new Lock(lock.fleet(), lock.generator(), lock.files(), kept), paths));
  }

  private OutputException badLock(LockReader.InvalidLockException e) {
    String problem = e.getMessage();
    if (!e.file().equals(OutputLayout.LOCK_FILE)) {
      // Named as a path the user can open: out/fleet.lock.d/3.json: clusters[2]...
      problem = folder.show(e.file()) + problem.substring(e.file().length());
    }
    return badLock(problem);
  }

  private OutputException badLock(String problem) {
    return new OutputException(
        ExitCode.IO_ERROR,
        folder.show(OutputLayout.LOCK_FILE)
            + " is not a valid fleetc lock: "
            + problem
            + ". fleetc decides from the lock which files it may replace or delete, so it refuses"
            + " this one; restore it from version control (or remove it: every existing file is"
            + " then treated as not fleetc's). Nothing was written.");
  }

  /**
   * What an interrupted compile left, as a sentence for {@code --check} and {@code fleet diff}; or
   * {@code null} when nothing.
   */
  public String interruption() throws OutputException {
    Transaction transaction = new Transaction(folder);
    Transaction.Leftover leftover = transaction.leftover();
    if (leftover == Transaction.Leftover.JOURNAL) {
      transaction.boundJournal(); // a journal fleetc did not write is refused, not reported
    }
    return switch (leftover) {
      case NONE -> null;
      case STAGING ->
          folder.show("")
              + " holds the staging folder of an interrupted fleet compile ("
              + folder.show(Transaction.STAGING)
              + "); run 'fleet compile' to clean it up";
      case JOURNAL ->
          folder.show("")
              + " is half-written: a fleet compile was interrupted while it renamed files into"
              + " place; run 'fleet compile' to finish or undo it";
    };
  }

  /** Finishes or undoes an interrupted compile; returns what was done, or {@code null}. */
  public String repair() throws OutputException {
    return new Transaction(folder).repair();
  }

  /**
   * A file's text for {@code fleet diff -u}, read without following a link; empty when it is
   * missing, a link, or unreadable.
   */
  public Optional<String> readText(String path) {
    try {
      BasicFileAttributes attributes = folder.inspectFile(path);
      if (attributes == null || attributes.size() > LockReader.MAX_BYTES) {
        return Optional.empty();
      }
      return Optional.of(new String(folder.read(path, attributes.size()), StandardCharsets.UTF_8));
    } catch (OutputException e) {
      return Optional.empty();
    }
  }
}
