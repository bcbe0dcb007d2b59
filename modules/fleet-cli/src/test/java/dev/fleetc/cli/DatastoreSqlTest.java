package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetc.cli.preflight.PostgresPreflight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datastore.sql that {@code fleet compile} writes for acme's staging cluster, applied with the
 * real psql to a real PostgreSQL server (see {@link TestPostgres}).
 */
class DatastoreSqlTest {

  private static final List<String> DATABASES = new ArrayList<>();
  private static final List<String> ROLES = new ArrayList<>();
  private static Path script;

  @BeforeAll
  static void compileStaging(@TempDir Path out) throws Exception {
    Path acme = Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml");
    Cli.Run run = Cli.run("compile", acme.toString(), "-o", out.toString(), "--cluster", "staging");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    script = out.resolve("bootstrap/staging/datastore.sql");
    assertThat(script).exists();
  }

  @AfterAll
  static void dropTestObjects() {
    if (TestPostgres.HOST != null) {
      TestPostgres.dropQuietly(DATABASES, ROLES);
    }
  }

  @BeforeEach
  void needsServer(org.junit.jupiter.api.TestInfo test) {
    if (!test.getDisplayName().startsWith("scriptHoldsNoSecret")) {
      TestPostgres.assumeAvailable();
    }
  }

  private static String newCluster() {
    String name = TestPostgres.uniqueName("fleetc_it");
    DATABASES.add(name + "_db");
    ROLES.add(name);
    return name;
  }

  @Test
  void scriptHoldsNoSecretAndNamesTheReference() throws Exception {
    String sql = Files.readString(script);
    assertThat(sql)
        .contains("env:STAGING_DATASTORE_ENDPOINT")
        .contains("\\set endpoint `printenv STAGING_DATASTORE_ENDPOINT`")
        .doesNotContain("postgres://k3s");
  }

  @Test
  void appliedTwiceItGivesALeastPrivilegedRoleOwningItsOwnDatabase() throws Exception {
    String role = newCluster();
    String database = role + "_db";
    // A password that needs percent-encoding: the script decodes it as kine does.
    String password = "p@ss/w:rd%1";
    String endpoint =
        TestPostgres.endpoint(role, "p%40ss%2Fw%3Ard%251", database, "sslmode=disable");

    // First as the runbook says (the script reads the endpoint's reference), then with -v.
    TestPostgres.Psql first =
        TestPostgres.psql(script, Map.of(), Map.of("STAGING_DATASTORE_ENDPOINT", endpoint));
    assertThat(first.exitCode()).as(first.output()).isZero();
    TestPostgres.Psql second = TestPostgres.psql(script, Map.of("endpoint", endpoint));
    assertThat(second.exitCode()).as(second.output()).isZero();
    assertThat(second.output())
        .contains("role \"" + role + "\" owns database \"" + database + "\"")
        .doesNotContain(password)
        .doesNotContain("p%40ss");

    try (Connection admin = TestPostgres.admin("postgres");
        Statement s = admin.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT r.rolsuper, r.rolcreatedb, r.rolcreaterole, r.rolreplication,"
                    + " r.rolbypassrls, r.rolcanlogin, pg_get_userbyid(d.datdba),"
                    + " (SELECT count(*) FROM pg_database o WHERE o.datdba = r.oid)"
                    + " FROM pg_roles r, pg_database d"
                    + " WHERE r.rolname = '"
                    + role
                    + "' AND d.datname = '"
                    + database
                    + "'")) {
      assertThat(rs.next()).isTrue();
      for (int column = 1; column <= 5; column++) {
        assertThat(rs.getBoolean(column)).as("role attribute %d", column).isFalse();
      }
      assertThat(rs.getBoolean(6)).as("can log in").isTrue();
      assertThat(rs.getString(7)).isEqualTo(role);
      assertThat(rs.getLong(8)).as("databases the role owns").isEqualTo(1);
    }

    // The new role creates kine's schema, uses it, and drops it.
    try (Connection kine = TestPostgres.as(role, password, database);
        Statement s = kine.createStatement()) {
      for (String statement : PostgresPreflight.KINE_SCHEMA) {
        s.execute(statement);
      }
      s.execute(
          "INSERT INTO kine (name, created, deleted, create_revision, prev_revision,"
              + " lease, value, old_value) VALUES ('/registry/x', 1, 0, 0, 0, 0, '\\x01', '\\x')");
      s.execute("DROP TABLE kine");
    }
  }

  @Test
  void aManagedServiceAdministratorWithoutSuperuserCanRunItTwice() throws Exception {
    String admin = newCluster();
    TestPostgres.adminExecute(
        "postgres", "CREATE ROLE " + admin + " LOGIN CREATEROLE CREATEDB PASSWORD 'adm-pw'");
    String role = newCluster();
    String endpoint = TestPostgres.endpoint(role, "Kine-pw-42", role + "_db", "");
    Map<String, String> asAdmin =
        Map.of("PGUSER", admin, "PGPASSWORD", "adm-pw", "STAGING_DATASTORE_ENDPOINT", endpoint);
    for (int run = 1; run <= 2; run++) {
      TestPostgres.Psql psql = TestPostgres.psql(script, Map.of(), asAdmin);
      assertThat(psql.exitCode()).as("run %d: %s", run, psql.output()).isZero();
      assertThat(psql.output()).doesNotContain("Kine-pw-42");
    }
    try (Connection c = TestPostgres.as(role, "Kine-pw-42", role + "_db")) {
      assertThat(c.isValid(5)).isTrue();
    }
  }

  @Test
  void aClusterRoleCannotReachAnotherClustersDatabase() throws Exception {
    String one = newCluster();
    String two = newCluster();
    for (String role : List.of(one, two)) {
      String endpoint = TestPostgres.endpoint(role, "pw-" + role, role + "_db", "");
      TestPostgres.Psql run = TestPostgres.psql(script, Map.of("endpoint", endpoint));
      assertThat(run.exitCode()).as(run.output()).isZero();
    }
    try (Connection own = TestPostgres.as(one, "pw-" + one, one + "_db")) {
      assertThat(own.isValid(5)).isTrue();
    }
    assertThatThrownBy(() -> TestPostgres.as(one, "pw-" + one, two + "_db").close())
        .isInstanceOf(SQLException.class)
        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
  }

  @Test
  void rerunningSetsThePasswordFromTheEndpoint() throws Exception {
    String role = newCluster();
    String database = role + "_db";
    assertThat(
            TestPostgres.psql(
                    script, Map.of("endpoint", TestPostgres.endpoint(role, "old", database, "")))
                .exitCode())
        .isZero();
    assertThat(
            TestPostgres.psql(
                    script, Map.of("endpoint", TestPostgres.endpoint(role, "new", database, "")))
                .exitCode())
        .isZero();
    try (Connection c = TestPostgres.as(role, "new", database)) {
      assertThat(c.isValid(5)).isTrue();
    }
    assertThatThrownBy(() -> TestPostgres.as(role, "old", database).close())
        .isInstanceOf(SQLException.class);
  }

  @Test
  void refusesToTouchAPrivilegedRoleOrAForeignDatabase() throws Exception {
    TestPostgres.Psql admin =
        TestPostgres.psql(
            script,
            Map.of(
                "endpoint",
                TestPostgres.endpoint(TestPostgres.USER, "changed", "fleetc_it_x", "")));
    assertThat(admin.exitCode()).isNotZero();
    assertThat(admin.output()).contains("rights kine does not need").doesNotContain("changed");
    try (Connection c = TestPostgres.admin("postgres")) {
      assertThat(c.isValid(5)).as("the administrator's password is unchanged").isTrue();
    }

    TestPostgres.Psql foreign =
        TestPostgres.psql(
            script, Map.of("endpoint", TestPostgres.endpoint(newCluster(), "pw", "postgres", "")));
    assertThat(foreign.exitCode()).isNotZero();
    assertThat(foreign.output()).contains("system database");
  }

  @Test
  void stopsWithAClearMessageWithoutAnEndpoint() throws Exception {
    TestPostgres.Psql run = TestPostgres.psql(script, Map.of());
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.output())
        .contains("no endpoint: env:STAGING_DATASTORE_ENDPOINT is empty or unset");
  }
}
