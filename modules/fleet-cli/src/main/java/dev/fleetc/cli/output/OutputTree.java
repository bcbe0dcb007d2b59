package dev.fleetc.cli.output;

import dev.fleetc.cli.ExitCode;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.LockReader;
import dev.fleetc.emit.OutputLayout;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Brings an output folder in line with a compiled fleet, touching only files that fleetc owns
 * (those listed in the folder's {@code fleet.lock.json}), as one {@link Transaction}.
 */
public final class OutputTree {

  /** What a compile would change. */
  public record Changes(
      Map<String, Artifact> write,
      List<String> prune,
      List<String> unchanged,
      List<String> foreign) {
    public boolean isEmpty() {
      return write.isEmpty() && prune.isEmpty();
    }
  }

  /**
   * Threads reading files for a comparison. Creating, renaming and removing files stay on one
   * thread: they cost kernel time, not waiting, and more threads only contend for the file system's
   * locks (measured: 8 threads take 1.6 times as long as one; see docs/performance.md).
   */
  private static final int READ_THREADS = 2;

  /** What a path holds compared with the content it should have. */
  private enum State {
    MISSING,
    DIFFERENT,
    SAME
  }

  private final SafeFolder folder;

  public OutputTree(SafeFolder folder) {
    this.folder = folder;
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
      return Optional.of(LockReader.read(text));
    } catch (CharacterCodingException e) {
      throw badLock("it is not UTF-8 text");
    } catch (LockReader.InvalidLockException e) {
      throw badLock(e.getMessage());
    }
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
    return switch (new Transaction(folder).leftover()) {
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
   * Compares the folder with the files a compile produces.
   *
   * @param files every file to have, the lock included
   * @param owned the paths the previous lock listed
   * @param kept paths that stay although they are not written now (other clusters' files, with
   *     {@code --cluster})
   */
  public Changes compare(List<Artifact> files, Set<String> owned, Set<String> kept)
      throws OutputException {
    boolean rootExists = folder.exists();
    List<State> states =
        rootExists
            ? inParallel(files, READ_THREADS, this::state)
            : Collections.nCopies(files.size(), State.MISSING);
    Map<String, Artifact> write = new LinkedHashMap<>();
    List<String> unchanged = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    Set<String> produced = new TreeSet<>();
    for (int i = 0; i < files.size(); i++) {
      Artifact file = files.get(i);
      produced.add(file.path());
      if (states.get(i) == State.SAME) {
        unchanged.add(file.path());
        continue;
      }
      if (!owned.contains(file.path())
          && !file.path().equals(OutputLayout.LOCK_FILE)
          && states.get(i) != State.MISSING) {
        foreign.add(file.path());
      }
      write.put(file.path(), file);
    }
    List<String> prune = new ArrayList<>();
    for (String path : new TreeSet<>(owned)) {
      if (!produced.contains(path)
          && !kept.contains(path)
          && rootExists
          && folder.inspectFile(path) != null) {
        prune.add(path);
      }
    }
    return new Changes(write, prune, unchanged, foreign);
  }

  private State state(Artifact file) throws OutputException {
    BasicFileAttributes attributes = folder.inspectFile(file.path());
    if (attributes == null) {
      return State.MISSING;
    }
    boolean same =
        attributes.size() == file.bytes().length
            && (!(attributes instanceof PosixFileAttributes posix)
                || posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE)
                    == file.kind().executable());
    return same && Arrays.equals(folder.read(file.path(), attributes.size()), file.bytes())
        ? State.SAME
        : State.DIFFERENT;
  }

  /** Writes and prunes as one transaction: on a failure, the folder is left as it was. */
  public void apply(Changes changes) throws OutputException {
    if (changes.isEmpty()) {
      return; // up to date: no staging, no journal, no fsync
    }
    new Transaction(folder).run(new ArrayList<>(changes.write().values()), changes.prune());
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

  /** An I/O step over one item. */
  private interface IoFunction<T, R> {
    R apply(T item) throws OutputException;
  }

  /**
   * Runs an I/O step over every item on a few threads (file system latency, not CPU, bounds these
   * steps), returning the results in the items' order; the first failure is rethrown.
   */
  private static <T, R> List<R> inParallel(List<T> items, int threads, IoFunction<T, R> step)
      throws OutputException {
    if (items.size() < 64) {
      List<R> results = new ArrayList<>();
      for (T item : items) {
        results.add(step.apply(item));
      }
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<R>> futures = new ArrayList<>();
      for (T item : items) {
        futures.add(pool.submit(() -> step.apply(item)));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new OutputException(ExitCode.IO_ERROR, "interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof OutputException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
