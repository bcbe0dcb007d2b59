package dev.fleetc.emit;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.sets.InventoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compiles a fleet file of the tests with its cluster-set inventories read from beside it. */
public final class ExampleFleets {

  private ExampleFleets() {}

  public static CompileResult compile(Path fleetFile) {
    try {
      String text = Files.readString(fleetFile, StandardCharsets.UTF_8);
      Path folder = fleetFile.toAbsolutePath().getParent();
      InventoryFiles beside =
          (relativePath, maxBytes) -> {
            try {
              return Files.readString(folder.resolve(relativePath), StandardCharsets.UTF_8);
            } catch (IOException e) {
              throw new InventoryFiles.Unreadable(e.toString());
            }
          };
      return new FleetCompiler().compile(fleetFile.getFileName().toString(), text, beside);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
