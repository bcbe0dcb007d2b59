package dev.fleetc.model;

import java.util.Comparator;

/**
 * One problem found in a fleet file, precise enough to act on.
 *
 * @param code a stable identifier such as {@code FLEET-E012}, documented in docs/diagnostics.md
 * @param hint what to do about it; may be empty
 */
public record Diagnostic(
    Severity severity, String code, String message, SourcePosition position, String hint) {

  /** File order, so that a person reads them top to bottom. */
  public static final Comparator<Diagnostic> IN_FILE_ORDER =
      Comparator.comparing((Diagnostic d) -> d.position().file())
          .thenComparingInt(d -> d.position().line())
          .thenComparingInt(d -> d.position().column())
          .thenComparing(Diagnostic::code)
          .thenComparing(Diagnostic::message);

  public boolean isError() {
    return severity == Severity.ERROR;
  }
}
