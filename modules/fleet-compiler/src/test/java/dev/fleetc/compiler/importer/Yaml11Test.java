package dev.fleetc.compiler.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Plain scalars read as go-yaml (YAML 1.1) reads them, which k0sctl, K3s and MicroK8s use. */
class Yaml11Test {

  @Test
  void aSyntaxErrorSaysWhere() {
    assertThatThrownBy(() -> Yaml11.readAll("cluster-init: true\nkey: \"unterminated\n"))
        .isInstanceOfSatisfying(
            Yaml11.NotYaml.class,
            e -> {
              assertThat(e.location).isEqualTo(":3:1");
              assertThat(e.getMessage()).contains("quoted scalar");
            });
    assertThatThrownBy(() -> Yaml11.readAll("a: [1\nb: 2\n"))
        .isInstanceOfSatisfying(
            Yaml11.NotYaml.class, e -> assertThat(e.location).matches(":\\d+:\\d+"));
  }

  @Test
  void mergeKeysFillInWhatTheMappingDoesNotSetAsGoYamlDoes() throws Yaml11.NotYaml {
    List<Object> docs =
        Yaml11.readAll(
            """
            .ssh: &ssh {user: root, port: 22}
            hosts:
              - ssh: {<<: *ssh, address: 10.0.0.1, port: 2222}
            """);
    Object ssh = ((Map<?, ?>) ((List<?>) ((Map<?, ?>) docs.get(0)).get("hosts")).get(0)).get("ssh");
    assertThat(ssh).isEqualTo(Map.of("user", "root", "port", 2222L, "address", "10.0.0.1"));
    assertThat(Yaml11.hostPositions("spec:\n  hosts:\n    - role: worker\n    - role: x\n"))
        .containsExactly(new int[] {3, 7}, new int[] {4, 7});
  }

  @Test
  void plainScalarsFollowYaml11() {
    assertThat(Yaml11.plain("0644")).isEqualTo(420L);
    assertThat(Yaml11.plain("0x1F")).isEqualTo(31L);
    assertThat(Yaml11.plain("1_000")).isEqualTo(1000L);
    assertThat(Yaml11.plain("on")).isEqualTo(true);
    assertThat(Yaml11.plain("Off")).isEqualTo(false);
    assertThat(Yaml11.plain("yes")).isEqualTo(true);
    assertThat(Yaml11.plain("n")).isEqualTo(false);
    assertThat(Yaml11.plain("~")).isNull();
    assertThat(Yaml11.plain("1.31")).isEqualTo(1.31);
    assertThat(Yaml11.plain("0.2.0")).isEqualTo("0.2.0");
    assertThat(Yaml11.plain("10.0.0.1")).isEqualTo("10.0.0.1");
    assertThat(Yaml11.plain("v1.31.4+k3s1")).isEqualTo("v1.31.4+k3s1");
    assertThat(Yaml11.plain("08")).isEqualTo("08"); // not octal, not decimal in YAML 1.1
  }

  @Test
  void quotedScalarsStayStringsAndSurprisesAreNoted() throws Exception {
    List<String> surprises = new ArrayList<>();
    List<Object> docs =
        Yaml11.readAll("mode: 0644\nquoted: \"0644\"\nflag: on\nplain: true\n", surprises);
    assertThat(docs)
        .singleElement()
        .isEqualTo(Map.of("mode", 420L, "quoted", "0644", "flag", true, "plain", true));
    assertThat(surprises)
        .containsExactly(
            "'0644' (line 1) is 420 in YAML 1.1, as the tool reads it; quote it if a string was meant",
            "'on' (line 3) is true in YAML 1.1, as the tool reads it; quote it if a string was meant");
  }

  @Test
  void severalDocumentsAndBrokenYaml() throws Exception {
    assertThat(Yaml11.readAll("a: 1\n---\nb: 2\n")).hasSize(2);
    assertThatThrownBy(() -> Yaml11.readAll("a: [1, 2\n")).isInstanceOf(Yaml11.NotYaml.class);
    String bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\n";
    assertThat(Yaml11.readAll(bomb)).hasSize(1);
  }

  @Test
  void positionsNameEveryKeyOfTheClusterAndItsSeparateClusterConfig() {
    String text =
        """
        apiVersion: k0sctl.k0sproject.io/v1beta1
        kind: Cluster
        spec:
          hosts:
            - ssh: {address: 10.0.0.1}
        ---
        apiVersion: v1
        kind: Pod
        spec: {hosts: elsewhere}
        ---
        apiVersion: k0s.k0sproject.io/v1beta1
        kind: ClusterConfig
        spec:
          network:
            serviceCIDR: 10.96.0.0/12
        addons:
          - name: metallb
            args: [10.0.0.200-10.0.0.220]
        """;
    Map<String, int[]> positions = Yaml11.positions(text);
    assertThat(positions.get("spec.hosts[0].ssh.address")).containsExactly(5, 22);
    // A Pod's spec is not the Cluster's; a ClusterConfig's keys are the Cluster's spec.k0s.config.
    assertThat(positions.get("spec.hosts")).containsExactly(5, 5);
    assertThat(positions.get("spec.k0s.config.spec.network.serviceCIDR")).containsExactly(15, 18);
    // An item of a list of named mappings is reachable by its name too.
    assertThat(positions.get("spec.k0s.config.addons[metallb].args"))
        .isEqualTo(positions.get("spec.k0s.config.addons[0].args"))
        .containsExactly(18, 11);
  }

  @Test
  void parentPathsWalkUpKeysAndListItems() {
    assertThat(ImportOrigins.parent("a.b[2].c")).isEqualTo("a.b[2]");
    assertThat(ImportOrigins.parent("a.b[2]")).isEqualTo("a.b");
    assertThat(ImportOrigins.parent("a")).isEmpty();
  }
}
