package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.compiler.yaml.YamlReader;
import dev.fleetc.model.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The bytes of a fleet file as text: at most {@link InputLimits#maxBytes}, and strict UTF-8 (a
 * malformed byte is an error, never a replacement character).
 */
final class FleetSource {

  private FleetSource() {}

  /**
   * Reads a stream up to one byte past the size limit, so that a huge file is refused without being
   * read whole.
   */
  static byte[] readBounded(InputStream in, long maxBytes) throws IOException {
    return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
  }

  /** The text of the bytes, or empty when they are too many or not UTF-8 (reported). */
  static Optional<String> decode(
      String file, byte[] bytes, long maxBytes, Diagnostics diagnostics) {
    if (!YamlReader.withinSizeLimit(file, bytes.length, maxBytes, diagnostics)) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      diagnostics.error(
          ErrorCode.YAML_SYNTAX,
          new SourcePosition(file, 1, 1),
          "the file is not UTF-8 text",
          "save the fleet file as UTF-8");
      return Optional.empty();
    }
  }
}
