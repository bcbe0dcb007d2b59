package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Every code the compiler can report is explained in docs/diagnostics.md, and nothing else is. */
class ErrorCodeDocsTest {

  @Test
  void everyCodeIsDocumented() throws IOException {
    String docs = Files.readString(Path.of("..", "..", "docs", "diagnostics.md"));
    Arrays.stream(ErrorCode.values())
        .forEach(code -> assertThat(docs).contains("| " + code.code() + " |"));
    long documented = docs.lines().filter(l -> l.startsWith("| FLEET-")).count();
    assertThat(documented).isEqualTo(ErrorCode.values().length);
  }
}
