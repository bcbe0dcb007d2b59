package dev.fleetc.model;

/** Errors stop a compile; warnings are reported and the compile goes on. */
public enum Severity {
  ERROR,
  WARNING;

  public String label() {
    return this == ERROR ? "error" : "warning";
  }
}
