package dev.fleetc.cli.output;

import dev.fleetc.cli.ExitCode;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The output folder, seen without ever following a symbolic link inside it. Every path is given
 * relative to the folder; before a path is read, written or deleted, each of its parent folders up
 * to the root is checked with {@code lstat} and a link there is refused ({@link #checkParents}).
 * Files are opened with {@code O_NOFOLLOW}, renames and deletes act on the link itself. The root is
 * the folder the user named: a link there is resolved once, as the user's choice.
 *
 * <p>Every operation that changes the folder goes through this class, names the path and the reason
 * when it fails, and calls the {@link Faults} test hook first.
 */
public final class SafeFolder {

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path root;
  private final Path shown;
  private final Set<String> realFolders = ConcurrentHashMap.newKeySet();
  private final boolean posix;

  /**
   * Whether files created with a mode keep it, per mode (the umask may clear bits); learnt from the
   * first file of each mode, so that the others need no separate stat and chmod.
   */
  private final Map<Boolean, Boolean> modeKept = new ConcurrentHashMap<>();

  private SafeFolder(Path root, Path shown) {
    this.root = root;
    this.shown = shown;
    this.posix = root.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  /** The folder named {@code dir} (which may not exist yet). */
  public static SafeFolder of(Path dir) throws OutputException {
    Path absolute = dir.toAbsolutePath().normalize();
    if (Files.exists(absolute)) {
      if (!Files.isDirectory(absolute)) {
        throw new OutputException(ExitCode.IO_ERROR, dir + " exists and is not a folder");
      }
      try {
        absolute = absolute.toRealPath();
      } catch (IOException e) {
        throw OutputException.cannot("read", dir.toString(), e);
      }
    }
    return new SafeFolder(absolute, dir);
  }

  /** The folder's absolute path. */
  public Path root() {
    return root;
  }

  /** A path inside the folder as the user would write it ({@code out/bootstrap/x}). */
  public String show(String relative) {
    return relative.isEmpty() ? shown.toString() : shown.resolve(relative).toString();
  }

  String show(Path absolute) {
    return show(root.relativize(absolute).toString());
  }

  public boolean exists() {
    return Files.isDirectory(root, NOFOLLOW);
  }

  Path resolve(String relative) {
    return root.resolve(relative);
  }

  /**
   * Creates the folder and its missing parents; returns those it created, deepest last, so that a
   * failed run can remove them again.
   */
  public List<Path> create() throws OutputException {
    List<Path> missing = new ArrayList<>();
    for (Path p = root; p != null && !Files.exists(p, NOFOLLOW); p = p.getParent()) {
      missing.add(0, p);
    }
    List<Path> created = new ArrayList<>();
    for (Path p : missing) {
      try {
        Files.createDirectory(p);
        created.add(p);
      } catch (IOException e) {
        if (!Files.isDirectory(p, NOFOLLOW)) {
          throw OutputException.cannot("create the folder", p.toString(), e);
        }
      }
    }
    return created;
  }

  /** Removes folders (deepest first) that a failed run created, if they are still empty. */
  public static void removeIfEmpty(List<Path> created) {
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        Files.deleteIfExists(created.get(i));
      } catch (IOException e) {
        return; // not empty: it holds something we did not put there
      }
    }
  }

  /**
   * The attributes of {@code relative} itself (a link is not followed), or {@code null} when it
   * does not exist; its parent folders are checked first.
   */
  public BasicFileAttributes inspect(String relative) throws OutputException {
    checkParents(relative);
    return lstat(relative);
  }

  /** Like {@link #inspect}, refusing a link or a folder where a file belongs. */
  public BasicFileAttributes inspectFile(String relative) throws OutputException {
    BasicFileAttributes attributes = inspect(relative);
    if (attributes != null && attributes.isSymbolicLink()) {
      throw link(relative);
    }
    if (attributes != null && !attributes.isRegularFile()) {
      throw new OutputException(
          ExitCode.IO_ERROR,
          show(relative)
              + " is a folder or a special file where fleetc keeps a file; move it away");
    }
    return attributes;
  }

  /** Refuses a link or a file in place of any parent folder of {@code relative}. */
  void checkParents(String relative) throws OutputException {
    int slash = relative.indexOf('/');
    while (slash > 0) {
      String folder = relative.substring(0, slash);
      if (!realFolders.contains(folder)) {
        BasicFileAttributes attributes = lstat(folder);
        if (attributes == null) {
          return; // nothing below a missing folder exists
        }
        if (attributes.isSymbolicLink()) {
          throw link(folder);
        }
        if (!attributes.isDirectory()) {
          throw new OutputException(
              ExitCode.IO_ERROR,
              show(folder) + " is a file where fleetc needs a folder; move it away");
        }
        realFolders.add(folder);
      }
      slash = relative.indexOf('/', slash + 1);
    }
  }

  BasicFileAttributes lstat(String relative) throws OutputException {
    return lstat(resolve(relative));
  }

  /** With POSIX attributes (mode) where the file system has them: one {@code lstat} for both. */
  BasicFileAttributes lstat(Path path) throws OutputException {
    try {
      return posix
          ? Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW)
          : Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    } catch (IOException e) {
      throw OutputException.cannot("read", show(path), e);
    }
  }

  OutputException link(String relative) {
    String target;
    try {
      target = " -> " + Files.readSymbolicLink(resolve(relative));
    } catch (IOException | UnsupportedOperationException e) {
      target = "";
    }
    return new OutputException(
        ExitCode.IO_ERROR,
        show(relative)
            + target
            + " is a symbolic link: fleetc never writes, reads or deletes through a link inside"
            + " the output folder; replace it with a real file or folder. Nothing was written.");
  }

  /**
   * The bytes of a regular file below the folder, read without following a link in it or any parent
   * folder (for readers outside this package, e.g. {@code fleet publish}).
   */
  public byte[] readFile(String relative) throws OutputException {
    BasicFileAttributes attributes = inspectFile(relative);
    if (attributes == null) {
      throw new OutputException(ExitCode.IO_ERROR, show(relative) + " is missing");
    }
    return read(relative, attributes.size());
  }

  /** The bytes of a file that {@link #inspectFile} found, read without following a link. */
  byte[] read(String relative, long expectedSize) throws OutputException {
    try (InputStream in = Files.newInputStream(resolve(relative), LinkOption.NOFOLLOW_LINKS)) {
      return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, expectedSize + 1));
    } catch (IOException e) {
      throw OutputException.cannot("read", show(relative), e);
    }
  }

  /**
   * Whether a file (of the expected size, by an earlier {@code lstat}) holds exactly these bytes:
   * read straight into one array through a channel, the cheapest way per file when an up-to-date
   * check reads hundreds of thousands of them; a file that grew since is different.
   */
  boolean holds(String relative, byte[] expected) throws OutputException {
    try (FileChannel channel =
        FileChannel.open(resolve(relative), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buffer = ByteBuffer.allocate(expected.length + 1);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // until the file ends, or is longer than expected
      }
      return buffer.position() == expected.length
          && Arrays.equals(buffer.array(), 0, expected.length, expected, 0, expected.length);
    } catch (IOException e) {
      throw OutputException.cannot("read", show(relative), e);
    }
  }

  // Changes. Each names what it changes when it fails.

  void mkdir(Path folder) throws OutputException {
    try {
      Faults.before("mkdir", folder);
      Files.createDirectory(folder);
    } catch (IOException e) {
      throw OutputException.cannot("create the folder", show(folder), e);
    }
  }

  /**
   * Writes a new file (never an existing one, never through a link) with the given mode; {@code
   * shownAs} is the file the content is for, named in errors.
   */
  void writeNew(Path file, byte[] bytes, boolean executable, String shownAs)
      throws OutputException {
    writeNew(file, out -> out.write(bytes), executable, shownAs);
  }

  /** Content written to a stream, so that it need not be in memory whole. */
  interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  /**
   * Like {@link #writeNew(Path, byte[], boolean, String)}, with the content written by a writer.
   */
  void writeNew(Path file, Content content, boolean executable, String shownAs)
      throws OutputException {
    Set<PosixFilePermission> mode =
        PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--");
    try {
      Faults.before("write", file);
      Set<StandardOpenOption> options =
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      try (SeekableByteChannel channel =
              posix
                  ? Files.newByteChannel(file, options, PosixFilePermissions.asFileAttribute(mode))
                  : Files.newByteChannel(file, options);
          OutputStream out = Channels.newOutputStream(channel)) {
        // A crash half-way through the first chunk leaves a partly written staged file.
        HalfWay halfWay = new HalfWay(out, () -> Faults.before("write-rest", file));
        content.writeTo(halfWay);
        halfWay.finish();
      }
      if (posix) {
        Boolean kept = modeKept.get(executable);
        if (kept == null) {
          kept = Files.getPosixFilePermissions(file, NOFOLLOW).equals(mode);
          modeKept.put(executable, kept);
        }
        if (!kept) {
          Files.setPosixFilePermissions(file, mode); // the umask cleared some bits
        }
      }
    } catch (IOException e) {
      throw OutputException.cannot("write", shownAs + " (staged as " + show(file) + ")", e);
    }
  }

  /** Passes writes on, and calls the hook once, half-way through the first write. */
  private static final class HalfWay extends FilterOutputStream {
    interface Hook {
      void run() throws IOException;
    }

    private final Hook hook;
    private boolean called;

    HalfWay(OutputStream out, Hook hook) {
      super(out);
      this.hook = hook;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (called) {
        out.write(b, off, len);
        return;
      }
      out.write(b, off, len / 2);
      call();
      out.write(b, off + len / 2, len - len / 2);
    }

    @Override
    public void write(int b) throws IOException {
      call();
      out.write(b);
    }

    /** An empty file still passes the hook. */
    void finish() throws IOException {
      call();
    }

    private void call() throws IOException {
      if (!called) {
        called = true;
        hook.run();
      }
    }
  }

  /** Renames a file or link itself (never what a link points to), replacing {@code to}. */
  void move(Path from, Path to, String action) throws OutputException {
    try {
      Faults.before("move", to);
      try {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw OutputException.cannot(action, show(action.startsWith("back up") ? from : to), e);
    }
  }

  /** Deletes a file or a link itself; nothing when absent. */
  void delete(Path path) throws OutputException {
    try {
      Faults.before("delete", path);
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw OutputException.cannot("delete", show(path), e);
    }
  }

  /** Flushes a file or folder to the disk; folders are best effort (not every system can). */
  void sync(Path path, boolean folder) throws OutputException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      if (!folder) {
        throw OutputException.cannot("flush", show(path), e);
      }
    }
  }

  /** Deletes a folder fleetc owns entirely (its staging folder), without following links. */
  void deleteTree(Path folder) throws OutputException {
    try {
      Files.walkFileTree(
          folder,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
              if (e != null) {
                throw e;
              }
              delete(dir);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (OutputException e) {
      throw e;
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw OutputException.cannot("delete", show(folder), e);
    }
  }

  /**
   * Removes {@code relative}'s parent folders that are empty, up to the root; stops at the first
   * one that holds anything (fleetc's or not).
   */
  void removeEmptyParents(String relative) throws OutputException {
    for (int slash = relative.lastIndexOf('/');
        slash > 0;
        slash = relative.lastIndexOf('/', slash - 1)) {
      Path folder = resolve(relative.substring(0, slash));
      BasicFileAttributes attributes = lstat(folder);
      if (attributes == null) {
        continue;
      }
      if (!attributes.isDirectory()) {
        return;
      }
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
        if (entries.iterator().hasNext()) {
          return;
        }
      } catch (IOException e) {
        throw OutputException.cannot("read", show(folder), e);
      }
      realFolders.remove(relative.substring(0, slash));
      delete(folder);
    }
  }
}
