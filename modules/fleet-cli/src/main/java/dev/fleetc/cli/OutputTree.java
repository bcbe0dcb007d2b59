package dev.fleetc.cli;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.OutputLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
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

  private static final int IO_THREADS = 8;

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
    List<Boolean> same = inParallel(files, file -> isUpToDate(root.resolve(file.path()), file));
    Map<String, Artifact> write = new LinkedHashMap<>();
    List<String> unchanged = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    Set<String> produced = new TreeSet<>();
    for (int i = 0; i < files.size(); i++) {
      Artifact file = files.get(i);
      produced.add(file.path());
      if (same.get(i)) {
        unchanged.add(file.path());
        continue;
      }
      if (!owned.contains(file.path())
          && !file.path().equals(OutputLayout.LOCK_FILE)
          && Files.exists(root.resolve(file.path()))) {
        foreign.add(file.path());
      }
      write.put(file.path(), file);
    }
    List<String> prune = new ArrayList<>();
    for (String path : new TreeSet<>(owned)) {
      if (!produced.contains(path) && !kept.contains(path) && Files.exists(root.resolve(path))) {
        prune.add(path);
      }
    }
    return new Changes(write, prune, unchanged, foreign);
  }

  private static boolean isUpToDate(Path target, Artifact file) throws IOException {
    return Files.isRegularFile(target)
        && Files.size(target) == file.bytes().length
        && Arrays.equals(Files.readAllBytes(target), file.bytes())
        && executableMatches(target, file);
  }

  /** Writes and prunes; all or nothing up to the renames. */
  void apply(Changes changes) throws IOException {
    Files.createDirectories(root);
    List<Artifact> files = new ArrayList<>(changes.write().values());
    Set<Path> folders = new TreeSet<>();
    files.forEach(f -> folders.add(root.resolve(f.path()).getParent()));
    inParallel(new ArrayList<>(folders), Files::createDirectories);
    List<Path> staged;
    try {
      staged = inParallel(files, this::stage);
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
    inParallel(targets, target -> move(tempOf(target), target));
    if (lock != null) {
      move(tempOf(lock), lock);
    }
    for (String path : changes.prune()) {
      Path file = root.resolve(path);
      Files.deleteIfExists(file);
      removeEmptyParents(file.getParent());
    }
  }

  private Path stage(Artifact file) throws IOException {
    Path temp = tempOf(root.resolve(file.path()));
    Files.write(temp, file.bytes());
    setMode(temp, file.kind().executable());
    return temp;
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
  private static <T, R> List<R> inParallel(List<T> items, IoFunction<T, R> step)
      throws IOException {
    if (items.size() < 64) {
      List<R> results = new ArrayList<>();
      for (T item : items) {
        results.add(step.apply(item));
      }
      return results;
    }
    ExecutorService pool = Executors.newFixedThreadPool(IO_THREADS);
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

  private static boolean executableMatches(Path target, Artifact file) {
    return !supportsPosix(target) || Files.isExecutable(target) == file.kind().executable();
  }

  private static void setMode(Path file, boolean executable) throws IOException {
    if (supportsPosix(file)) {
      Files.setPosixFilePermissions(
          file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    }
  }

  private static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
