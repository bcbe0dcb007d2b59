package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.Fleet;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of reading a fleet file.
 *
 * @param fleet the resolved fleet, present only when there is no error
 * @param diagnostics every error and warning, in file order
 * @param source the text the diagnostics point into (empty when the bytes were not readable text)
 */
public record CompileResult(Optional<Fleet> fleet, List<Diagnostic> diagnostics, String source) {

  public CompileResult {
    diagnostics = List.copyOf(diagnostics);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** The errors only, in file order. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  /** A renderer over this result's source, for printing its diagnostics. */
  public DiagnosticRenderer renderer() {
    return new DiagnosticRenderer(source);
  }
}
