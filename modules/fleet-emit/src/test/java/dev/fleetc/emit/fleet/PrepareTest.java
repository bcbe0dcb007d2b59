package dev.fleetc.emit.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.model.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The emit stack's head start ({@link FleetEmitter#prepare}) runs on a thread that swallows its
 * failures; so here it must complete (every template renders with an empty scope), and emitting
 * after it must give the same files, concurrently or not.
 */
class PrepareTest {

  @Test
  void completesAndChangesNoOutput() throws Exception {
    Fleet fleet = acme();
    CompiledFleet before = FleetEmitter.standard().emit(fleet, c -> true, "fleetc test");
    Thread concurrent = new Thread(() -> FleetEmitter.standard().prepare());
    concurrent.start();
    CompiledFleet during = FleetEmitter.standard().emit(fleet, c -> true, "fleetc test");
    concurrent.join();
    FleetEmitter.standard().prepare(); // throws if a template cannot render with an empty scope
    CompiledFleet after = FleetEmitter.standard().emit(fleet, c -> true, "fleetc test");
    assertThat(during.files()).isEqualTo(before.files());
    assertThat(after.files()).isEqualTo(before.files());
    assertThat(after.lock()).isEqualTo(before.lock());
  }

  private static Fleet acme() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent().getParent();
    String text = Files.readString(root.resolve("fleet-examples/acme.fleet.yaml"));
    CompileResult result = new FleetCompiler().compile("acme.fleet.yaml", text);
    return result.fleet().orElseThrow();
  }
}
