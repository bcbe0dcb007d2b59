package dev.fleetc.compiler;

import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.Fleet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of reading a fleet file.
 *
 * @param fleet the resolved fleet, present only when there is no error
 * @param diagnostics every error and warning, in file order
 * @param sources the text of every other file read (cluster-set inventories), by the name
 *     diagnostics use for it, so that they can be shown with their source line
 * @param origins for each cluster stamped from a cluster set, where it came from ({@code set
 *     stores, stores.csv row 12})
 */
public record CompileResult(
    Optional<Fleet> fleet,
    List<Diagnostic> diagnostics,
    Map<String, String> sources,
    Map<String, String> origins) {

  public CompileResult {
    diagnostics = List.copyOf(diagnostics);
    sources = Map.copyOf(sources);
    origins = Map.copyOf(origins);
  }

  public CompileResult(Optional<Fleet> fleet, List<Diagnostic> diagnostics) {
    this(fleet, diagnostics, Map.of(), Map.of());
  }

  /** A renderer that shows each diagnostic's line from the file it points into. */
  public DiagnosticRenderer renderer(String fleetText) {
    return new DiagnosticRenderer(fleetText, sources);
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }
}
