package dev.fleetc.cli.output;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** A failure to use the output folder: its message is printed as is, after {@code fleet: }. */
public final class OutputException extends IOException {

  private final int exitCode;

  public OutputException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** The exit code documented for this failure. */
  public int exitCode() {
    return exitCode;
  }

  /** {@code cannot ACTION PATH: REASON}, exit 4. */
  static OutputException cannot(String action, String shownPath, IOException cause) {
    OutputException e =
        new OutputException(
            dev.fleetc.cli.ExitCode.IO_ERROR,
            "cannot " + action + " " + shownPath + ": " + reason(cause));
    e.initCause(cause);
    return e;
  }

  /**
   * The operating system's reason for a failure ({@code Permission denied}, {@code No space left on
   * device}); Java leaves it out of some exceptions' messages, which then name only the path.
   */
  public static String reason(IOException e) {
    if (e instanceof OutputException) {
      return e.getMessage();
    }
    if (e instanceof FileSystemException fs) {
      if (fs.getReason() != null && !fs.getReason().isBlank()) {
        return fs.getReason();
      }
      if (e instanceof NoSuchFileException) {
        return "No such file or directory";
      }
      if (e instanceof AccessDeniedException) {
        return "Permission denied";
      }
      if (e instanceof FileAlreadyExistsException) {
        return "File exists";
      }
      if (e instanceof DirectoryNotEmptyException) {
        return "Directory not empty";
      }
      if (e instanceof NotDirectoryException) {
        return "Not a directory";
      }
      if (e instanceof FileSystemLoopException) {
        return "Too many levels of symbolic links";
      }
      return e.getClass().getSimpleName();
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
