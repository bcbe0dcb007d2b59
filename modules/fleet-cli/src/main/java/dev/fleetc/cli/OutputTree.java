package dev.fleetc.cli;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.OutputLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Brings an output folder in line with a compiled fleet, touching only files that fleetc owns
 * (those listed in the folder's {@code fleet.lock.json}).
 *
 * <p>Every new content is first written next to its target; only when all of them are on disk are
 * they renamed into place, the lock last. A failure before that leaves the folder as it was.
 */
final class OutputTree {

  /** What a compile would change. */
  record Changes(
      Map<String, Artifact> write,
      List<String> prune,
      List<String> unchanged,
      List<String> foreign) {
    boolean isEmpty() {
      return write.isEmpty() && prune.isEmpty();
    }

    /** Every path that differs from what the fleet compiles to, sorted. */
    List<String> stale() {
      Set<String> stale = new TreeSet<>(write.keySet());
      stale.addAll(prune);
      return new ArrayList<>(stale);
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

  private final Path root;

  OutputTree(Path root) {
    this.root = root;
  }

  /** The lock currently in the folder, if any. */
  java.util.Optional<Lock> currentLock() throws IOException {
    Path lockFile = root.resolve(OutputLayout.LOCK_FILE);
    if (!Files.isRegularFile(lockFile)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(Lock.parse(Files.readString(lockFile, StandardCharsets.UTF_8)));
    } catch (RuntimeException e) {
      throw new IOException(
          lockFile + " exists but is not a fleetc lock file; refusing to write into " + root, e);
    }
  }

  /**
   * Compares the folder with the files a compile produces.
   *
   * @param files every file to have, the lock included
   * @param owned the paths the previous lock listed
   * @param kept paths that stay although they are not written now (other clusters' files, with
   *     {@code --cluster})
   */
  Changes compare(List<Artifact> files, Set<String> owned, Set<String> kept) throws IOException {
    // One stat per file, none at all when the folder does not exist yet.
    boolean rootExists = Files.isDirectory(root);
    List<State> states =
        rootExists
            ? inParallel(files, READ_THREADS, file -> state(root.resolve(file.path()), file))
            : java.util.Collections.nCopies(files.size(), State.MISSING);
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
          && Files.exists(root.resolve(path))) {
        prune.add(path);
      }
    }
    return new Changes(write, prune, unchanged, foreign);
  }

  private static State state(Path target, Artifact file) throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes =
          supportsPosix(target)
              ? Files.readAttributes(target, PosixFileAttributes.class)
              : Files.readAttributes(target, BasicFileAttributes.class);
    } catch (IOException e) {
      return State.MISSING; // as Files.exists says: absent, or a parent is not a folder
    }
    boolean same =
        attributes.isRegularFile()
            && attributes.size() == file.bytes().length
            && (!(attributes instanceof PosixFileAttributes posix)
                || posix.permissions().contains(PosixFilePermission.OWNER_EXECUTE)
                    == file.kind().executable())
            && Arrays.equals(Files.readAllBytes(target), file.bytes());
    return same ? State.SAME : State.DIFFERENT;
  }

  /** Writes and prunes; all or nothing up to the renames. */
  void apply(Changes changes) throws IOException {
    Files.createDirectories(root);
    List<Artifact> files = new ArrayList<>(changes.write().values());
    Set<Path> folders = new HashSet<>(Set.of(root));
    for (Artifact file : files) {
      createFolder(root.resolve(file.path()).getParent(), folders);
    }
    try {
      for (Artifact file : files) {
        stage(file);
      }
    } catch (IOException | RuntimeException e) {
      for (Artifact file : files) {
        Files.deleteIfExists(tempOf(root.resolve(file.path())));
      }
      throw e;
    }
    // Renames: every file first, the lock last, so a lock never lists a file not yet in place.
    List<Path> targets = new ArrayList<>();
    Path lock = null;
    for (int i = 0; i < files.size(); i++) {
      Path target = root.resolve(files.get(i).path());
      if (files.get(i).path().equals(OutputLayout.LOCK_FILE)) {
        lock = target;
      } else {
        targets.add(target);
      }
    }
    for (Path target : targets) {
      move(tempOf(target), target);
    }
    if (lock != null) {
      move(tempOf(lock), lock);
    }
    for (String path : changes.prune()) {
      Path file = root.resolve(path);
      Files.deleteIfExists(file);
      removeEmptyParents(file.getParent());
    }
  }

  /** Creates a folder and its missing parents, once per folder: {@code known} holds those done. */
  private void createFolder(Path folder, Set<Path> known) throws IOException {
    if (folder == null || known.contains(folder)) {
      return;
    }
    Path parent = folder.getParent();
    if (parent != null && !known.contains(parent) && !Files.isDirectory(parent)) {
      createFolder(parent, known);
    }
    try {
      Files.createDirectory(folder);
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(folder)) {
        throw e;
      }
    }
    known.add(folder);
  }

  /**
   * Whether files created with a mode keep it, per mode (the umask may clear bits); learnt from the
   * first file of each mode, so that the others need no separate chmod.
   */
  private final Map<Boolean, Boolean> modeKept = new HashMap<>();

  private void stage(Artifact file) throws IOException {
    Path temp = tempOf(root.resolve(file.path()));
    boolean executable = file.kind().executable();
    if (!supportsPosix(temp)) {
      Files.write(temp, file.bytes());
      return;
    }
    Set<PosixFilePermission> mode = PosixFilePermissions.fromString(MODES[executable ? 1 : 0]);
    try {
      create(temp, file.bytes(), mode);
    } catch (FileAlreadyExistsException e) {
      // Left by an interrupted run: it is ours (the name is fleetc's), start afresh.
      Files.delete(temp);
      create(temp, file.bytes(), mode);
    }
    Boolean kept = modeKept.get(executable);
    if (kept == null) {
      kept = Files.getPosixFilePermissions(temp).equals(mode);
      modeKept.put(executable, kept);
    }
    if (!kept) {
      Files.setPosixFilePermissions(temp, mode);
    }
  }

  private static final String[] MODES = {"rw-r--r--", "rwxr-xr-x"};

  private static void create(Path file, byte[] bytes, Set<PosixFilePermission> mode)
      throws IOException {
    try (SeekableByteChannel channel =
        Files.newByteChannel(
            file,
            Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(mode))) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }
  }

  private static Path tempOf(Path target) {
    return target.resolveSibling("." + target.getFileName() + ".fleetc-tmp");
  }

  /** An I/O step over one item. */
  private interface IoFunction<T, R> {
    R apply(T item) throws IOException;
  }

  /**
   * Runs an I/O step over every item on a few threads (file system latency, not CPU, bounds these
   * steps), returning the results in the items' order; the first failure is rethrown.
   */
  private static <T, R> List<R> inParallel(List<T> items, int threads, IoFunction<T, R> step)
      throws IOException {
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
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private void removeEmptyParents(Path dir) throws IOException {
    Path stop = root.toAbsolutePath().normalize();
    Path current = dir.toAbsolutePath().normalize();
    while (current != null && current.startsWith(stop) && !current.equals(stop)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(current)) {
        if (entries.iterator().hasNext()) {
          return;
        }
      }
      Files.delete(current);
      current = current.getParent();
    }
  }

  private static Path move(Path from, Path to) throws IOException {
    try {
      return Files.move(
          from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      return Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
