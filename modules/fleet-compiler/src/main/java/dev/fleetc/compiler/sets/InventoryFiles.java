package dev.fleetc.compiler.sets;

/**
 * Reads a cluster set's inventory file for the compiler, which never touches the file system
 * itself: the command line supplies one that reads from disk (inside the fleet file's folder), or
 * from a git revision for {@code fleet diff}.
 */
@FunctionalInterface
public interface InventoryFiles {

  /** Used when a fleet is compiled from text alone: an inventory cannot be read. */
  InventoryFiles NONE =
      (path, maxBytes) -> {
        throw new Unreadable("inventory files are not read here; write the members inline");
      };

  /**
   * Reads one inventory file.
   *
   * @param relativePath as written in the fleet file, already checked to be relative, {@code
   *     /}-separated and free of {@code ..}; resolved against the fleet file's folder
   * @param maxBytes the largest file to read
   * @return the file's text (UTF-8)
   * @throws Unreadable when the file is missing, unreadable, too large, not UTF-8 text, or lies
   *     outside the fleet file's folder once links are followed
   */
  String read(String relativePath, long maxBytes) throws Unreadable;

  /** Why an inventory cannot be read; the message completes "inventory PATH: ...". */
  final class Unreadable extends Exception {
    public Unreadable(String message) {
      super(message);
    }
  }
}
