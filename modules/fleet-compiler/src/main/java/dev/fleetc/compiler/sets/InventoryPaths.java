package dev.fleetc.compiler.sets;

import java.util.Optional;

/**
 * What an inventory path may be. It comes from the fleet file, which may come from anyone: it must
 * stay inside the fleet file's folder. Links are checked where the file is read ({@link
 * InventoryFiles}); the text is checked here, before anything is read.
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
    }
    return Optional.empty();
  }

  /**
   * The name diagnostics use for an inventory: its path joined to the fleet file's folder as the
   * fleet file was named ({@code fleet-examples/stores.csv}).
   */
  public static String displayName(String fleetFile, String path) {
    int slash = Math.max(fleetFile.lastIndexOf('/'), fleetFile.lastIndexOf('\\'));
    return slash < 0 ? path : fleetFile.substring(0, slash + 1) + path;
  }
}
