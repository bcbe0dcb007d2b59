package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.compiler.diagnostics.Redactions;
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
 * @param source the text the diagnostics point into (empty when the bytes were not readable text)
 * @param sources the text of every other file read (cluster-set inventories), by the name
 *     diagnostics use for it, so that they can be shown with their source line
 * @param origins for each cluster stamped from a cluster set, where it came from ({@code set
 *     stores, stores.csv row 12})
 * @param redactions the values that are secret by their use, which the renderer hides
 */
public record CompileResult(
    Optional<Fleet> fleet,
    List<Diagnostic> diagnostics,
    String source,
    Map<String, String> sources,
    Map<String, String> origins,
    Redactions redactions) {

  public CompileResult {
    diagnostics = List.copyOf(diagnostics);
    sources = Map.copyOf(sources);
    origins = Map.copyOf(origins);
  }

  public CompileResult(
      Optional<Fleet> fleet,
      List<Diagnostic> diagnostics,
      String source,
      Map<String, String> sources,
      Map<String, String> origins) {
    this(fleet, diagnostics, source, sources, origins, new Redactions());
  }

  public CompileResult(Optional<Fleet> fleet, List<Diagnostic> diagnostics, String source) {
    this(fleet, diagnostics, source, Map.of(), Map.of());
  }

  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** The errors only, in file order. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  /** A renderer over this result's sources (fleet file and inventories), for its diagnostics. */
  public DiagnosticRenderer renderer() {
    return new DiagnosticRenderer(source, sources, redactions);
  }
}
