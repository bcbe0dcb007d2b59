package dev.fleetc.cli;

import dev.fleetc.cli.output.OutputException;
import dev.fleetc.cli.output.OutputTree;
import dev.fleetc.cli.output.SafeFolder;
import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.sets.InventoryFiles;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.LockReader;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.model.Fleet;
import dev.fleetc.plan.Revision;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Reads one side of {@code fleet diff}: a fleet file, a compiled output folder (through its lock),
 * or {@code REV:path} from a git repository (a fleet file or an output folder at that revision),
 * read with JGit.
 */
final class DiffSide {

  /** Why a side cannot be read; the message is printed as is. */
  static final class SideException extends Exception {
    SideException(String message) {
      super(message);
    }
  }

  private DiffSide() {}

  /**
   * A side as read: a resolved fleet still to be emitted, or an output folder's revision.
   *
   * @param fleet the fleet, or {@code null} for a folder
   * @param folder the folder's revision, or {@code null} for a fleet
   * @param approvedWaves the rollout waves approved for the current rollout (from the fleet's
   *     {@code fleet.rollout.json}), empty without one
   */
  record Side(Fleet fleet, Revision folder, java.util.Set<String> approvedWaves) {

    Side(Fleet fleet, Revision folder) {
      this(fleet, folder, java.util.Set.of());
    }

    /**
     * The revision to plan with.
     *
     * @param emitOnly the clusters whose files are worth computing (the others are compared by
     *     model only)
     */
    Revision revision(java.util.function.Predicate<String> emitOnly) {
      if (folder != null) {
        return folder;
      }
      FleetEmitter emitter = FleetEmitter.standard();
      CompiledFleet compiled =
          emitter.emit(fleet, c -> emitOnly.test(c.name()), Version.generator());
      return Revision.compiled(fleet, compiled, approvedWaves);
    }
  }

  /**
   * @param repoDir where to look for the git repository (it and its parents)
   */
  static Side load(String spec, Path repoDir, PrintWriter err) throws SideException {
    return load(spec, repoDir, java.time.Duration.ZERO, err);
  }

  /**
   * @param wait how long to wait for a compile that holds an output folder side
   */
  static Side load(String spec, Path repoDir, java.time.Duration wait, PrintWriter err)
      throws SideException {
    Path path = asPath(spec);
    if (path != null && Files.isDirectory(path)) {
      return localFolder(spec, path, wait);
    }
    if (path != null && Files.isRegularFile(path)) {
      return withRollout(spec, path, fleet(spec, FleetInputText.compile(path), err));
    }
    int colon = spec.indexOf(':');
    if (colon > 0) {
      return fromGit(spec.substring(0, colon), spec.substring(colon + 1), spec, repoDir, err);
    }
    throw new SideException(spec + ": no such file or folder (a git revision is written REV:path)");
  }

  private static Path asPath(String spec) {
    try {
      return Path.of(spec);
    } catch (InvalidPathException e) {
      return null;
    }
  }

  /**
   * A fleet file with rollout waves is compared as {@code fleet compile} would write it: the
   * recorded state beside it decides each cluster's effective version, and a bump that would start
   * a rollout shows its first batch promoted and the rest held. Nothing is written.
   */
  private static Side withRollout(String spec, Path path, Side side) throws SideException {
    if (side.fleet() == null || side.fleet().rolloutIfAny().isEmpty()) {
      return side;
    }
    try {
      dev.fleetc.compiler.upgrades.RolloutEngine.Step step =
          dev.fleetc.compiler.upgrades.RolloutEngine.compile(
              side.fleet(), RolloutFile.beside(path).read(), java.time.Instant.EPOCH);
      if (!step.refused().isEmpty()) {
        throw new SideException(spec + ": " + String.join("; ", step.refused()));
      }
      java.util.Set<String> approved = new java.util.TreeSet<>();
      step.state()
          .flatMap(dev.fleetc.model.RolloutState::rolloutIfAny)
          .ifPresent(
              run ->
                  run.waves().stream()
                      .filter(w -> !w.approvals().isEmpty())
                      .forEach(w -> approved.add(w.name())));
      return new Side(step.fleet(), null, approved);
    } catch (FleetInput.InputException e) {
      throw new SideException(e.getMessage());
    }
  }

  private static Side fleet(String name, CompileResult result, PrintWriter err)
      throws SideException {
    if (result.hasErrors()) {
      err.print(result.renderer().renderAll(result.errors()));
      throw new SideException(name + ": the fleet has errors; nothing to compare");
    }
    return new Side(result.fleet().orElseThrow(), null);
  }

  /**
   * A compiled output folder on disk, read as {@code fleet compile} reads it: the lock is checked,
   * no link inside the folder is followed, a folder a compile holds is waited for (up to {@code
   * wait}) or refused naming the compile, and a half-written folder is refused.
   */
  private static Side localFolder(String name, Path path, java.time.Duration wait)
      throws SideException {
    try {
      SafeFolder folder = SafeFolder.of(path);
      // A compile renaming files into place is not "interrupted": say who holds it, or wait.
      dev.fleetc.cli.output.FolderLock.awaitNotHeld(folder, wait);
      OutputTree tree = new OutputTree(folder);
      String interruption = tree.interruption();
      if (interruption != null) {
        throw new SideException(interruption);
      }
      Lock lock =
          tree.currentLock()
              .orElseThrow(
                  () ->
                      new SideException(
                          name
                              + ": no "
                              + OutputLayout.LOCK_FILE
                              + "; is it a compiled output folder?"));
      return new Side(null, Revision.fromLock(lock, tree::readText));
    } catch (OutputException e) {
      throw new SideException(e.getMessage());
    }
  }

  private static Side folder(String name, Function<String, Optional<String>> files)
      throws SideException {
    return folder(name, files, LockReader.NO_PARTS);
  }

  private static Side folder(
      String name, Function<String, Optional<String>> files, LockReader.PartSource parts)
      throws SideException {
    String lock =
        files
            .apply(OutputLayout.LOCK_FILE)
            .orElseThrow(
                () ->
                    new SideException(
                        name
                            + ": no "
                            + OutputLayout.LOCK_FILE
                            + "; is it a compiled output folder?"));
    try {
      return new Side(null, Revision.fromLock(LockReader.read(lock, parts), files));
    } catch (LockReader.InvalidLockException e) {
      throw new SideException(
          name + "/" + OutputLayout.LOCK_FILE + ": " + e.getMessage() + "; refusing this lock");
    } catch (java.io.UncheckedIOException e) {
      throw new SideException(
          name + ": cannot read the lock's parts: " + OutputException.reason(e.getCause()));
    }
  }

  private static Side fromGit(
      String rev, String rawPath, String spec, Path repoDir, PrintWriter err) throws SideException {
    String path = rawPath.replaceAll("^/+|/+$", "");
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment();
    builder.findGitDir(repoDir.toAbsolutePath().toFile());
    File gitDir = builder.getGitDir();
    if (gitDir == null) {
      throw new SideException(
          spec + ": no such file, and " + repoDir.toAbsolutePath() + " is not in a git repository");
    }
    try (Repository repo = builder.setMustExist(true).build()) {
      ObjectId commitId;
      try {
        commitId = repo.resolve(rev + "^{commit}");
      } catch (org.eclipse.jgit.errors.RevisionSyntaxException
          | org.eclipse.jgit.errors.IncorrectObjectTypeException
          | org.eclipse.jgit.errors.AmbiguousObjectException e) {
        commitId = null;
      }
      if (commitId == null) {
        throw new SideException(
            spec + ": cannot read " + what(path) + " at " + rev + ": no such revision");
      }
      RevTree tree;
      try (RevWalk walk = new RevWalk(repo)) {
        RevCommit commit = walk.parseCommit(commitId);
        tree = commit.getTree();
      }
      if (path.isEmpty()) {
        return gitFolder(repo, tree, "", spec);
      }
      try (TreeWalk entry = TreeWalk.forPath(repo, path, tree)) {
        if (entry == null) {
          throw new SideException(spec + ": '" + path + "' does not exist at " + rev);
        }
        if (FileMode.TREE.equals(entry.getFileMode(0))) {
          return gitFolder(repo, tree, path + "/", spec);
        }
        int slash = path.lastIndexOf('/');
        String folder = slash < 0 ? "" : path.substring(0, slash + 1);
        try (InputStream in = repo.open(entry.getObjectId(0)).openStream()) {
          return fleet(
              spec,
              FleetInputText.compiler().compile(spec, in, gitInventories(repo, tree, folder)),
              err);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new SideException(
          spec
              + ": cannot read "
              + what(path)
              + " at "
              + rev
              + " from the git repository "
              + gitDir
              + ": "
              + gitReason(e));
    }
  }

  /** Inventories of a fleet file read from git: blobs of the same tree, next to the fleet file. */
  private static InventoryFiles gitInventories(Repository repo, RevTree tree, String folder) {
    return (relativePath, maxBytes) -> {
      try (TreeWalk entry = TreeWalk.forPath(repo, folder + relativePath, tree)) {
        if (entry == null) {
          throw new InventoryFiles.Unreadable("no such file at this revision");
        }
        FileMode mode = entry.getFileMode(0);
        if (!FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)) {
          throw new InventoryFiles.Unreadable("is not a regular file at this revision");
        }
        ObjectLoader loader = repo.open(entry.getObjectId(0));
        if (loader.getSize() > maxBytes) {
          throw new InventoryFiles.Unreadable(
              "larger than the inventory limit of "
                  + dev.fleetc.compiler.yaml.InputLimits.describeBytes(maxBytes)
                  + " (raise FLEETC_MAX_INVENTORY_BYTES if it is really that large)");
        }
        byte[] bytes = loader.getBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        if (bytes.length > maxBytes) {
          throw new InventoryFiles.Unreadable(
              "larger than " + dev.fleetc.compiler.yaml.InputLimits.describeBytes(maxBytes));
        }
        return FileInventories.utf8(bytes);
      } catch (IOException | RuntimeException e) {
        throw new InventoryFiles.Unreadable("cannot be read from git: " + e.getMessage());
      }
    };
  }

  private static String what(String path) {
    return path.isEmpty() ? "the repository's root" : path;
  }

  /** JGit's message, or what kind of failure it was when it has none. */
  private static String gitReason(Exception e) {
    if (e instanceof org.eclipse.jgit.errors.LargeObjectException.OutOfMemory) {
      // Not a file's size: memory ran out while reading (the JVM heap, -Xmx, bounds it).
      return "out of memory while reading it";
    }
    if (e instanceof org.eclipse.jgit.errors.LargeObjectException large) {
      String message = large.getMessage();
      return message == null || message.isBlank() ? "an object is too large to read" : message;
    }
    if (e instanceof IOException io) {
      return OutputException.reason(io);
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  /**
   * An output folder at a revision: its lock, read now, and the files the lock lists, found now but
   * read only when a unified diff asks for one, one blob at a time, each at most {@link
   * LockReader#MAX_BYTES} (as from a folder on disk): holding every blob at once made a 272 KB
   * repository of compressible blobs cost 2 GB.
   */
  private static Side gitFolder(Repository repo, RevTree tree, String prefix, String spec)
      throws SideException, IOException {
    Optional<String> lockText = blob(repo, tree, prefix + OutputLayout.LOCK_FILE, spec);
    if (lockText.isEmpty()) {
      return folder(spec, p -> Optional.empty());
    }
    Lock lock;
    LockReader.PartSource parts = gitParts(repo, tree, prefix);
    try {
      lock = LockReader.read(lockText.get(), parts);
    } catch (LockReader.InvalidLockException | java.io.UncheckedIOException e) {
      String text = lockText.get();
      return folder(
          spec,
          p -> p.equals(OutputLayout.LOCK_FILE) ? Optional.of(text) : Optional.empty(),
          parts);
    }
    java.util.Map<String, ObjectId> blobs = new java.util.HashMap<>();
    for (String path : lock.paths()) {
      try (TreeWalk entry = TreeWalk.forPath(repo, prefix + path, tree)) {
        if (entry != null && !FileMode.TREE.equals(entry.getFileMode(0))) {
          blobs.put(path, entry.getObjectId(0));
        }
      }
    }
    String text = lockText.get();
    // Its own handle on the repository, open while the diff runs (the caller's is closed on
    // return); reads happen after this method returns.
    Repository reader =
        new FileRepositoryBuilder().setGitDir(repo.getDirectory()).setMustExist(true).build();
    return folder(
        spec,
        p -> {
          if (p.equals(OutputLayout.LOCK_FILE)) {
            return Optional.of(text);
          }
          ObjectId id = blobs.get(p);
          if (id == null) {
            return Optional.empty();
          }
          try {
            ObjectLoader loader = reader.open(id);
            if (loader.getSize() > LockReader.MAX_BYTES) {
              return Optional.empty(); // as a file on disk that large: compared by digest only
            }
            return Optional.of(new String(loader.getBytes(), StandardCharsets.UTF_8));
          } catch (IOException e) {
            return Optional.empty();
          }
        },
        parts);
  }

  /**
   * The parts of a parted lock at a revision: blobs of the same tree, each a regular file (a link
   * is refused), no larger than the reader's bound.
   */
  private static LockReader.PartSource gitParts(Repository repo, RevTree tree, String prefix) {
    return (path, maxBytes) -> {
      try (TreeWalk entry = TreeWalk.forPath(repo, prefix + path, tree)) {
        if (entry == null) {
          throw new LockReader.InvalidLockException(
              path, "is missing at this revision (" + OutputLayout.LOCK_FILE + " lists it)");
        }
        FileMode mode = entry.getFileMode(0);
        if (!FileMode.REGULAR_FILE.equals(mode) && !FileMode.EXECUTABLE_FILE.equals(mode)) {
          throw new LockReader.InvalidLockException(
              path,
              (FileMode.SYMLINK.equals(mode) ? "is a symbolic link" : "is not a regular file")
                  + " at this revision; a part of the lock must be a regular file");
        }
        ObjectLoader loader = repo.open(entry.getObjectId(0));
        if (loader.getSize() > maxBytes) {
          throw new LockReader.InvalidLockException(
              path, "is larger than " + maxBytes / (1024 * 1024) + " MiB");
        }
        return new java.io.ByteArrayInputStream(loader.getBytes());
      }
    };
  }

  private static Optional<String> blob(Repository repo, RevTree tree, String path, String spec)
      throws IOException, SideException {
    try (TreeWalk entry = TreeWalk.forPath(repo, path, tree)) {
      if (entry == null || FileMode.TREE.equals(entry.getFileMode(0))) {
        return Optional.empty();
      }
      ObjectLoader loader = repo.open(entry.getObjectId(0));
      if (loader.getSize() > LockReader.MAX_BYTES) {
        throw new SideException(
            spec
                + ": "
                + path
                + " is "
                + String.format(java.util.Locale.ROOT, "%,d", loader.getSize())
                + " bytes, more than the "
                + LockReader.MAX_BYTES / (1024 * 1024)
                + " MiB fleetc reads of a lock; refusing it");
      }
      return Optional.of(new String(loader.getBytes(), StandardCharsets.UTF_8));
    }
  }

  /** {@link FleetInput#compile} with its failures turned into side errors. */
  private static final class FleetInputText {
    static dev.fleetc.compiler.FleetCompiler compiler() throws SideException {
      try {
        return FleetInput.compiler();
      } catch (FleetInput.InputException e) {
        throw new SideException(e.getMessage());
      }
    }

    static CompileResult compile(Path path) throws SideException {
      try {
        return FleetInput.compile(path);
      } catch (FleetInput.InputException e) {
        throw new SideException(e.getMessage());
      }
    }
  }
}
