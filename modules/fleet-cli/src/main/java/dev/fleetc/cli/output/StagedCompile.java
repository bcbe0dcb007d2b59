package dev.fleetc.cli.output;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.LockFiles;
import dev.fleetc.emit.LockReader;
import dev.fleetc.emit.OutputLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One compile, fed file by file as the emitter produces them: each file is compared with the folder
 * at once; an unchanged one is left alone, a new or changed one is staged into the {@link
 * Transaction}'s staging folder right away (or, for {@code --check}, only named), and its bytes are
 * dropped. {@link #finish} then adds the files of the whole fleet and the lock, works out the
 * prunes, and commits: the same journal, commit point and recovery as a compile that held every
 * file, since nothing in the folder itself changes before the commit.
 *
 * <p>A file that exists but that the previous lock does not list is someone else's: it is recorded,
 * nothing more is staged, and {@link #finish} removes the staging folder and reports them all
 * (unless {@code --force}).
 */
public final class StagedCompile {

  /** What the compile found, and for a write, did. */
  public record Outcome(
      int written, int unchanged, List<String> changed, List<String> prune, List<String> foreign) {

    /** For {@code --check}: nothing to write or remove. */
    public boolean upToDate() {
      return changed.isEmpty() && prune.isEmpty();
    }
  }

  /** What a path holds compared with the content it should have. */
  private enum State {
    MISSING,
    DIFFERENT,
    SAME
  }

  /**
   * When the lock is parted ({@link LockFiles}). {@code -Dfleetc.lockSingleMaxBytes=N} lowers the
   * size from which it is, for tests that part a small fleet; both layouts are always read.
   */
  private final LockFiles.Limits lockLimits = lockLimits();

  private static LockFiles.Limits lockLimits() {
    Integer single = Integer.getInteger("fleetc.lockSingleMaxBytes");
    return single == null || single < 1
        ? LockFiles.Limits.DEFAULT
        : new LockFiles.Limits(single, Math.max(1 << 16, single));
  }

  private final SafeFolder folder;
  private final boolean write;
  private final boolean force;
  private final boolean rootExists;
  private final Set<String> ownedNotYetProduced;
  private final Transaction transaction;
  private final List<String> changed = new ArrayList<>();
  private final List<String> foreign = new ArrayList<>();

  /** States computed ahead by {@link #prepare}, until {@link #accept} takes them. */
  private final Map<String, Object> prepared = new ConcurrentHashMap<>();

  private int written;
  private int unchanged;

  /**
   * @param owned the previous lock's paths; taken over (a path is removed as it is produced, so
   *     that what is left at the end is what may be pruned)
   * @param write whether to stage and commit ({@code false}: {@code --check}, compare only)
   */
  public StagedCompile(SafeFolder folder, Set<String> owned, boolean write, boolean force) {
    this.folder = folder;
    this.write = write;
    this.force = force;
    this.rootExists = folder.exists();
    this.ownedNotYetProduced = owned;
    this.transaction = new Transaction(folder);
  }

  /** Compares one produced file with the folder, and stages it when it is new or changed. */
  public void accept(Artifact file) throws OutputException {
    accept(file, foreign.size());
  }

  /**
   * Compares files with the folder ahead of {@link #accept}, on any thread: reading 270,000 files
   * one by one on the ordered path was the bottleneck of an up-to-date {@code --check}. Changes
   * nothing: until the commit nothing in the folder changes, so the answer is the same later.
   */
  public void prepare(List<Artifact> files) {
    if (!rootExists) {
      return;
    }
    for (Artifact file : files) {
      if (LockReader.unsafe(file.path()) != null) {
        continue; // refused by accept, in order
      }
      Object state;
      try {
        state = state(file);
      } catch (OutputException e) {
        state = e; // reported by accept, in order
      }
      prepared.put(file.path(), state);
    }
  }

  private void accept(Artifact file, int foreignAt) throws OutputException {
    String path = file.path();
    String unrecordable = LockReader.unsafe(path);
    if (unrecordable != null) {
      // The compiler's path rules should have refused it: a lock that listed it would be refused
      // by the next run, leaving the folder stuck. An internal error (70), before it is written.
      throw new IllegalStateException(
          "fleetc produced the output path '"
              + path.replaceAll("\\p{Cntrl}", "?")
              + "', which its own lock reader refuses ("
              + unrecordable
              + "); nothing was written");
    }
    // Every path is produced once, so "was still listed" means "the previous lock owns it".
    boolean owned = ownedNotYetProduced.remove(path);
    Object ready = prepared.remove(path);
    if (ready instanceof OutputException e) {
      throw e;
    }
    State state = !rootExists ? State.MISSING : ready != null ? (State) ready : state(file);
    if (state == State.SAME) {
      unchanged++;
      return;
    }
    if (!owned && state != State.MISSING) {
      foreign.add(foreignAt, path);
    }
    if (!write) {
      changed.add(path);
      return;
    }
    written++;
    if (foreign.isEmpty() || force) {
      transaction.stage(file); // after a foreign file nothing is staged: the compile is refused
    }
  }

  /**
   * Adds the files of the whole fleet and the lock, and, for a write, commits: unless files that
   * fleetc does not own are in the way and {@code force} is off, in which case the staging folder
   * is removed and nothing in the folder changed.
   *
   * @param fleetFiles files of the whole fleet ({@code FLEET.md}); reported first, as they are
   *     listed first in the lock
   * @param lock the new lock
   * @param kept paths that stay although they were not produced now (other clusters' files, with
   *     {@code --cluster})
   */
  public Outcome finish(List<Artifact> fleetFiles, Lock lock, Set<String> kept)
      throws OutputException {
    int foreignAt = 0;
    for (Artifact file : fleetFiles) {
      int before = foreign.size();
      accept(file, foreignAt);
      foreignAt += foreign.size() - before;
    }
    if (!write && !rootExists) {
      // A check of a folder that does not exist: every file is missing, so the lock's files are
      // only named, not serialized to be compared with nothing.
      changed.addAll(LockFiles.paths(lock, lockLimits));
      return new Outcome(written, unchanged, changed, List.of(), List.copyOf(foreign));
    }
    // The lock's files (one, or its parts then its root; LockFiles), one at a time.
    for (LockFiles.LockFile lockFile : LockFiles.lazily(lock, lockLimits)) {
      Artifact file = lockFile.artifact();
      boolean root = file.path().equals(OutputLayout.LOCK_FILE);
      boolean owned = ownedNotYetProduced.remove(file.path());
      State state = rootExists ? state(file) : State.MISSING;
      if (state == State.SAME) {
        continue;
      }
      if (!root && !owned && state != State.MISSING) {
        foreign.add(file.path()); // a part the previous lock does not list: someone else's file
      }
      if (!write) {
        changed.add(file.path());
      } else if (foreign.isEmpty() || force) {
        if (root) {
          transaction.stageLock(file);
        } else {
          transaction.stage(file);
        }
      }
    }
    List<String> prune = new ArrayList<>();
    for (String path : new TreeSet<>(ownedNotYetProduced)) {
      if (!kept.contains(path) && rootExists && folder.inspectFile(path) != null) {
        prune.add(path);
      }
    }
    Outcome outcome = new Outcome(written, unchanged, changed, prune, List.copyOf(foreign));
    if (!write) {
      return outcome;
    }
    if (!foreign.isEmpty() && !force) {
      transaction.discard();
      return outcome;
    }
    if (transaction.started() || !prune.isEmpty()) {
      transaction.commit(prune); // up to date: no staging, no journal, no fsync
    }
    return outcome;
  }

  /** Removes what was staged, after a failure; {@code cause} collects a failure to do so. */
  public void abort(Exception cause) {
    transaction.abort(cause);
  }

  private State state(Artifact file) throws OutputException {
    BasicFileAttributes attributes = folder.inspectFile(file.path());
    if (attributes == null) {
      return State.MISSING;
    }
    byte[] bytes = file.bytes();
    return attributes.size() == bytes.length
            && modeMatches(file.path(), attributes, file.kind().executable(file.path()))
            && folder.holds(file.path(), bytes)
        ? State.SAME
        : State.DIFFERENT;
  }

  private static final Set<PosixFilePermission> REGULAR =
      java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> EXECUTABLE =
      java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x");

  /** Set-user-ID, set-group-ID and sticky: not in {@link PosixFilePermission}, only in the mode. */
  private static final int SPECIAL_BITS = 07000;

  /**
   * Whether a file has exactly the mode fleetc gives it: 0644, or 0755 for a script. The whole
   * mode, not only owner-execute: a world-writable or set-user-ID {@code install.sh} is not up to
   * date (it is staged again, and the rename puts a file of the right mode in its place).
   */
  private boolean modeMatches(String relative, BasicFileAttributes attributes, boolean executable)
      throws OutputException {
    if (!(attributes instanceof PosixFileAttributes posix)) {
      return true;
    }
    if (!posix.permissions().equals(executable ? EXECUTABLE : REGULAR)) {
      return false;
    }
    Object mode;
    try {
      mode = Files.getAttribute(folder.resolve(relative), "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException | IllegalArgumentException e) {
      return true; // no "unix" view: the nine permission bits are all there is to compare
    } catch (IOException e) {
      throw OutputException.cannot("read", folder.show(relative), e);
    }
    return !(mode instanceof Integer bits) || (bits & SPECIAL_BITS) == 0;
  }
}
