package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fleet that holds secrets inline is refused, and neither {@code fleet validate} nor {@code fleet
 * compile} prints them: not in the message, not in the quoted source line.
 */
class SecretsNeverPrintedTest {

  private static final List<String> SECRETS =
      List.of("K10f00dCafe", "pgS3cretPw", "agentT0kenValue", "gitDeployPw", "ghpTokenAsUser");

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: leaky}
      defaults: {kubernetes: "1.31", distribution: k3s}
      clusters:
        - name: c1
          token: K10f00dCafe::server:x
          datastore:
            type: postgres
            endpoint: "postgres://k3s:pgS3cretPw@db.example.com:5432/k3s?sslmode=require"
          k3s: {server: {agent-token: agentT0kenValue}}
          gitops: {engine: flux, repository: "https://deploy:gitDeployPw@git.example.com/fleet.git"}
          nodes: [{name: cp-1, address: 10.0.0.1, role: control-plane}]
        - name: c2
          gitops: {engine: argocd, repository: "https://ghpTokenAsUser@github.com/acme/fleet.git"}
          nodes: [{name: cp-1, address: 10.0.0.2, role: control-plane}]
      """;

  @Test
  void validateAndCompileNeverPrintASecret(@TempDir Path dir) throws IOException {
    Path fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, FLEET, StandardCharsets.UTF_8);
    Cli.Run validate = Cli.run("validate", fleet.toString());
    Cli.Run compile = Cli.run("compile", fleet.toString(), "-o", dir.resolve("out").toString());
    for (Cli.Run run : List.of(validate, compile)) {
      assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
      assertThat(run.err()).contains("FLEET-E020", "FLEET-E039", "*****");
      for (String secret : SECRETS) {
        assertThat(run.out()).doesNotContain(secret);
        assertThat(run.err()).doesNotContain(secret);
      }
    }
    assertThat(dir.resolve("out")).doesNotExist();
  }
}
