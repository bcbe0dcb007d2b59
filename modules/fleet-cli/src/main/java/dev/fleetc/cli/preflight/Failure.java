package dev.fleetc.cli.preflight;

import dev.fleetc.cli.ExitCode;

/** The classes of preflight failure, each with the exit code documented in README.md. */
public enum Failure {
  /** The endpoint reference cannot be read (environment variable unset, file unreadable). */
  REFERENCE(ExitCode.PREFLIGHT_REFERENCE, "the endpoint reference cannot be read"),
  /** The endpoint is not {@code postgres://user:password@host:port/database?...}. */
  MALFORMED(ExitCode.PREFLIGHT_MALFORMED, "the endpoint is malformed"),
  /** No connection: DNS, refused, timeout, server not accepting connections. */
  UNREACHABLE(ExitCode.PREFLIGHT_UNREACHABLE, "the server is unreachable"),
  /** TLS is not as declared: the server has no TLS, or its certificate does not verify. */
  TLS(ExitCode.PREFLIGHT_TLS, "TLS failed"),
  /** Wrong password, unknown role, or no pg_hba.conf entry. */
  AUTHENTICATION(ExitCode.PREFLIGHT_AUTHENTICATION, "authentication failed"),
  /** The endpoint's database does not exist. */
  DATABASE_MISSING(ExitCode.PREFLIGHT_DATABASE_MISSING, "the database does not exist"),
  /** The role may not connect to the database, or cannot create or use kine's table. */
  PRIVILEGES(ExitCode.PREFLIGHT_PRIVILEGES, "the role lacks privileges"),
  /** Any other error the server reported. */
  SERVER_ERROR(ExitCode.PREFLIGHT_SERVER_ERROR, "the server reported an error");

  private final int exitCode;
  private final String summary;

  Failure(int exitCode, String summary) {
    this.exitCode = exitCode;
    this.summary = summary;
  }

  public int exitCode() {
    return exitCode;
  }

  public String summary() {
    return summary;
  }
}
