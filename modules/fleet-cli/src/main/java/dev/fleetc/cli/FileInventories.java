package dev.fleetc.cli;

import dev.fleetc.compiler.sets.InventoryFiles;
import dev.fleetc.compiler.sets.InventoryPaths;
import dev.fleetc.compiler.yaml.InputLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads cluster-set inventories from disk for the compiler. The path comes from the fleet file, so
 * it is untrusted: the compiler has already refused absolute paths and {@code ..}; here the file,
 * once every link is followed, must still lie inside the fleet file's folder, and be a regular file
 * of bounded size.
 */
final class FileInventories implements InventoryFiles {

  private final Path folder;
  private final Path fleetFile;

  /**
   * @param fleetFile the fleet file; inventories are relative to its folder
   */
  FileInventories(Path fleetFile) {
    Path parent = fleetFile.toAbsolutePath().getParent();
    this.folder = parent == null ? Path.of("").toAbsolutePath() : parent;
    this.fleetFile = fleetFile.toAbsolutePath();
  }

  /** The limits in force: the defaults, with any the environment overrides. */
  static InputLimits limits() {
    return InputLimits.fromEnvironment(System.getenv());
  }

  @Override
  public String read(String relativePath, long maxBytes) throws Unreadable {
    try {
      Path root = folder.toRealPath();
      Path file = root.resolve(relativePath).normalize();
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        throw new Unreadable("no such file");
      }
      Path real = file.toRealPath();
      if (!real.startsWith(root)) {
        throw new Unreadable("leads outside the fleet file's folder through a link");
      }
      // A link inside the folder may still lead to a dot-file or to something that is no CSV.
      Optional<String> target = InventoryPaths.problem(root.relativize(real).toString());
      if (target.isPresent()) {
        throw new Unreadable("leads through a link to a file that " + target.get());
      }
      if (Files.exists(fleetFile) && Files.isSameFile(real, fleetFile)) {
        throw new Unreadable("is the fleet file itself");
      }
      if (!Files.isRegularFile(real)) {
        throw new Unreadable("is not a regular file");
      }
      if (Files.size(real) > maxBytes) {
        throw new Unreadable(
            "larger than the inventory limit of "
                + InputLimits.describeBytes(maxBytes)
                + " (raise FLEETC_MAX_INVENTORY_BYTES if it is really that large)");
      }
      return utf8(Files.readAllBytes(real));
    } catch (IOException e) {
      throw new Unreadable("cannot be read: " + e.getMessage());
    }
  }

  static String utf8(byte[] bytes) throws Unreadable {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new Unreadable("is not UTF-8 text");
    }
  }
}
