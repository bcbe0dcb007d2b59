package dev.fleetc.compiler.sets;

import java.util.Optional;

/**
 * What an inventory path may be. It comes from the fleet file, which may come from anyone, and
 * diagnostics quote the lines of what it names: an inventory is a data file only, a {@code .csv}
 * file in the fleet file's folder or below it, never a dot-file nor anything under a dot-folder
 * ({@code .git/config}, {@code .env}, {@code .ssh/id_ed25519}). Links are checked where the file is
 * read ({@link InventoryFiles}: the file a link leads to must pass the same rules, inside the
 * folder); the text is checked here, before anything is read.
 */
public final class InventoryPaths {

  private InventoryPaths() {}

  /** Why the path is refused, e.g. {@code "is absolute"}; empty when it may be read. */
  public static Optional<String> problem(String path) {
    if (path.isBlank()) {
      return Optional.of("is empty");
    }
    if (path.startsWith("/") || path.startsWith("~") || path.matches("^[A-Za-z]:.*")) {
      return Optional.of("is absolute; inventories are named relative to the fleet file");
    }
    if (path.contains("\\")) {
      return Optional.of("contains '\\'; separate folders with '/'");
    }
    if (path.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return Optional.of("contains a control character");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of("leaves the fleet file's folder ('..')");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return Optional.of("has an empty or '.' part; write it as folder/file.csv");
      }
      if (segment.startsWith(".")) {
        return Optional.of(
            "names a hidden file or folder ('"
                + segment
                + "'); inventories are data files, never dot-files or files under dot-folders");
      }
    }
    if (!path.endsWith(EXTENSION)) {
      return Optional.of(
          "is not a " + EXTENSION + " file; inventories are CSV data files (e.g. stores.csv)");
    }
    return Optional.empty();
  }

  /** The one extension an inventory may have. */
  public static final String EXTENSION = ".csv";

  /**
   * The name diagnostics use for an inventory: its path joined to the fleet file's folder as the
   * fleet file was named ({@code fleet-examples/stores.csv}).
   */
  public static String displayName(String fleetFile, String path) {
    int slash = Math.max(fleetFile.lastIndexOf('/'), fleetFile.lastIndexOf('\\'));
    return slash < 0 ? path : fleetFile.substring(0, slash + 1) + path;
  }
}
