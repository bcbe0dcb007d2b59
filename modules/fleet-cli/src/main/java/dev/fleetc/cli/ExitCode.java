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

  /** A file could not be read or written (its path and the reason are printed). */
  public static final int IO_ERROR = 4;

  /** {@code fleet compile}: another compile holds the output folder (it is named). */
  public static final int BUSY = 5;

  /** {@code fleet preflight}: the datastore endpoint reference cannot be read. */
  public static final int PREFLIGHT_REFERENCE = 10;

  /** {@code fleet preflight}: the datastore endpoint is malformed. */
  public static final int PREFLIGHT_MALFORMED = 11;

  /** {@code fleet preflight}: the datastore server is unreachable. */
  public static final int PREFLIGHT_UNREACHABLE = 12;

  /** {@code fleet preflight}: TLS is not as the endpoint declares it. */
  public static final int PREFLIGHT_TLS = 13;

  /** {@code fleet preflight}: authentication failed (password, role, pg_hba.conf). */
  public static final int PREFLIGHT_AUTHENTICATION = 14;

  /** {@code fleet preflight}: the endpoint's database does not exist. */
  public static final int PREFLIGHT_DATABASE_MISSING = 15;

  /** {@code fleet preflight}: the role cannot connect to its database or use kine's schema. */
  public static final int PREFLIGHT_PRIVILEGES = 16;

  /** {@code fleet preflight}: the server reported another error. */
  public static final int PREFLIGHT_SERVER_ERROR = 17;

  /** The command line is wrong. */
  public static final int USAGE = 64;

  /** A bug in fleetc; the message asks for a report. */
  public static final int INTERNAL = 70;

  private ExitCode() {}
}
