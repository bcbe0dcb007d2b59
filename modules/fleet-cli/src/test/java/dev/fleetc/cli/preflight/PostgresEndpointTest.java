package dev.fleetc.cli.preflight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresEndpointTest {

  @Test
  void parsesKineEndpointAndDecodesThePassword() throws Exception {
    PostgresEndpoint e =
        PostgresEndpoint.parse(
            "postgres://k3s_staging:p%40ss%2Fw0rd%3A%25@db.example:6432/k3s_staging?sslmode=require");
    assertThat(e.user()).isEqualTo("k3s_staging");
    assertThat(e.password()).isEqualTo("p@ss/w0rd:%");
    assertThat(e.host()).isEqualTo("db.example");
    assertThat(e.port()).isEqualTo(6432);
    assertThat(e.database()).isEqualTo("k3s_staging");
    assertThat(e.sslmode()).contains("require");
    assertThat(e.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6432/k3s_staging");
    Properties props = e.jdbcProperties(7);
    assertThat(props.getProperty("user")).isEqualTo("k3s_staging");
    assertThat(props.getProperty("password")).isEqualTo("p@ss/w0rd:%");
    assertThat(props.getProperty("sslmode")).isEqualTo("require");
    assertThat(props.getProperty("connectTimeout")).isEqualTo("7");
  }

  @Test
  void appliesKineDefaults() throws Exception {
    PostgresEndpoint e = PostgresEndpoint.parse("postgresql://kine:pw@/");
    assertThat(e.host()).isEqualTo("localhost");
    assertThat(e.port()).isEqualTo(5432);
    assertThat(e.database()).isEqualTo("kubernetes");
    assertThat(e.sslmode()).isEmpty();
    assertThat(e.jdbcProperties(10).getProperty("sslmode")).isEqualTo("prefer");
  }

  @Test
  void userinfoEndsAtTheLastAtSignAndIpv6HostsKeepTheirBrackets() throws Exception {
    PostgresEndpoint e = PostgresEndpoint.parse("postgres://kine:a@b@[2001:db8::1]:5433/db");
    assertThat(e.password()).isEqualTo("a@b");
    assertThat(e.host()).isEqualTo("2001:db8::1");
    assertThat(e.jdbcUrl()).isEqualTo("jdbc:postgresql://[2001:db8::1]:5433/db");
  }

  @Test
  void maskHidesEveryFormOfThePassword() throws Exception {
    String text = "postgres://kine:s%2Fecret@h/db?sslmode=disable";
    PostgresEndpoint e = PostgresEndpoint.parse(text);
    assertThat(e.masked()).isEqualTo("postgres://kine:***@h:5432/db?sslmode=disable");
    assertThat(e.toString()).doesNotContain("ecret");
    assertThat(e.mask("failed for s/ecret and s%2Fecret in " + text))
        .isEqualTo("failed for *** and *** in ***");
  }

  @Test
  void passwordInTheQueryIsUsedAndMasked() throws Exception {
    PostgresEndpoint e = PostgresEndpoint.parse("postgres://kine@h/db?password=hunter2&x=1");
    assertThat(e.password()).isEqualTo("hunter2");
    assertThat(e.masked()).doesNotContain("hunter2").contains("password=***");
    assertThat(e.ignoredParameters()).containsExactly("x");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "mysql://kine:topsecret@tcp(h:3306)/db",
        "postgres://kine:topsecret@h:notaport/db",
        "postgres://kine:topsecret%zz@h/db",
        "postgres://kine:top#secret@h/db",
        "postgres://:topsecret@h/db",
        "postgres://kine:topsecret@h/db?sslmode=sometimes",
        "kine:topsecret@h/db",
        "postgres://kine:topsecret@h/a/b"
      })
  void malformedEndpointsAreRejectedWithoutEchoingThePassword(String endpoint) {
    assertThatThrownBy(() -> PostgresEndpoint.parse(endpoint))
        .isInstanceOf(PostgresEndpoint.MalformedEndpointException.class)
        .message()
        .isNotBlank()
        .doesNotContain("topsecret")
        .doesNotContain("secret");
  }

  @Test
  void failuresAreSortedByClass() {
    assertThat(PostgresPreflight.classify(new SQLException("x", "28P01"), true))
        .isEqualTo(Failure.AUTHENTICATION);
    assertThat(PostgresPreflight.classify(new SQLException("x", "3D000"), true))
        .isEqualTo(Failure.DATABASE_MISSING);
    assertThat(PostgresPreflight.classify(new SQLException("x", "42501"), false))
        .isEqualTo(Failure.PRIVILEGES);
    assertThat(
            PostgresPreflight.classify(
                new SQLException("x", "08001", new java.net.ConnectException("refused")), true))
        .isEqualTo(Failure.UNREACHABLE);
    assertThat(
            PostgresPreflight.classify(
                new SQLException("The server does not support SSL.", "08004"), true))
        .isEqualTo(Failure.TLS);
    assertThat(PostgresPreflight.classify(new SQLException("x", "XX000"), false))
        .isEqualTo(Failure.SERVER_ERROR);
  }

  @Test
  void everyFailureHasItsOwnExitCode() {
    assertThat(java.util.Arrays.stream(Failure.values()).map(Failure::exitCode).distinct())
        .hasSize(Failure.values().length);
  }
}
