package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Compares a set of files with a folder of expected files. Run the build with {@code
 * -Dfleetc.updateGolden=true} to rewrite the folder from what the code produces now.
 */
public final class GoldenTree {

  private GoldenTree() {}

  public static boolean updating() {
    return Boolean.getBoolean("fleetc.updateGolden");
  }

  /**
   * @param files relative path → content
   */
  public static void assertMatches(Path expectedDir, Map<String, String> files) {
    try {
      if (updating()) {
        if (Files.exists(expectedDir)) {
          try (Stream<Path> walk = Files.walk(expectedDir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(p);
            }
          }
        }
        for (Map.Entry<String, String> file : files.entrySet()) {
          Path target = expectedDir.resolve(file.getKey());
          Files.createDirectories(target.getParent());
          Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
        return;
      }
      assertThat(expectedDir)
          .as("%s is missing; run with -Dfleetc.updateGolden=true", expectedDir)
          .isDirectory();
      Map<String, String> expected = read(expectedDir);
      assertThat(new TreeMap<>(files).keySet())
          .as("files compiled for %s; run with -Dfleetc.updateGolden=true", expectedDir)
          .containsExactlyElementsOf(expected.keySet());
      for (Map.Entry<String, String> file : expected.entrySet()) {
        assertThat(files.get(file.getKey()))
            .as(
                "%s/%s differs; run with -Dfleetc.updateGolden=true and review the diff",
                expectedDir, file.getKey())
            .isEqualTo(file.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Map<String, String> read(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(
            dir.relativize(p).toString().replace('\\', '/'),
            Files.readString(p, StandardCharsets.UTF_8));
      }
    }
    return files;
  }
}
