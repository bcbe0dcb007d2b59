package dev.fleetc.compiler;

import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.Fleet;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading a fleet file.
 *
 * @param fleet the resolved fleet, present only when there is no error
 * @param diagnostics every error and warning, in file order
 */
public record CompileResult(Optional<Fleet> fleet, List<Diagnostic> diagnostics) {

  public CompileResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
