package dev.fleetc.cli;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * Compiles a built-in fleet and writes nothing. The {@code fleet} launcher runs it once to record a
 * class-data-sharing archive (or, on JDK 25+, an AOT cache), which roughly halves the start-up of
 * later runs.
 */
@Command(name = "warmup", hidden = true)
final class WarmupCommand implements Callable<Integer> {

  private static final String FLEET = "/dev/fleetc/cli/warmup.fleet.yaml";

  @Override
  public Integer call() {
    String text = builtInFleet();
    CompileResult result =
        new FleetCompiler().compile("warmup.fleet.yaml", text.getBytes(StandardCharsets.UTF_8));
    FleetEmitter.standard().emit(result.fleet().orElseThrow(), c -> true, Version.generator());
    result.renderer().renderAll(result.diagnostics());
    // The other commands' classes, for the archive: run them in-process on a temporary copy.
    try {
      Path folder = Files.createTempDirectory("fleetc-warmup");
      Path file = folder.resolve("warmup.fleet.yaml");
      Path output = folder.resolve("out");
      try {
        Files.writeString(file, text);
        String fleet = file.toString();
        for (String[] args :
            new String[][] {
              {"validate", fleet},
              {"explain", "prod-eu", fleet},
              {"diff", fleet, fleet},
              {"diff", "--format", "json", fleet, fleet},
              {"compile", fleet, "-o", output.toString()},
              {"compile", fleet, "-o", output.toString(), "--check"},
              {"--help"}
            }) {
          FleetCommand.run(
              args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        }
      } finally {
        try (Stream<Path> written = Files.walk(folder)) {
          for (Path path : written.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(path);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ExitCode.OK;
  }

  private static String builtInFleet() {
    try (InputStream in = WarmupCommand.class.getResourceAsStream(FLEET)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
