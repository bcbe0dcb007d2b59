package dev.fleetc.compiler.diagnostics;

import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.Severity;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects every problem of a run so that all of them are reported at once, up to {@value
 * #MAX_KEPT}: past that, diagnostics are only counted, so that hostile input (20,000 errors on one
 * line) costs bounded memory; {@link #all()} then ends with one FLEET-E045 line that says how many
 * more there were.
 */
public final class Diagnostics {

  /** Most diagnostics kept (and printed); the rest are counted. */
  public static final int MAX_KEPT = 100;

  private static final Pattern OVERFLOW =
      Pattern.compile("\\.\\.\\. and (\\d+) more errors? and (\\d+) more warnings? not shown");

  private final Set<Diagnostic> found = new LinkedHashSet<>();
  private long omittedErrors;
  private long omittedWarnings;
  private final Redactions redactions = new Redactions();

  /**
   * Records that the value written at {@code at} is a secret: no diagnostic may print it ({@link
   * Redactions}). Called wherever a value's use makes it one, before any diagnostic about it.
   */
  public void secret(SourcePosition at, String value) {
    redactions.secret(at, value);
  }

  /** The secret values seen so far, for the renderer. */
  public Redactions redactions() {
    return redactions;
  }

  public void error(ErrorCode code, SourcePosition at, String message, String hint) {
    report(code, at, message, hint);
  }

  public void warning(ErrorCode code, SourcePosition at, String message, String hint) {
    report(code, at, message, hint);
  }

  /** Reports with the code's own severity; the same diagnostic twice is kept once. */
  public void report(ErrorCode code, SourcePosition at, String message, String hint) {
    add(new Diagnostic(code.severity(), code.code(), message, at, hint));
  }

  private synchronized void add(Diagnostic d) {
    if (found.size() < MAX_KEPT || found.contains(d)) {
      found.add(d);
    } else if (d.isError()) {
      omittedErrors++;
    } else {
      omittedWarnings++;
    }
  }

  /** Adds another collector's findings (e.g. one cluster's, bound on another thread). */
  public synchronized void addAll(Diagnostics other) {
    other.found.forEach(this::add);
    redactions.addAll(other.redactions);
    omittedErrors += other.omittedErrors;
    omittedWarnings += other.omittedWarnings;
  }

  public synchronized boolean hasErrors() {
    return omittedErrors > 0 || found.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  public synchronized int errorCount() {
    return (int) (omittedErrors + found.stream().filter(Diagnostic::isError).count());
  }

  /** In file order; past {@value #MAX_KEPT}, a last line counts the rest. */
  public synchronized List<Diagnostic> all() {
    List<Diagnostic> sorted = new ArrayList<>(found);
    sorted.sort(Diagnostic.IN_FILE_ORDER);
    if (omittedErrors + omittedWarnings > 0) {
      sorted.add(
          new Diagnostic(
              omittedErrors > 0 ? Severity.ERROR : Severity.WARNING,
              ErrorCode.TOO_MANY_DIAGNOSTICS.code(),
              "... and "
                  + omittedErrors
                  + " more error"
                  + (omittedErrors == 1 ? "" : "s")
                  + " and "
                  + omittedWarnings
                  + " more warning"
                  + (omittedWarnings == 1 ? "" : "s")
                  + " not shown",
              SourcePosition.NONE,
              "fix the ones shown and run again"));
    }
    return List.copyOf(sorted);
  }

  /** True for the closing line that counts the diagnostics left out. */
  public static boolean isOverflow(Diagnostic d) {
    return d.code().equals(ErrorCode.TOO_MANY_DIAGNOSTICS.code());
  }

  static long omittedErrors(Diagnostic overflow) {
    Matcher m = OVERFLOW.matcher(overflow.message());
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }

  static long omittedWarnings(Diagnostic overflow) {
    Matcher m = OVERFLOW.matcher(overflow.message());
    return m.matches() ? Long.parseLong(m.group(2)) : 0;
  }
}
