package dev.fleetc.cli;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.DiagnosticRenderer;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.yaml.YamlReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The fleet file a command reads: {@code -f FILE} or the first argument. */
final class FleetInput {

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FLEET",
      description = "The fleet file (default: fleet.yaml).")
  Path file;

  /** Thrown when the input cannot be used; carries the exit code and the message printed. */
  static final class InputException extends Exception {
    final int exitCode;

    InputException(int exitCode, String message) {
      super(message);
      this.exitCode = exitCode;
    }
  }

  Path path(Path positional) {
    if (file != null) {
      return file;
    }
    return positional != null ? positional : Path.of("fleet.yaml");
  }

  /** A fleet file as read and compiled. */
  record Loaded(String text, CompileResult result) {
    DiagnosticRenderer renderer() {
      return new DiagnosticRenderer(text);
    }
  }

  /** Reads and compiles the fleet, printing its diagnostics to {@code err}. */
  static Loaded load(Path path, PrintWriter err) throws InputException {
    String text = read(path);
    CompileResult result = new FleetCompiler().compile(path.toString(), text);
    if (!result.diagnostics().isEmpty()) {
      err.print(new DiagnosticRenderer(text).renderAll(result.diagnostics()));
      err.flush();
    }
    return new Loaded(text, result);
  }

  static String read(Path path) throws InputException {
    try {
      if (!Files.isRegularFile(path)) {
        throw new InputException(ExitCode.IO_ERROR, path + ": no such file");
      }
      if (Files.size(path) > YamlReader.MAX_BYTES) {
        throw new InputException(
            ExitCode.INVALID,
            path
                + ":1:1: error[FLEET-E023]: the file is larger than "
                + YamlReader.MAX_BYTES / (1024 * 1024)
                + " MiB");
      }
      byte[] bytes = Files.readAllBytes(path);
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes))
            .toString();
      } catch (CharacterCodingException e) {
        throw new InputException(
            ExitCode.INVALID, path + ":1:1: error[FLEET-E001]: the file is not UTF-8 text");
      }
    } catch (IOException e) {
      throw new InputException(
          ExitCode.IO_ERROR,
          path + ": cannot read: " + dev.fleetc.cli.output.OutputException.reason(e));
    }
  }
}
