package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.model.Diagnostic;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The byte entry checks size and encoding itself, so callers need not know the limits. */
class ByteEntryTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: bytes}
      clusters:
        - name: one
          distribution: k3s
          kubernetes: "1.31"
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
      """;

  @Test
  void utf8BytesCompileLikeText() throws IOException {
    byte[] bytes = FLEET.getBytes(StandardCharsets.UTF_8);
    CompileResult fromBytes = new FleetCompiler().compile("f.yaml", bytes);
    CompileResult fromStream =
        new FleetCompiler().compile("f.yaml", new ByteArrayInputStream(bytes));
    CompileResult fromText = new FleetCompiler().compile("f.yaml", FLEET);
    assertThat(fromBytes).isEqualTo(fromText);
    assertThat(fromStream).isEqualTo(fromText);
    assertThat(fromBytes.fleet()).isPresent();
    assertThat(fromBytes.source()).isEqualTo(FLEET);
  }

  @Test
  void malformedUtf8IsAnE001Diagnostic() {
    byte[] bytes = {'a', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'};
    CompileResult result = new FleetCompiler().compile("latin.yaml", bytes);
    assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly("FLEET-E001");
    assertThat(result.renderer().renderAll(result.diagnostics()))
        .startsWith("latin.yaml:1:1: error[FLEET-E001]: the file is not UTF-8 text\n")
        .endsWith("1 error, 0 warnings\n");
  }

  @Test
  void oversizedStreamIsRefusedAfterReadingJustPastTheLimit() throws IOException {
    long[] served = {0};
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            served[0]++;
            return 'x';
          }
        };
    InputLimits fourMiB =
        new InputLimits(4L * 1024 * 1024, 64, 1_000_000, 1_000_000, 65536, 1 << 20, 1000);
    CompileResult result =
        new FleetCompiler(dev.fleetc.compiler.catalog.ReleaseCatalog.builtIn(), fourMiB)
            .compile("huge.yaml", endless);
    assertThat(result.diagnostics()).extracting(Diagnostic::code).containsExactly("FLEET-E023");
    assertThat(result.diagnostics().get(0).message()).isEqualTo("the file is larger than 4 MiB");
    assertThat(served[0]).isEqualTo(4L * 1024 * 1024 + 1);
  }
}
