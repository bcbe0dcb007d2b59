package dev.fleetc.compiler.sets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import org.junit.jupiter.api.Test;

/**
 * No diagnostic prints a secret, whatever its source: masking follows where a value is used (the
 * field it lands in), not only the name of the key it is written under.
 */
class SecretRedactionTest {

  private static final String SECRET = "hunter2-s3cr3t";

  private static final String HEAD =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: shops}
      profiles:
        edge: {distribution: k3s, kubernetes: "1.31", datastore: {type: sqlite}, gitops: {engine: none}}
      """;

  private static String set(String source, String token, String labels) {
    return HEAD
        + """
        clusterSets:
          - name: stores
            profile: edge
            %s
            cluster:
              name: "store-{{id}}"
              labels: %s
              token: %s
              nodes:
                - {name: "store-{{id}}-a", address: "{{subnet}}.11", role: control-plane}
        """
            .formatted(source, labels, token);
  }

  private static String rendered(String fleet, String csv) {
    CompileResult result =
        new FleetCompiler()
            .compile(
                "dir/fleet.yaml",
                fleet,
                (path, max) -> {
                  if (!path.equals("stores.csv")) {
                    throw new InventoryFiles.Unreadable("no such file");
                  }
                  return csv;
                });
    assertThat(result.hasErrors()).as("the case must produce an error").isTrue();
    return result.renderer().renderAll(result.diagnostics());
  }

  @Test
  void anInlineSecretFromACsvCellIsNotPrintedWhateverItsColumnIsCalled() {
    String out =
        rendered(
            set("inventory: stores.csv", "\"{{code}}\"", "{}"),
            "id,subnet,code\n0001,10.1.1," + SECRET + "\n");
    assertThat(out).contains("error[FLEET-E020]").contains("*****").doesNotContain(SECRET);
  }

  @Test
  void anInlineSecretFromAMemberWhoseKeyDoesNotLookSecretIsNotPrinted() {
    String out =
        rendered(
            set(
                "members: [{id: \"0001\", subnet: 10.1.1, code: " + SECRET + "}]",
                "\"{{code}}\"",
                "{}"),
            "");
    assertThat(out).contains("error[FLEET-E020]").doesNotContain(SECRET);
  }

  @Test
  void aCellOfASecretColumnIsHiddenOnEveryLineADiagnosticQuotes() {
    // The error is about the subnet; the line it quotes also holds the token cell.
    String out =
        rendered(
            set("inventory: stores.csv", "\"{{code}}\"", "{}"),
            "id,subnet,code\n0001,10.1.999," + SECRET + "\n");
    assertThat(out).contains("error[FLEET-E010]").doesNotContain(SECRET);
    // A quoted cell spanning lines is hidden on each of its lines.
    String multiLine =
        rendered(
            set("inventory: stores.csv", "\"{{code}}\"", "{}"),
            "id,code,subnet\n0001,\"" + SECRET + "\n" + SECRET + "-2\",10.1.999\n");
    assertThat(multiLine).contains("error[FLEET-E010]").doesNotContain(SECRET);
  }

  @Test
  void aColumnNamedLikeACredentialIsHiddenEvenInAMalformedRow() {
    String out =
        rendered(
            set("inventory: stores.csv", "{secretRef: env:T}", "{k: \"{{api_token}}\"}"),
            "id,subnet,api_token\n0001,10.1.1," + SECRET + ",extra\n");
    assertThat(out).contains("error[FLEET-E062]").doesNotContain(SECRET);
  }

  @Test
  void aCellThatLooksLikeACredentialIsHiddenWhateverItsColumn() {
    String key = "AKIAIOSFODNN7EXAMPLE";
    String out =
        rendered(
            set("inventory: stores.csv", "{secretRef: env:T}", "{note: \"{{note}}\"}"),
            "id,subnet,note\n0001,10.1.999," + key + "\n");
    assertThat(out).contains("error[FLEET-E010]").doesNotContain(key);
  }

  @Test
  void aValuePastedWhereASecretReferenceBelongsIsNotEchoed() {
    String out =
        rendered(
            HEAD
                + """
                clusters:
                  - name: a
                    profile: edge
                    token: {secretRef: %s}
                    nodes: [{name: a, address: 10.0.0.1, role: control-plane}]
                """
                    .formatted(SECRET),
            "");
    assertThat(out).contains("error[FLEET-E027]").doesNotContain(SECRET);
  }

  @Test
  void aK3sSecretOfTheEscapeHatchUnderAKeyThatDoesNotEndInTokenIsHidden() {
    String out =
        rendered(
            HEAD
                + """
                clusters:
                  - name: a
                    profile: edge
                    token: {secretRef: env:T}
                    k3s: {server: {vpn-auth: "name=tailscale,joinKey=%s"}}
                    nodes: [{name: a, address: 10.0.0.1, role: control-plane}]
                """
                    .formatted(SECRET),
            "");
    assertThat(out).contains("error[FLEET-E020]").doesNotContain(SECRET);
  }
}
