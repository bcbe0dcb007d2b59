package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.compiler.diagnostics.SecretMasker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Diagnostics never print a secret value that the fleet file holds by mistake. */
class SecretMaskingTest {

  private static final String HEADER =
      "apiVersion: fleetc.dev/v1alpha1\nkind: Fleet\nmetadata: {name: f}\n";

  private static String report(String text) {
    CompileResult result = new FleetCompiler().compile("fleet.yaml", text);
    assertThat(result.hasErrors()).isTrue();
    return new DiagnosticRenderer(text).renderAll(result.diagnostics());
  }

  @Test
  void inlineSecretsAndUrlPasswordsAreMaskedWhereverTheyStand() {
    String text =
        HEADER
            + "defaults: {kubernetes: \"1.31\", distribution: k3s}\n"
            + "clusters:\n"
            + "  - name: c1\n"
            + "    token: K10s3cr3tT0k3n::server:hunter2\n"
            + "    datastore: {type: postgres, endpoint: \"postgres://k3s:pgPassw0rd@db:5432/k3s\"}\n"
            + "    k3s: {server: {agent-token: agentS3cret}}\n"
            + "    gitops: {engine: flux, repository: \"https://deploy:gitPassw0rd@git.example.com/x.git\"}\n"
            + "    typo: {password: \"typoPassw0rd\"}\n"
            + "    nodes: [{name: cp-1, address: 10.0.0.1, role: control-plane}]\n";
    String report = report(text);
    assertThat(report)
        .contains("FLEET-E020", "FLEET-E039", "*****")
        .doesNotContain("s3cr3t")
        .doesNotContain("hunter2")
        .doesNotContain("pgPassw0rd")
        .doesNotContain("agentS3cret")
        .doesNotContain("gitPassw0rd")
        .doesNotContain("typoPassw0rd");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "    token: abc|    token: *****",
        "    token: {secretRef: env:T}|    token: {secretRef: env:T}",
        "  server: {agent-token: x, debug: true}|  server: {agent-token: *****, debug: true}",
        "  endpoint: 'it''s'  # comment|  endpoint: *****  # comment",
        "  repository: https://tok@h/x|  repository: https://*****@h/x",
        "  repository: ssh://git@h/x|  repository: ssh://git@h/x",
        "  repository: ssh://git:pw@h/x|  repository: ssh://*****@h/x",
        "  keyPath: /home/me/.ssh/id|  keyPath: /home/me/.ssh/id",
      })
  void masksValuesNotKeys(String line, String masked) {
    assertThat(SecretMasker.mask(line)).isEqualTo(masked);
  }

  @Test
  void caretStaysOnTheMaskedValueAndShiftsAfterIt() {
    String line = "  a: {token: abcdefghijkl, x: 1}";
    int valueColumn = line.indexOf("abc") + 1;
    int afterColumn = line.indexOf("x:") + 1;
    String masked = SecretMasker.mask(line);
    assertThat(SecretMasker.maskedColumn(line, valueColumn)).isEqualTo(masked.indexOf("*****") + 1);
    assertThat(SecretMasker.maskedColumn(line, afterColumn)).isEqualTo(masked.indexOf("x:") + 1);
  }
}
