package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Expected-output files for tests. Run with {@code -Dfleetc.updateGolden=true} to rewrite them from
 * what the code produces now; review the diff before committing.
 */
public final class Golden {

  private Golden() {}

  public static boolean updating() {
    return Boolean.getBoolean("fleetc.updateGolden");
  }

  /** Asserts that {@code actual} equals the file, or rewrites the file when updating. */
  public static void assertMatches(Path expectedFile, String actual) {
    try {
      if (updating()) {
        Files.createDirectories(expectedFile.getParent());
        Files.writeString(expectedFile, actual, StandardCharsets.UTF_8);
        return;
      }
      assertThat(expectedFile)
          .as("golden file %s is missing; run with -Dfleetc.updateGolden=true", expectedFile)
          .exists();
      assertThat(actual)
          .as("%s differs; run with -Dfleetc.updateGolden=true and review the diff", expectedFile)
          .isEqualTo(Files.readString(expectedFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The source folder of test resources of the module under test (golden files live there). */
  public static Path resources() {
    return Path.of("src", "test", "resources");
  }
}
