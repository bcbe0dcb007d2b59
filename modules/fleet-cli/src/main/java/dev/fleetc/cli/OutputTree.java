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
    Map<String, Artifact> write = new LinkedHashMap<>();
    List<String> unchanged = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    Set<String> produced = new TreeSet<>();
    for (Artifact file : files) {
      produced.add(file.path());
      Path target = root.resolve(file.path());
      if (Files.isRegularFile(target)
          && Arrays.equals(Files.readAllBytes(target), file.bytes())
          && executableMatches(target, file)) {
        unchanged.add(file.path());
        continue;
      }
      if (Files.exists(target)
          && !owned.contains(file.path())
          && !file.path().equals(OutputLayout.LOCK_FILE)) {
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

  /** Writes and prunes; all or nothing up to the renames. */
  void apply(Changes changes) throws IOException {
    Files.createDirectories(root);
    Map<Path, Path> staged = new LinkedHashMap<>();
    Path lockTemp = null;
    Path lockTarget = null;
    try {
      for (Artifact file : changes.write().values()) {
        Path target = root.resolve(file.path());
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + ".fleetc-tmp");
        Files.write(temp, file.bytes());
        setMode(temp, file.kind().executable());
        if (file.path().equals(OutputLayout.LOCK_FILE)) {
          lockTemp = temp;
          lockTarget = target;
        } else {
          staged.put(temp, target);
        }
      }
    } catch (IOException | RuntimeException e) {
      for (Path temp : staged.keySet()) {
        Files.deleteIfExists(temp);
      }
      if (lockTemp != null) {
        Files.deleteIfExists(lockTemp);
      }
      throw e;
    }
    for (Map.Entry<Path, Path> move : staged.entrySet()) {
      move(move.getKey(), move.getValue());
    }
    if (lockTemp != null) {
      move(lockTemp, lockTarget);
    }
    for (String path : changes.prune()) {
      Path file = root.resolve(path);
      Files.deleteIfExists(file);
      removeEmptyParents(file.getParent());
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

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
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
