package dev.fleetc.model;

/** A place in a fleet file: 1-based line and column, as editors count them. */
public record SourcePosition(String file, int line, int column) {

  /** For values that come from no file (built-in defaults, the release catalog). */
  public static final SourcePosition NONE = new SourcePosition("", 0, 0);

  public boolean isKnown() {
    return line > 0;
  }

  @Override
  public String toString() {
    return isKnown() ? file + ":" + line + ":" + column : file;
  }
}
