package dev.fleetc.plan;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.model.Fleet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Builds revisions from fleet text the way {@code fleet diff} does. */
final class Revisions {

  private Revisions() {}

  static Fleet fleet(String text) {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", text);
    if (result.hasErrors()) {
      throw new IllegalArgumentException("invalid test fleet: " + result.diagnostics());
    }
    return result.fleet().orElseThrow();
  }

  static CompiledFleet emit(Fleet fleet) {
    return FleetEmitter.standard().emit(fleet, c -> true, "fleetc test");
  }

  static Revision compiled(String text) {
    Fleet fleet = fleet(text);
    return Revision.compiled(fleet, emit(fleet));
  }

  /** The same fleet seen as a compiled output folder: only its lock and files. */
  static Revision folder(String text) {
    CompiledFleet compiled = emit(fleet(text));
    Map<String, String> files = new HashMap<>();
    compiled.files().forEach(a -> files.put(a.path(), a.content()));
    return Revision.fromLock(Lock.parse(compiled.lock()), p -> Optional.ofNullable(files.get(p)));
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path pairs() {
    String root = System.getProperty("fleetc.projectRoot");
    Path project =
        root != null && !root.isBlank()
            ? Path.of(root)
            : Path.of("").toAbsolutePath().getParent().getParent();
    return project.resolve("modules/fleet-plan/src/test/resources/pairs");
  }
}
