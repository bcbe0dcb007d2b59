package dev.fleetc.compiler.values;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.model.SourcePosition;

/** What is wrong with a value, ready to be reported where the value stands. */
public record Problem(ErrorCode code, String message, String hint) {

  public void report(Diagnostics diagnostics, SourcePosition at) {
    diagnostics.report(code, at, message, hint);
  }
}
