package dev.fleetc.cli.preflight;

import dev.fleetc.model.SecretRef;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Checks one external PostgreSQL datastore the way kine will use it: connect with the endpoint's
 * role, report TLS and the server version, then create kine's table and indexes, write, read and
 * delete a row, all in a transaction that is rolled back.
 */
public final class PostgresPreflight {

  /** Kine's PostgreSQL schema (k3s-io/kine pkg/drivers/pgsql), statement by statement. */
  public static final List<String> KINE_SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS kine (id SERIAL PRIMARY KEY, name VARCHAR(630),"
              + " created INTEGER, deleted INTEGER, create_revision INTEGER, prev_revision INTEGER,"
              + " lease INTEGER, value bytea, old_value bytea)",
          "CREATE INDEX IF NOT EXISTS kine_name_index ON kine (name)",
          "CREATE INDEX IF NOT EXISTS kine_name_id_index ON kine (name,id)",
          "CREATE INDEX IF NOT EXISTS kine_id_deleted_index ON kine (id,deleted)",
          "CREATE INDEX IF NOT EXISTS kine_prev_revision_index ON kine (prev_revision)",
          "CREATE UNIQUE INDEX IF NOT EXISTS kine_name_prev_revision_uindex"
              + " ON kine (name, prev_revision)");

  // Held so that the setting is not lost with a collected logger: the driver must print nothing.
  private static final Logger DRIVER_LOG = Logger.getLogger("org.postgresql");

  static {
    DRIVER_LOG.setLevel(Level.OFF);
  }

  /** One line of the report: a check's name, its status and what was found. */
  public record Line(String check, Status status, String text) {}

  /** A check's result. */
  public enum Status {
    OK("ok"),
    WARN("warn"),
    FAILED("FAILED");

    private final String word;

    Status(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  /** The report of one cluster: its lines and the failure that stopped it, if any. */
  public record Report(List<Line> lines, Optional<Failure> failure) {}

  private final int timeoutSeconds;
  private final Function<String, String> environment;

  /**
   * @param environment reads an environment variable ({@code System::getenv} in the CLI)
   */
  public PostgresPreflight(int timeoutSeconds, Function<String, String> environment) {
    this.timeoutSeconds = timeoutSeconds;
    this.environment = environment;
  }

  /** Runs every check against the datastore that the reference names. */
  public Report check(SecretRef reference) {
    List<Line> lines = new ArrayList<>();
    String text;
    try {
      text = resolve(reference);
    } catch (ReferenceException e) {
      lines.add(new Line("endpoint", Status.FAILED, e.getMessage()));
      return new Report(lines, Optional.of(Failure.REFERENCE));
    }
    PostgresEndpoint endpoint;
    try {
      endpoint = PostgresEndpoint.parse(text);
    } catch (PostgresEndpoint.MalformedEndpointException e) {
      String message = PostgresEndpoint.maskAll(e.getMessage(), List.of(text.strip()));
      lines.add(new Line("endpoint", Status.FAILED, message + " (from " + reference + ")"));
      return new Report(lines, Optional.of(Failure.MALFORMED));
    }
    lines.add(new Line("endpoint", Status.OK, endpoint.masked() + " (from " + reference + ")"));
    if (!endpoint.ignoredParameters().isEmpty()) {
      lines.add(
          new Line(
              "endpoint",
              Status.WARN,
              "not checked by preflight: " + String.join(", ", endpoint.ignoredParameters())));
    }
    Optional<Failure> failure = connectAndCheck(endpoint, lines);
    return new Report(lines, failure);
  }

  private Optional<Failure> connectAndCheck(PostgresEndpoint endpoint, List<Line> lines) {
    String where = endpoint.host() + ":" + endpoint.port();
    Connection connection;
    try {
      connection =
          new org.postgresql.Driver()
              .connect(endpoint.jdbcUrl(), endpoint.jdbcProperties(timeoutSeconds));
    } catch (SQLException e) {
      Failure failure = classify(e, true);
      String check =
          switch (failure) {
            case UNREACHABLE -> "reachable";
            case TLS -> "tls";
            case AUTHENTICATION -> "login";
            default -> "database";
          };
      lines.add(new Line(check, Status.FAILED, describe(failure, e, endpoint, where)));
      return Optional.of(failure);
    }
    try (connection) {
      lines.add(new Line("reachable", Status.OK, where));
      tls(connection, endpoint, lines);
      lines.add(
          new Line(
              "server",
              Status.OK,
              "PostgreSQL " + connection.getMetaData().getDatabaseProductVersion()));
      role(connection, endpoint, lines);
      kineSchema(connection, lines);
      return Optional.empty();
    } catch (SQLException e) {
      Failure failure = classify(e, false);
      lines.add(
          new Line(
              failure == Failure.PRIVILEGES ? "privileges" : "server",
              Status.FAILED,
              describe(failure, e, endpoint, where)));
      return Optional.of(failure);
    }
  }

  private static void tls(Connection connection, PostgresEndpoint endpoint, List<Line> lines)
      throws SQLException {
    boolean encrypted = false;
    String protocol = "";
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
      if (rs.next()) {
        encrypted = rs.getBoolean(1);
        protocol = rs.getString(2) == null ? "" : rs.getString(2);
      }
    }
    String state = encrypted ? "encrypted (" + protocol + ")" : "not encrypted";
    Optional<String> mode = endpoint.sslmode();
    if (mode.isEmpty()) {
      lines.add(
          new Line(
              "tls",
              Status.WARN,
              "sslmode not declared; this connection is "
                  + state
                  + "; declare sslmode=require or verify-full in the endpoint"));
    } else if (mode.get().equals("disable")) {
      lines.add(new Line("tls", Status.WARN, "sslmode=disable as declared: " + state));
    } else {
      lines.add(
          new Line(
              "tls", encrypted ? Status.OK : Status.WARN, "sslmode=" + mode.get() + ": " + state));
    }
  }

  private static void role(Connection connection, PostgresEndpoint endpoint, List<Line> lines)
      throws SQLException {
    String sql =
        "SELECT r.rolsuper, r.rolcreaterole, r.rolcreatedb, o.rolname,"
            + " NOT EXISTS (SELECT FROM aclexplode(coalesce(d.datacl, acldefault('d', d.datdba))) a"
            + "   WHERE a.grantee = 0 AND a.privilege_type = 'CONNECT')"
            + " FROM pg_roles r, pg_database d JOIN pg_roles o ON o.oid = d.datdba"
            + " WHERE r.rolname = current_user AND d.datname = current_database()";
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      if (!rs.next()) {
        return;
      }
      String owner = rs.getString(4);
      lines.add(
          new Line(
              "login",
              Status.OK,
              "role "
                  + endpoint.user()
                  + ", database "
                  + endpoint.database()
                  + " (owner "
                  + owner
                  + ")"));
      if (rs.getBoolean(1) || rs.getBoolean(2) || rs.getBoolean(3)) {
        lines.add(
            new Line(
                "least privilege",
                Status.WARN,
                "role "
                    + endpoint.user()
                    + " has rights kine does not need (superuser, CREATEROLE or CREATEDB);"
                    + " use the role that datastore.sql creates"));
      }
      if (!rs.getBoolean(5)) {
        lines.add(
            new Line(
                "isolation",
                Status.WARN,
                "every role on the server may connect to database "
                    + endpoint.database()
                    + " (PUBLIC has CONNECT); datastore.sql revokes it"));
      }
    }
  }

  private static void kineSchema(Connection connection, List<Line> lines) throws SQLException {
    boolean exists;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('kine') IS NOT NULL")) {
      rs.next();
      exists = rs.getBoolean(1);
    }
    if (exists) {
      // A live kine table: only ask about rights, so that kine's id sequence is not advanced.
      try (Statement s = connection.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT has_table_privilege('kine', 'SELECT, INSERT, UPDATE, DELETE'),"
                      + " coalesce(has_sequence_privilege("
                      + "pg_get_serial_sequence('kine', 'id'), 'USAGE'), true)")) {
        rs.next();
        if (!rs.getBoolean(1) || !rs.getBoolean(2)) {
          throw new SQLException(
              "table kine exists but the role cannot read and write it", "42501");
        }
      }
      lines.add(
          new Line(
              "kine schema",
              Status.OK,
              "table kine exists already (the cluster has started before); the role can read and"
                  + " write it"));
      return;
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try {
      try (Statement s = connection.createStatement()) {
        s.execute("SET LOCAL lock_timeout = '10s'");
        for (String statement : KINE_SCHEMA) {
          s.execute(statement);
        }
      }
      long id;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO kine (name, created, deleted, create_revision, prev_revision, lease,"
                  + " value, old_value) VALUES (?, 1, 0, 0, 0, 0, ?, ?) RETURNING id")) {
        insert.setString(1, "/fleetc/preflight");
        insert.setBytes(2, new byte[] {1});
        insert.setBytes(3, new byte[0]);
        try (ResultSet rs = insert.executeQuery()) {
          rs.next();
          id = rs.getLong(1);
        }
      }
      try (PreparedStatement read =
          connection.prepareStatement(
              "SELECT count(*) FROM kine WHERE name LIKE ? AND id <= ? AND deleted = 0")) {
        read.setString(1, "/fleetc/%");
        read.setLong(2, id);
        try (ResultSet rs = read.executeQuery()) {
          rs.next();
        }
      }
      try (PreparedStatement delete =
          connection.prepareStatement("DELETE FROM kine WHERE id = ?")) {
        delete.setLong(1, id);
        delete.executeUpdate();
      }
    } finally {
      connection.rollback();
      connection.setAutoCommit(autoCommit);
    }
    lines.add(
        new Line(
            "kine schema",
            Status.OK,
            "the role can create table kine and its 5 indexes, insert, read and delete"
                + " (rolled back: nothing left behind)"));
  }

  /** Sorts a driver or server error into a failure class. */
  static Failure classify(SQLException e, boolean connecting) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SSLException) {
        return Failure.TLS;
      }
      if (t instanceof ConnectException
          || t instanceof UnknownHostException
          || t instanceof NoRouteToHostException
          || t instanceof SocketTimeoutException) {
        return Failure.UNREACHABLE;
      }
    }
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = e.getMessage() == null ? "" : e.getMessage();
    if (state.equals("08004") && message.contains("SSL")) {
      return Failure.TLS;
    }
    if (state.startsWith("28")) {
      return Failure.AUTHENTICATION;
    }
    if (state.equals("3D000")) {
      return Failure.DATABASE_MISSING;
    }
    if (state.equals("42501")) {
      return Failure.PRIVILEGES;
    }
    if (state.startsWith("08") || state.equals("53300") || state.equals("57P03")) {
      return connecting ? Failure.UNREACHABLE : Failure.SERVER_ERROR;
    }
    return Failure.SERVER_ERROR;
  }

  private static String describe(
      Failure failure, SQLException e, PostgresEndpoint endpoint, String where) {
    String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
      if (t.getMessage() != null && !cause.contains(t.getMessage())) {
        cause = cause + ": " + t.getMessage();
      }
    }
    String hint =
        switch (failure) {
          case UNREACHABLE ->
              "check the host, the port and the firewall between this machine and " + where;
          case TLS ->
              "the endpoint declares sslmode="
                  + endpoint.sslmode().orElse("prefer")
                  + "; enable TLS on the server, or fix sslrootcert";
          case AUTHENTICATION ->
              "check the role and the password in the endpoint (percent-encoded), and"
                  + " pg_hba.conf; run datastore.sql to (re)set them";
          case DATABASE_MISSING -> "run datastore.sql first";
          case PRIVILEGES ->
              "role "
                  + endpoint.user()
                  + " must own database "
                  + endpoint.database()
                  + ": run datastore.sql";
          default -> "SQLSTATE " + e.getSQLState();
        };
    String oneLine = cause.strip().replaceAll("\\s*\\R\\s*", " ");
    return endpoint.mask(failure.summary() + ": " + oneLine + "; " + hint);
  }

  private String resolve(SecretRef reference) throws ReferenceException {
    String value;
    if (reference.scheme() == SecretRef.Scheme.ENV) {
      value = environment.apply(reference.name());
      if (value == null || value.isBlank()) {
        throw new ReferenceException(
            "environment variable " + reference.name() + " is not set (" + reference + ")");
      }
    } else {
      Path path = Path.of(reference.name());
      try {
        value = Files.readString(path, StandardCharsets.UTF_8);
      } catch (IOException | RuntimeException e) {
        throw new ReferenceException(
            "cannot read " + reference + ": " + e.getClass().getSimpleName());
      }
      if (value.isBlank()) {
        throw new ReferenceException(reference + " is empty");
      }
    }
    return value.strip();
  }

  private static final class ReferenceException extends Exception {
    ReferenceException(String message) {
      super(message);
    }
  }
}
