package dev.fleetc.cli;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.FleetEmitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * Compiles a built-in fleet in memory and writes nothing. The {@code fleet} launcher runs it once
 * to record a class-data-sharing archive, which roughly halves the start-up of later runs.
 */
@Command(name = "warmup", hidden = true)
final class WarmupCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    String text;
    try (InputStream in =
        WarmupCommand.class.getResourceAsStream("/dev/fleetc/cli/warmup.fleet.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompileResult result = new FleetCompiler().compile("warmup.fleet.yaml", text);
    FleetEmitter emitter = FleetEmitter.standard();
    emitter.emit(result.fleet().orElseThrow(), c -> true, Version.generator());
    new dev.fleetc.compiler.DiagnosticRenderer(text).renderAll(result.diagnostics());
    return ExitCode.OK;
  }
}
