package dev.fleetc.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The real PostgreSQL server the datastore tests use: the one named by FLEETC_TEST_PG_HOST, _PORT,
 * _USER (a superuser) and _PASSWORD, as .ci/run sets them; without those, where Docker runs, a
 * Testcontainers PostgreSQL for this test run. Tests using it are skipped, with a message saying
 * how to provide one, when there is neither.
 */
final class TestPostgres {

  static final String HOST;
  static final String PORT;
  static final String USER;
  static final String PASSWORD;

  static {
    String host = System.getenv("FLEETC_TEST_PG_HOST");
    String port = System.getenv().getOrDefault("FLEETC_TEST_PG_PORT", "5432");
    String user = System.getenv("FLEETC_TEST_PG_USER");
    String password = System.getenv("FLEETC_TEST_PG_PASSWORD");
    if (host == null && dockerAvailable()) {
      // Stopped by Testcontainers when the test JVM exits.
      PostgreSQLContainer<?> container =
          new PostgreSQLContainer<>("postgres:16-alpine")
              .withUsername("fleetc_admin")
              .withPassword(UUID.randomUUID().toString());
      container.start();
      host = container.getHost();
      port = String.valueOf(container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT));
      user = container.getUsername();
      password = container.getPassword();
    }
    HOST = host;
    PORT = port;
    USER = user;
    PASSWORD = password;
  }

  private TestPostgres() {}

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** Skips the calling test unless a server is configured. */
  static void assumeAvailable() {
    assumeTrue(
        HOST != null && USER != null && PASSWORD != null,
        "no PostgreSQL test server: set FLEETC_TEST_PG_HOST, FLEETC_TEST_PG_PORT,"
            + " FLEETC_TEST_PG_USER (a superuser) and FLEETC_TEST_PG_PASSWORD (.ci/run does),"
            + " or run Docker for a Testcontainers PostgreSQL");
  }

  /** A name no other test run uses, so that runs against the same server do not collide. */
  static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
  }

  static String endpoint(String user, String encodedPassword, String database, String query) {
    return "postgres://"
        + user
        + ":"
        + encodedPassword
        + "@"
        + HOST
        + ":"
        + PORT
        + "/"
        + database
        + (query.isEmpty() ? "" : "?" + query);
  }

  static Connection admin(String database) throws SQLException {
    return DriverManager.getConnection(jdbc(database), USER, PASSWORD);
  }

  static Connection as(String user, String password, String database) throws SQLException {
    return DriverManager.getConnection(jdbc(database), user, password);
  }

  static String jdbc(String database) {
    return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database + "?sslmode=disable";
  }

  static void adminExecute(String database, String... statements) throws SQLException {
    try (Connection c = admin(database);
        Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** Drops test databases and roles; errors are ignored (the object may not exist). */
  static void dropQuietly(List<String> databases, List<String> roles) {
    for (String db : databases) {
      try {
        adminExecute("postgres", "DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
      } catch (SQLException e) {
        // already gone
      }
    }
    for (String role : roles) {
      try {
        adminExecute("postgres", "DROP ROLE IF EXISTS \"" + role + "\"");
      } catch (SQLException e) {
        // already gone
      }
    }
  }

  /** The result of a psql run. */
  record Psql(int exitCode, String output) {}

  /** Runs the real psql as the administrator on database postgres with -v NAME=VALUE. */
  static Psql psql(Path script, Map<String, String> variables)
      throws IOException, InterruptedException {
    return psql(script, variables, Map.of());
  }

  /**
   * Runs the real psql as the administrator, with -v NAME=VALUE and extra environment variables;
   * the endpoint variables of the test fleets are removed from the inherited environment.
   */
  static Psql psql(Path script, Map<String, String> variables, Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("psql", "-X", "-w"));
    variables.forEach((k, v) -> command.addAll(List.of("-v", k + "=" + v)));
    command.addAll(List.of("-f", script.toString()));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("PGHOST", HOST);
    env.put("PGPORT", PORT);
    env.put("PGUSER", USER);
    env.put("PGPASSWORD", PASSWORD);
    env.put("PGDATABASE", "postgres");
    env.put("PGSSLMODE", "disable");
    env.remove("STAGING_DATASTORE_ENDPOINT");
    env.putAll(environment);
    Process process = pb.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("psql did not finish");
    }
    return new Psql(process.exitValue(), output);
  }
}
