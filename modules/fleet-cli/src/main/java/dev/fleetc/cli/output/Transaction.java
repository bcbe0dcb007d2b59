package dev.fleetc.cli.output;

import dev.fleetc.cli.ExitCode;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.OutputLayout;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A compile as a transaction over the whole output folder.
 *
 * <ol>
 *   <li>Stage: every new file is written into the hidden staging folder {@code DIR/.fleetc-staging}
 *       (one file at a time, so that it can later be streamed). Nothing else changes.
 *   <li>Commit: the journal, listing every step, is written, flushed to disk and renamed into the
 *       staging folder. From here on the compile is done, even if fleetc dies.
 *   <li>Apply: the folders to create are created, then for each step the file in place is renamed
 *       into the staging folder (kept as a backup) and the staged file renamed into its place, the
 *       lock last; pruned files are moved to backups; folders emptied by pruning are removed.
 *   <li>Finish: the journal, then the staging folder with the backups, are deleted.
 * </ol>
 *
 * <p>Recovery, at the start of the next compile: staging without a journal is deleted (it was
 * interrupted before the commit, when nothing in the folder had changed, or after the last step,
 * when everything was in place). With a journal, the steps are finished (roll forward) when every
 * staged file still to move is intact, and undone from the backups otherwise (roll back). A failure
 * while applying in a live run is undone at once from the backups.
 */
final class Transaction {

  static final String STAGING = ".fleetc-staging";

  private final SafeFolder folder;
  private final Path staging;

  Transaction(SafeFolder folder) {
    this.folder = folder;
    this.staging = folder.resolve(STAGING);
  }

  /** Whether an interrupted compile left its staging folder; with or without a journal. */
  enum Leftover {
    NONE,
    STAGING,
    JOURNAL
  }

  Leftover leftover() throws OutputException {
    if (!folder.exists()) {
      return Leftover.NONE;
    }
    BasicFileAttributes attributes = folder.lstat(STAGING);
    if (attributes == null) {
      return Leftover.NONE;
    }
    if (!attributes.isDirectory()) {
      throw notOurs();
    }
    return folder.lstat(staging.resolve(Journal.FILE)) == null
        ? Leftover.STAGING
        : Leftover.JOURNAL;
  }

  private OutputException notOurs() {
    return attributesLink()
        ? folder.link(STAGING)
        : new OutputException(
            ExitCode.IO_ERROR,
            folder.show(STAGING) + " is not fleetc's staging folder; move it away");
  }

  private boolean attributesLink() {
    try {
      BasicFileAttributes attributes = folder.lstat(STAGING);
      return attributes != null && attributes.isSymbolicLink();
    } catch (OutputException e) {
      return false;
    }
  }

  /**
   * Finishes or undoes what an interrupted compile left; returns what was done, or {@code null}
   * when there was nothing to repair.
   */
  String repair() throws OutputException {
    Leftover leftover = leftover();
    if (leftover == Leftover.NONE) {
      return null;
    }
    if (leftover == Leftover.STAGING) {
      folder.deleteTree(staging);
      // Before the commit nothing had changed; after the journal's removal all was in place.
      return "removed the staging folder of an interrupted compile (nothing to finish or undo)";
    }
    Journal journal = boundJournal();
    String done;
    if (stagedFilesIntact(journal)) {
      rollForward(journal);
      done = "finished an interrupted compile (" + journal.steps().size() + " steps)";
    } else {
      rollBack(journal);
      done = "undid an interrupted compile whose staged files were damaged";
    }
    folder.deleteTree(staging);
    return done;
  }

  /**
   * The journal in the staging folder, read as untrusted input, if this fleetc wrote it for this
   * folder (its {@link Journal.Binding} holds); otherwise exit 4, and nothing is changed.
   */
  Journal boundJournal() throws OutputException {
    Path journalFile = staging.resolve(Journal.FILE);
    Journal journal;
    try {
      journal = Journal.parse(readJournal(journalFile));
    } catch (Journal.Unbound e) {
      throw unbound(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw new OutputException(
          ExitCode.IO_ERROR,
          folder.show(STAGING + "/" + Journal.FILE)
              + " is damaged ("
              + e.getMessage()
              + "); cannot finish the interrupted compile it describes. Restore the folder from"
              + " version control, then remove "
              + folder.show(STAGING));
    }
    Journal.Binding binding = journal.binding();
    String version = dev.fleetc.cli.Version.number();
    if (!binding.fleetc().equals(version)) {
      throw unbound(
          "it was written by fleetc '"
              + binding.fleetc().replaceAll("\\p{Cntrl}", "?")
              + "', this is fleetc "
              + version);
    }
    if (!journal.sealHolds()) {
      throw unbound("its digest chain does not match what it lists (edited or not fleetc's)");
    }
    if (!binding.staging().equals(identity(folder.lstat(staging)))) {
      throw unbound(
          "it was not written into this staging folder (the folder was made by something else:"
              + " a checkout, a copy, a pull request)");
    }
    String lock = identity(folder.lstat(OutputLayout.LOCK_FILE));
    if (lock.equals(Journal.ABSENT)) {
      // Between the lock step's two renames the previous lock is its backup.
      for (Journal.Step step : journal.steps()) {
        if (step.path().equals(OutputLayout.LOCK_FILE)) {
          String backup = identity(folder.lstat(staging.resolve(step.backup())));
          lock = backup.equals(Journal.ABSENT) ? lock : backup;
        }
      }
    }
    if (!lock.equals(binding.lockBefore()) && !lock.equals(binding.lockStaged())) {
      throw unbound(
          OutputLayout.LOCK_FILE
              + " is neither the lock it was written against nor the one it puts in place");
    }
    return journal;
  }

  private OutputException unbound(String reason) {
    return new OutputException(
        ExitCode.IO_ERROR,
        folder.show(STAGING + "/" + Journal.FILE)
            + " was not written by an interrupted fleet compile of "
            + folder.show("")
            + ": "
            + reason
            + ". fleetc acts only on a journal it can tie to its own compile (one planted in the"
            + " folder, by a pull request for instance, could make it overwrite or delete any"
            + " file), so it changed nothing. If no compile was interrupted here, delete "
            + folder.show(STAGING)
            + "; otherwise restore "
            + folder.show("")
            + " from version control, delete "
            + folder.show(STAGING)
            + " and compile again.");
  }

  /**
   * A file's identity on this machine (device and inode, where the file system has them): what a
   * file made by a checkout or a copy does not share. {@link Journal#ABSENT} when missing.
   */
  static String identity(BasicFileAttributes attributes) {
    if (attributes == null) {
      return Journal.ABSENT;
    }
    Object key = attributes.fileKey();
    return key == null ? "no file identity on this file system" : key.toString();
  }

  // A compile that streams: stage() each file as it is produced, then commit() or abort().

  private final List<Journal.Step> staged = new ArrayList<>();
  private Journal.Step lockStep;
  private int nextName;
  private boolean started;

  /**
   * Set once {@link #commit} runs: from then on it alone cleans up, or leaves what repair needs.
   */
  private boolean committing;

  /** Whether a file was staged: the staging folder exists. */
  boolean started() {
    return started;
  }

  /**
   * Writes one new file into the staging folder (created before the first); nothing in the output
   * folder changes. On a failure the caller calls {@link #abort}.
   */
  void stage(Artifact artifact) throws OutputException {
    stage(
        artifact.path(),
        staged -> {
          folder.writeNew(
              staged,
              artifact.bytes(),
              artifact.kind().executable(artifact.path()),
              folder.show(artifact.path()));
          return artifact.sha256();
        });
  }

  /**
   * Writes the lock's root file ({@code fleet.lock.json}) into the staging folder: its step is the
   * last one applied. (A parted lock's parts are staged like any file, before it.)
   */
  void stageLock(Artifact root) throws OutputException {
    stage(
        OutputLayout.LOCK_FILE,
        staged -> {
          folder.writeNew(staged, root.bytes(), false, folder.show(OutputLayout.LOCK_FILE));
          return root.sha256();
        });
  }

  /** Writes a staged file; returns the digest of what it wrote. */
  private interface StagedWrite {
    String to(Path staged) throws OutputException;
  }

  private void stage(String path, StagedWrite write) throws OutputException {
    if (!started) {
      folder.mkdir(staging);
      started = true;
    }
    int n = nextName++;
    String sha256 = write.to(staging.resolve("f" + n));
    Journal.Step step = new Journal.Step(path, "f" + n, "b" + n, sha256);
    if (path.equals(OutputLayout.LOCK_FILE)) {
      lockStep = step;
    } else {
      staged.add(step);
    }
  }

  /** Deletes the staging folder of a compile that will not be committed; {@code e} is the cause. */
  void abort(Exception e) {
    if (started && !committing) {
      cleanUpAfter(e);
    }
  }

  /** Deletes the staging folder of a compile that was refused: nothing in the folder changed. */
  void discard() throws OutputException {
    if (started && !committing) {
      folder.deleteTree(staging);
    }
  }

  /**
   * Commits what was staged with the given prunes, and applies it; on a failure, leaves the folder
   * as it was.
   */
  void commit(List<String> prunes) throws OutputException {
    committing = true;
    Journal journal;
    try {
      if (!started) {
        folder.mkdir(staging);
        started = true;
      }
      journal = journal(prunes);
      commit(journal);
    } catch (OutputException | RuntimeException e) {
      cleanUpAfter(e);
      throw e;
    }
    try {
      rollForward(journal);
    } catch (OutputException | RuntimeException e) {
      try {
        rollBack(journal);
      } catch (OutputException | RuntimeException again) {
        e.addSuppressed(again);
        throw new OutputException(
            ExitCode.IO_ERROR,
            e.getMessage()
                + "; undoing the compile failed too ("
                + again.getMessage()
                + "): the next 'fleet compile' finishes it");
      }
      cleanUpAfter(e);
      throw e;
    }
    try {
      folder.deleteTree(staging);
    } catch (OutputException e) {
      throw new OutputException(
          e.exitCode(),
          e.getMessage()
              + " (the new files are in place; the next fleet compile removes what is left)");
    }
  }

  private void cleanUpAfter(Exception e) {
    try {
      folder.deleteTree(staging);
    } catch (OutputException again) {
      e.addSuppressed(again);
    }
  }

  /** The steps in order: staged files, prunes, the lock last; and the folders to create. */
  private Journal journal(List<String> prunes) throws OutputException {
    List<Journal.Step> files = new ArrayList<>(staged);
    int n = nextName;
    for (String path : prunes) {
      files.add(new Journal.Step(path, null, "b" + n++, null));
    }
    if (lockStep != null) {
      files.add(lockStep); // last: a lock never lists a file that is not in place yet
    }
    Set<String> created = new LinkedHashSet<>();
    Set<String> existing = new java.util.HashSet<>(); // one lstat per folder, not per file
    for (Journal.Step step : files) {
      if (step.isWrite()) {
        String path = step.path();
        for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
          String parent = path.substring(0, slash);
          if (created.contains(parent) || existing.contains(parent)) {
            continue;
          }
          if (folder.lstat(parent) == null) {
            created.add(parent);
          } else {
            existing.add(parent);
          }
        }
      }
    }
    return Journal.sealed(
        dev.fleetc.cli.Version.number(),
        identity(folder.lstat(staging)),
        identity(folder.lstat(OutputLayout.LOCK_FILE)),
        lockStep == null
            ? Journal.NO_LOCK_STEP
            : identity(folder.lstat(staging.resolve(lockStep.staged()))),
        files,
        new ArrayList<>(created));
  }

  /** Writes the journal next to the staged files and renames it into place: the commit point. */
  private void commit(Journal journal) throws OutputException {
    Path draft = staging.resolve(Journal.FILE + ".draft");
    // Streamed: a 10,000-cluster compile's journal is 50 MB of JSON.
    folder.writeNew(
        draft,
        out -> journal.writeJson(new BufferedOutputStream(out, 1 << 16)),
        false,
        folder.show(STAGING + "/" + Journal.FILE));
    folder.sync(draft, false);
    folder.move(draft, staging.resolve(Journal.FILE), "commit");
    folder.sync(staging, true);
  }

  private void rollForward(Journal journal) throws OutputException {
    for (String created : journal.createdFolders()) {
      folder.checkParents(created);
      BasicFileAttributes attributes = folder.lstat(created);
      if (attributes == null) {
        folder.mkdir(folder.resolve(created));
      } else if (!attributes.isDirectory()) {
        folder.inspect(created + "/x"); // names the link or file in the way
      }
    }
    for (Journal.Step step : journal.steps()) {
      folder.checkParents(step.path());
      Path target = folder.resolve(step.path());
      Path backup = staging.resolve(step.backup());
      BasicFileAttributes current = folder.lstat(target);
      if (current != null && current.isDirectory()) {
        folder.inspectFile(step.path()); // refuses: a folder is in the way
      }
      if (step.isWrite()) {
        Path staged = staging.resolve(step.staged());
        if (folder.lstat(staged) == null) {
          continue; // done before the interruption
        }
        if (current != null && folder.lstat(backup) == null) {
          folder.move(target, backup, "back up");
        }
        folder.move(staged, target, "write");
      } else if (current != null && folder.lstat(backup) == null) {
        folder.move(target, backup, "back up (to prune)");
      }
    }
    for (Journal.Step step : journal.steps()) {
      if (!step.isWrite()) {
        folder.removeEmptyParents(step.path());
      }
    }
    folder.delete(staging.resolve(Journal.FILE)); // done: the backups are now garbage
  }

  /** Puts every backup back and removes new files and created folders, last step first. */
  private void rollBack(Journal journal) throws OutputException {
    List<Journal.Step> steps = new ArrayList<>(journal.steps());
    java.util.Collections.reverse(steps);
    for (Journal.Step step : steps) {
      folder.checkParents(step.path());
      Path target = folder.resolve(step.path());
      Path backup = staging.resolve(step.backup());
      if (folder.lstat(backup) != null) {
        createParents(step.path()); // pruning may have removed them
        folder.move(backup, target, "restore");
      } else if (step.isWrite() && folder.lstat(staging.resolve(step.staged())) == null) {
        folder.delete(target); // a new file that had no previous version
      }
    }
    List<String> created = new ArrayList<>(journal.createdFolders());
    java.util.Collections.reverse(created);
    for (String path : created) {
      BasicFileAttributes attributes = folder.lstat(path);
      if (attributes != null && attributes.isDirectory()) {
        try (var entries = Files.newDirectoryStream(folder.resolve(path))) {
          if (entries.iterator().hasNext()) {
            continue; // holds something fleetc did not put there
          }
        } catch (IOException e) {
          throw OutputException.cannot("read", folder.show(path), e);
        }
        folder.delete(folder.resolve(path));
      }
    }
    folder.delete(staging.resolve(Journal.FILE));
  }

  private void createParents(String path) throws OutputException {
    for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      String parent = path.substring(0, slash);
      if (folder.lstat(parent) == null) {
        folder.mkdir(folder.resolve(parent));
      }
    }
  }

  private boolean stagedFilesIntact(Journal journal) throws OutputException {
    for (Journal.Step step : journal.steps()) {
      if (!step.isWrite()) {
        continue;
      }
      Path staged = staging.resolve(step.staged());
      BasicFileAttributes attributes = folder.lstat(staged);
      if (attributes == null) {
        continue;
      }
      if (!attributes.isRegularFile() || !step.sha256().equals(sha256(staged))) {
        return false;
      }
    }
    return true;
  }

  private String sha256(Path file) throws OutputException {
    try (InputStream in =
        new DigestInputStream(
            Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS),
            MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw OutputException.cannot("read", folder.show(file), e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private String readJournal(Path file) throws OutputException {
    BasicFileAttributes attributes = folder.lstat(file);
    if (attributes == null || !attributes.isRegularFile() || attributes.size() > 256L << 20) {
      throw new IllegalArgumentException("not a regular file of a sensible size");
    }
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(in.readAllBytes()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("not UTF-8");
    } catch (IOException e) {
      throw OutputException.cannot("read", folder.show(file), e);
    }
  }
}
