package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet preflight} end to end: each kind of bad input gives a clear message, its own exit
 * code, no stack trace and never the password. Tests needing a server use {@link TestPostgres}.
 */
class PreflightCliTest {

  /** A password that must never be printed, in any form. */
  private static final String PASSWORD = "Zq9secret/pw";

  private static final String ENCODED = "Zq9secret%2Fpw";

  private static final List<String> DATABASES = new ArrayList<>();
  private static final List<String> ROLES = new ArrayList<>();

  @TempDir static Path dir;

  private static Path fleet;
  private static Path endpointFile;

  @BeforeAll
  static void writeFleet() throws IOException {
    endpointFile = dir.resolve("endpoint");
    fleet = dir.resolve("fleet.yaml");
    Files.writeString(
        fleet,
        """
        apiVersion: fleetc.dev/v1alpha1
        kind: Fleet
        metadata: {name: pf}
        defaults: {kubernetes: "1.33", distribution: k3s}
        clusters:
          - name: shop
            datastore:
              type: postgres
              endpoint: {secretRef: "file:%s"}
            token: {secretRef: env:SHOP_TOKEN}
            nodes:
              - {name: s-1, address: 10.5.0.11, role: control-plane}
          - name: other
            datastore:
              type: postgres
              endpoint: {secretRef: env:FLEETC_TEST_UNSET_ENDPOINT_7f3a}
            token: {secretRef: env:OTHER_TOKEN}
            nodes:
              - {name: o-1, address: 10.6.0.11, role: control-plane}
          - name: plain
            datastore: {type: etcd}
            nodes:
              - {name: p-1, address: 10.7.0.11, role: control-plane}
        """
            .formatted(endpointFile),
        StandardCharsets.UTF_8);
  }

  @AfterAll
  static void dropTestObjects() {
    if (TestPostgres.HOST != null) {
      TestPostgres.dropQuietly(DATABASES, ROLES);
    }
  }

  private static Cli.Run preflight(String endpoint, String... extra) throws IOException {
    Files.writeString(endpointFile, endpoint + "\n", StandardCharsets.UTF_8);
    List<String> args = new ArrayList<>(List.of("preflight", "-f", fleet.toString(), "shop"));
    args.addAll(List.of(extra));
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    String all = run.out() + run.err();
    assertThat(all)
        .as("no secret and no stack trace")
        .doesNotContain("Zq9secret")
        .doesNotContain("\tat ")
        .doesNotContain("Exception");
    return run;
  }

  /** A role and database made by the generated datastore.sql, as an operator would. */
  private static String provisioned() throws Exception {
    String role = TestPostgres.uniqueName("fleetc_pf");
    ROLES.add(role);
    DATABASES.add(role);
    Path out = dir.resolve("out-" + role);
    Cli.Run compile =
        Cli.run("compile", fleet.toString(), "-o", out.toString(), "--cluster", "shop");
    assertThat(compile.exitCode()).as(compile.err()).isEqualTo(ExitCode.OK);
    TestPostgres.Psql psql =
        TestPostgres.psql(
            out.resolve("bootstrap/shop/datastore.sql"),
            Map.of("endpoint", TestPostgres.endpoint(role, ENCODED, role, "")));
    assertThat(psql.exitCode()).as(psql.output()).isZero();
    return role;
  }

  @Test
  void aProvisionedDatastorePassesAndNothingIsLeftBehind() throws Exception {
    TestPostgres.assumeAvailable();
    String role = provisioned();
    Cli.Run run = preflight(TestPostgres.endpoint(role, ENCODED, role, "sslmode=disable"));
    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.out())
        .contains("postgres://" + role + ":***@")
        .contains("server           ok      PostgreSQL ")
        .contains("sslmode=disable as declared: not encrypted")
        .contains("kine schema      ok")
        .contains("ok: shop's datastore is ready for kine");
    try (Connection c = TestPostgres.admin(role);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_class WHERE relname LIKE 'kine%'")) {
      rs.next();
      assertThat(rs.getLong(1)).as("kine's table and indexes rolled back").isZero();
    }
  }

  @Test
  void anExistingKineTableIsCheckedWithoutWritingToIt() throws Exception {
    TestPostgres.assumeAvailable();
    String role = provisioned();
    try (Connection c = TestPostgres.as(role, PASSWORD, role);
        Statement s = c.createStatement()) {
      s.execute(dev.fleetc.cli.preflight.PostgresPreflight.KINE_SCHEMA.get(0));
    }
    Cli.Run run = preflight(TestPostgres.endpoint(role, ENCODED, role, "sslmode=disable"));
    assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
    assertThat(run.out()).contains("table kine exists already");
  }

  @Test
  void wrongPasswordExits14() throws Exception {
    TestPostgres.assumeAvailable();
    String role = provisioned();
    Cli.Run run =
        preflight(TestPostgres.endpoint(role, "Zq9secret-wrong", role, "sslmode=disable"));
    assertThat(run.exitCode()).isEqualTo(ExitCode.PREFLIGHT_AUTHENTICATION);
    assertThat(run.out()).contains("login            FAILED  authentication failed");
    assertThat(run.err()).contains("fleet: preflight of shop failed: authentication failed");
  }

  @Test
  void missingDatabaseExits15() throws Exception {
    TestPostgres.assumeAvailable();
    String role = provisioned();
    Cli.Run run =
        preflight(TestPostgres.endpoint(role, ENCODED, role + "_missing", "sslmode=disable"));
    assertThat(run.exitCode()).isEqualTo(ExitCode.PREFLIGHT_DATABASE_MISSING);
    assertThat(run.out()).contains("does not exist").contains("run datastore.sql");
  }

  @Test
  void roleWithoutRightsExits16() throws Exception {
    TestPostgres.assumeAvailable();
    String role = TestPostgres.uniqueName("fleetc_pf_weak");
    String database = role + "_db";
    ROLES.add(role);
    DATABASES.add(database);
    TestPostgres.adminExecute(
        "postgres",
        "CREATE ROLE " + role + " LOGIN PASSWORD '" + PASSWORD + "'",
        "CREATE DATABASE " + database,
        "REVOKE ALL ON DATABASE " + database + " FROM PUBLIC");
    // No CONNECT on the database: refused at login.
    Cli.Run noConnect =
        preflight(TestPostgres.endpoint(role, ENCODED, database, "sslmode=disable"));
    assertThat(noConnect.exitCode()).isEqualTo(ExitCode.PREFLIGHT_PRIVILEGES);
    // CONNECT, but no right to create kine's table in the database the administrator owns.
    TestPostgres.adminExecute("postgres", "GRANT CONNECT ON DATABASE " + database + " TO " + role);
    TestPostgres.adminExecute(database, "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    Cli.Run noCreate = preflight(TestPostgres.endpoint(role, ENCODED, database, "sslmode=disable"));
    assertThat(noCreate.exitCode()).isEqualTo(ExitCode.PREFLIGHT_PRIVILEGES);
    assertThat(noCreate.out())
        .contains("privileges       FAILED  the role lacks privileges")
        .contains("permission denied for schema public");
  }

  @Test
  void tlsRequiredByTheEndpointButNotOfferedExits13() throws Exception {
    TestPostgres.assumeAvailable();
    try (Connection c = TestPostgres.admin("postgres");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SHOW ssl")) {
      rs.next();
      org.junit.jupiter.api.Assumptions.assumeTrue(
          rs.getString(1).equals("off"), "the test server offers TLS");
    }
    Cli.Run run = preflight(TestPostgres.endpoint("anyone", ENCODED, "anydb", "sslmode=require"));
    assertThat(run.exitCode()).isEqualTo(ExitCode.PREFLIGHT_TLS);
    assertThat(run.out()).contains("tls              FAILED  TLS failed");
  }

  @Test
  void unreachableServerExits12() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Cli.Run run =
        preflight(
            "postgres://kine:" + ENCODED + "@127.0.0.1:" + closedPort + "/db?sslmode=disable",
            "--timeout",
            "5");
    assertThat(run.exitCode()).isEqualTo(ExitCode.PREFLIGHT_UNREACHABLE);
    assertThat(run.out()).contains("reachable        FAILED  the server is unreachable");
  }

  @Test
  void malformedEndpointExits11() throws Exception {
    Cli.Run run = preflight("postgres://kine:" + ENCODED + "%zz@db:5432/k?sslmode=require");
    assertThat(run.exitCode()).isEqualTo(ExitCode.PREFLIGHT_MALFORMED);
    assertThat(run.out()).contains("endpoint         FAILED").contains("two hex digits");
    Cli.Run port = preflight("postgres://kine:Zq9secret:x@db:port/k");
    assertThat(port.exitCode()).isEqualTo(ExitCode.PREFLIGHT_MALFORMED);
  }

  @Test
  void unsetReferenceExits10() {
    Cli.Run run = Cli.run("preflight", "-f", fleet.toString(), "other");
    assertThat(run.exitCode()).isEqualTo(ExitCode.PREFLIGHT_REFERENCE);
    assertThat(run.out())
        .contains("environment variable FLEETC_TEST_UNSET_ENDPOINT_7f3a is not set");
  }

  @Test
  void usageErrors() {
    assertThat(Cli.run("preflight", "-f", fleet.toString()).exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(Cli.run("preflight", "-f", fleet.toString(), "--all", "shop").exitCode())
        .isEqualTo(ExitCode.USAGE);
    Cli.Run etcd = Cli.run("preflight", "-f", fleet.toString(), "plain");
    assertThat(etcd.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(etcd.err()).contains("no external datastore");
    assertThat(Cli.run("preflight", "-f", fleet.toString(), "shpo").err())
        .contains("did you mean 'shop'?");
  }

  @Test
  void allChecksEveryPostgresClusterAndExitsWithTheFirstFailure() throws Exception {
    Files.writeString(endpointFile, "mysql://x", StandardCharsets.UTF_8);
    Cli.Run run = Cli.run("preflight", "-f", fleet.toString(), "--all");
    assertThat(run.out()).contains("preflight other").contains("preflight shop");
    assertThat(run.out()).doesNotContain("preflight plain");
    // Clusters are checked in fleet order: shop (malformed) comes first.
    assertThat(run.exitCode()).isEqualTo(ExitCode.PREFLIGHT_MALFORMED);
  }
}
