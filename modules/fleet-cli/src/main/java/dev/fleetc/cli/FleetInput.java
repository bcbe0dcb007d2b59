package dev.fleetc.cli;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.yaml.InputLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
  record Loaded(CompileResult result) {}

  /** Reads and compiles the fleet, printing its diagnostics to {@code err}. */
  static Loaded load(Path path, PrintWriter err) throws InputException {
    CompileResult result = compile(path);
    if (!result.diagnostics().isEmpty()) {
      err.print(result.renderer().renderAll(result.diagnostics()));
      err.flush();
    }
    return new Loaded(result);
  }

  /** The compiler with the input limits in force (see {@link InputLimits#fromEnvironment}). */
  static FleetCompiler compiler() throws InputException {
    try {
      return new FleetCompiler(ReleaseCatalog.builtIn(), FileInventories.limits());
    } catch (IllegalArgumentException e) {
      throw new InputException(ExitCode.USAGE, e.getMessage());
    }
  }

  /**
   * Reads and compiles the fleet without printing. The compiler checks size and encoding; only a
   * missing or unreadable file is an exception here. Uses the {@link HeadStart} when one was
   * started for this path.
   */
  static CompileResult compile(Path path) throws InputException {
    Optional<CompileResult> started = HeadStart.take(path);
    return started.isPresent() ? started.get() : compileNow(path);
  }

  /** {@link #compile}, on the calling thread. */
  static CompileResult compileNow(Path path) throws InputException {
    if (!Files.isRegularFile(path)) {
      throw new InputException(ExitCode.IO_ERROR, path + ": no such file");
    }
    try (InputStream in = Files.newInputStream(path)) {
      return compiler().compile(path.toString(), in, new FileInventories(path));
    } catch (IOException e) {
      throw new InputException(
          ExitCode.IO_ERROR,
          path + ": cannot read: " + dev.fleetc.cli.output.OutputException.reason(e));
    }
  }
}
