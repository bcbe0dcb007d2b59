package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The up-to-date comparison: equal only for exactly the same bytes, never through a link. */
class SafeFolderHoldsTest {

  @TempDir Path out;

  @Test
  void exactlyTheSameBytes() throws Exception {
    Files.writeString(out.resolve("a.yaml"), "key: \"value\"\n");
    SafeFolder folder = SafeFolder.of(out);
    assertThat(folder.holds("a.yaml", bytes("key: \"value\"\n"))).isTrue();
    assertThat(folder.holds("a.yaml", bytes("key: \"valuE\"\n"))).as("same size").isFalse();
    assertThat(folder.holds("a.yaml", bytes("key: \"value\""))).as("file is longer").isFalse();
    assertThat(folder.holds("a.yaml", bytes("key: \"value\"\n\n"))).as("shorter").isFalse();
    Files.writeString(out.resolve("empty"), "");
    assertThat(folder.holds("empty", new byte[0])).isTrue();
  }

  @Test
  void neverThroughALink() throws Exception {
    Path elsewhere = Files.writeString(out.resolveSibling(out.getFileName() + "-x"), "secret");
    Files.createSymbolicLink(out.resolve("link"), elsewhere);
    SafeFolder folder = SafeFolder.of(out);
    assertThatThrownBy(() -> folder.holds("link", bytes("secret")))
        .isInstanceOf(OutputException.class);
    Files.delete(elsewhere);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
