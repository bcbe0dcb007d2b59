package dev.fleetc.compiler.diagnostics;

import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.Severity;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Collects every problem of a run so that all of them are reported at once. */
public final class Diagnostics {

  private final Set<Diagnostic> found = new LinkedHashSet<>();

  public void error(ErrorCode code, SourcePosition at, String message, String hint) {
    report(code, at, message, hint);
  }

  public void warning(ErrorCode code, SourcePosition at, String message, String hint) {
    report(code, at, message, hint);
  }

  /** Reports with the code's own severity; the same diagnostic twice is kept once. */
  public void report(ErrorCode code, SourcePosition at, String message, String hint) {
    found.add(new Diagnostic(code.severity(), code.code(), message, at, hint));
  }

  /** Adds another collector's findings (e.g. one cluster's, bound on another thread). */
  public void addAll(Diagnostics other) {
    found.addAll(other.found);
  }

  public boolean hasErrors() {
    return found.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  public int errorCount() {
    return (int) found.stream().filter(Diagnostic::isError).count();
  }

  /** In file order. */
  public List<Diagnostic> all() {
    List<Diagnostic> sorted = new ArrayList<>(found);
    sorted.sort(Diagnostic.IN_FILE_ORDER);
    return List.copyOf(sorted);
  }
}
