package dev.fleetc.cli.output;

import dev.fleetc.cli.ExitCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One compile at a time per output folder: an advisory lock ({@code fcntl}, through {@link
 * FileChannel#tryLock}) on {@code DIR/.fleetc-lock}, which holds who has it (pid, host, start,
 * command). The operating system drops the lock when its process ends, however it ends, so a holder
 * killed with {@code kill -9} never blocks the next run; the file it leaves is taken over.
 *
 * <p>The file is removed when the lock is released. Whoever then takes the lock on a file that is
 * no longer at that path (it opened the file before the removal) notices, because the path's
 * identity (device and inode) changed between before it opened the file and after it locked it, and
 * tries again.
 */
public final class FolderLock implements AutoCloseable {

  /** The lock file's name in the output folder. */
  public static final String FILE = ".fleetc-lock";

  private static final long POLL_MILLIS = 100;
  private static final java.time.Duration DETAILS_GRACE = java.time.Duration.ofSeconds(2);

  private final FileChannel channel;
  private final FileLock lock;
  private final Path file;

  private FolderLock(FileChannel channel, FileLock lock, Path file) {
    this.channel = channel;
    this.lock = lock;
    this.file = file;
  }

  /**
   * Takes the folder's lock, waiting up to {@code wait} for another holder.
   *
   * @throws OutputException exit 5 naming the holder when it is still held after {@code wait}
   */
  public static FolderLock acquire(SafeFolder folder, String command, Duration wait)
      throws OutputException {
    Path file = folder.resolve(FILE);
    String holderInfo = holder(command);
    Instant deadline = Instant.now().plus(wait);
    while (true) {
      refuseLink(folder);
      Object before = fileKey(file);
      FileChannel channel;
      try {
        channel =
            FileChannel.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS);
      } catch (IOException e) {
        throw OutputException.cannot("create the lock file", folder.show(FILE), e);
      }
      String holder = "";
      try {
        FileLock lock = tryLock(channel, false);
        if (lock != null) {
          // Still the file at that path? (Its holder removes it when done.) Compared by identity
          // without opening it again: closing a second channel would drop this process's lock.
          Object after = fileKey(file);
          boolean stillAtPath = after != null && (before == null || before.equals(after));
          if (!stillAtPath) {
            lock.release();
            channel.close();
            continue; // removed or replaced meanwhile: look again
          }
          channel.truncate(0);
          channel.write(ByteBuffer.wrap(holderInfo.getBytes(StandardCharsets.UTF_8)), 0);
          return new FolderLock(channel, lock, file);
        }
        holder = readChannel(channel);
        channel.close();
      } catch (IOException e) {
        closeQuietly(channel);
        throw OutputException.cannot("lock", folder.show(FILE), e);
      }
      // The holder writes its details just after it takes the lock: give it a moment, so that the
      // message names it even when the caller does not wait.
      boolean named = holder.contains("pid=");
      if (!Instant.now().isBefore(named ? deadline : deadline.plus(DETAILS_GRACE))) {
        throw busy(folder, holder);
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw busy(folder, holder);
      }
    }
  }

  /**
   * For {@code --check}, which writes nothing: refuses when a compile holds the folder now (its
   * files may be half renamed).
   */
  public static void checkNotHeld(SafeFolder folder) throws OutputException {
    Path file = folder.resolve(FILE);
    if (!folder.exists() || folder.lstat(FILE) == null) {
      return;
    }
    refuseLink(folder);
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      FileLock lock = tryLock(channel, true);
      if (lock == null) {
        throw busy(folder, readChannel(channel));
      }
      lock.release();
    } catch (NoSuchFileException e) {
      // released meanwhile
    } catch (OutputException e) {
      throw e;
    } catch (IOException e) {
      throw OutputException.cannot("read", folder.show(FILE), e);
    }
  }

  /**
   * For readers ({@code fleet diff} of an output folder): waits up to {@code wait} while a compile
   * holds the folder, then refuses naming it (exit 5 in the exception; the caller picks its own).
   */
  public static void awaitNotHeld(SafeFolder folder, Duration wait) throws OutputException {
    Instant deadline = Instant.now().plus(wait);
    while (true) {
      try {
        checkNotHeld(folder);
        return;
      } catch (OutputException e) {
        if (e.exitCode() != ExitCode.BUSY || !Instant.now().isBefore(deadline)) {
          throw e;
        }
      }
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OutputException(ExitCode.BUSY, folder.show("") + ": interrupted while waiting");
      }
    }
  }

  /** Releases the lock and removes its file. */
  @Override
  public void close() throws OutputException {
    try {
      Files.deleteIfExists(file); // while still locked, so that no one takes a file being removed
    } catch (IOException e) {
      // the lock is released below all the same; a leftover file is taken over by the next run
    } finally {
      try {
        lock.release();
        channel.close();
      } catch (IOException e) {
        // closing the channel releases the lock in any case
      }
    }
  }

  private static void refuseLink(SafeFolder folder) throws OutputException {
    BasicFileAttributes attributes = folder.lstat(FILE);
    if (attributes != null && !attributes.isRegularFile()) {
      if (attributes.isSymbolicLink()) {
        throw folder.link(FILE);
      }
      throw new OutputException(
          ExitCode.IO_ERROR, folder.show(FILE) + " is not fleetc's lock file; move it away");
    }
  }

  private static FileLock tryLock(FileChannel channel, boolean shared) throws IOException {
    try {
      return channel.tryLock(0, Long.MAX_VALUE, shared);
    } catch (OverlappingFileLockException e) {
      return null; // held by this very process (two compiles in one JVM, as in tests)
    }
  }

  private static String holder(String command) {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("pid", String.valueOf(ProcessHandle.current().pid()));
    fields.put("host", hostName());
    fields.put("started", Instant.now().toString());
    fields.put("command", command.replaceAll("[\\r\\n]", " "));
    StringBuilder text = new StringBuilder();
    fields.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    return text.toString();
  }

  private static OutputException busy(SafeFolder folder, String holderText) {
    Map<String, String> holder = new LinkedHashMap<>();
    for (String line : holderText.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        holder.put(line.substring(0, eq), line.substring(eq + 1));
      }
    }
    StringBuilder message =
        new StringBuilder(folder.show("")).append(" is in use by another fleet compile");
    if (holder.containsKey("pid")) {
      message
          .append(": pid ")
          .append(holder.get("pid"))
          .append(" on ")
          .append(holder.getOrDefault("host", "?"))
          .append(", started ")
          .append(holder.getOrDefault("started", "?"))
          .append(" (")
          .append(holder.getOrDefault("command", "?"))
          .append(")");
      if (hostName().equals(holder.get("host")) && !alive(holder.get("pid"))) {
        message
            .append(". No such process runs on this host: if no compile is running, the lock is")
            .append(" stale (a network file system?); remove ")
            .append(folder.show(FILE));
      }
    } else {
      message.append(" (it has not written its details yet)");
    }
    message.append(". Run again when it is done, or pass --wait SECONDS.");
    return new OutputException(ExitCode.BUSY, message.toString());
  }

  private static boolean alive(String pid) {
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false);
    } catch (NumberFormatException e) {
      return true; // unknown: do not call it stale
    }
  }

  /** The host's name, without a DNS lookup (which may take seconds where it is not set up). */
  private static String hostName() {
    try {
      return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException | RuntimeException e) {
      String name = System.getenv("HOSTNAME");
      if (name == null) {
        name = System.getenv("COMPUTERNAME");
      }
      return name == null || name.isBlank() ? "this host" : name;
    }
  }

  /** The file's identity (device and inode), or {@code null} when absent or unknown. */
  private static Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  private static String readChannel(FileChannel channel) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    long position = 0;
    int read;
    while (buffer.hasRemaining() && (read = channel.read(buffer, position)) > 0) {
      position += read;
    }
    return new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
