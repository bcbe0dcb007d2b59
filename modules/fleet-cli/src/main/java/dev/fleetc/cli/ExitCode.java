package dev.fleetc.cli;

/** The exit codes of {@code fleet}, documented in README.md. */
public final class ExitCode {

  /** Success; for {@code fleet diff}: no changes. */
  public static final int OK = 0;

  /** The fleet has errors (diagnostics were printed), or a requested check failed. */
  public static final int INVALID = 1;

  /** {@code fleet diff}: the plan has changes. */
  public static final int CHANGES = 2;

  /** {@code fleet compile --check}: the output folder is out of date. */
  public static final int STALE = 3;

  /** A file could not be read or written. */
  public static final int IO_ERROR = 4;

  /** The command line is wrong. */
  public static final int USAGE = 64;

  /** A bug in fleetc; the message asks for a report. */
  public static final int INTERNAL = 70;

  private ExitCode() {}
}
