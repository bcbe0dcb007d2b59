package dev.fleetc.cli.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.model.GitOpsEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of fleet status: version and revision matching, escaping, kubeconfig merging. */
class ExpectationTest {

  static Expectation of(String distribution, String version, String revision) {
    return new Expectation(
        "c", distribution, version, Map.of(), GitOpsEngine.FLUX, "https://r", revision);
  }

  @Test
  void kubeletVersionPerDistribution() {
    assertThat(of("k3s", "v1.31.14+k3s1", null).kubeletMatches("v1.31.14+k3s1")).isTrue();
    assertThat(of("k3s", "v1.31.14+k3s1", null).kubeletMatches("v1.31.14+k3s2")).isFalse();
    assertThat(of("k0s", "v1.31.14+k0s.0", null).kubeletMatches("v1.31.14+k0s")).isTrue();
    assertThat(of("k0s", "v1.31.14+k0s.0", null).kubeletMatches("v1.31.13+k0s")).isFalse();
    assertThat(of("microk8s", "1.31/stable", null).kubeletMatches("v1.31.9")).isTrue();
    assertThat(of("microk8s", "1.31/stable", null).kubeletMatches("v1.310.1")).isFalse();
    assertThat(of("microk8s", "1.31/stable", null).kubeletMatches(null)).isFalse();
  }

  @Test
  void revisionMatchesFluxAndArgoForms() {
    String sha = "0123456789abcdef0123456789abcdef01234567";
    Expectation e = of("k3s", "v1", sha);
    assertThat(e.revisionMatches("main@sha1:" + sha)).isTrue();
    assertThat(e.revisionMatches(sha)).isTrue();
    assertThat(e.revisionMatches("main@sha1:fedcba9876543210")).isFalse();
    assertThat(e.revisionMatches("")).isFalse();
    assertThat(e.revisionMatches("main@sha1:0123")).isFalse(); // too short to mean anything
    assertThat(of("k3s", "v1", null).revisionMatches("anything")).isTrue();
  }

  @Test
  void anArtifactDigestIsComparedWhole() {
    String digest = "sha256:" + "ab".repeat(32);
    Expectation e =
        new Expectation(
            "c",
            "k3s",
            "v1",
            Map.of(),
            GitOpsEngine.FLUX,
            "oci://r/fleet/c",
            digest,
            null,
            null,
            true);
    assertThat(e.revisionMatches("latest@" + digest)).isTrue(); // Flux OCIRepository
    assertThat(e.revisionMatches(digest)).isTrue(); // Argo CD
    assertThat(e.revisionMatches("latest@sha256:abababab")).isFalse(); // a prefix proves nothing
    assertThat(e.revisionMatches("main@sha1:" + "ab".repeat(20))).isFalse();
    assertThat(e.revisionMatches("latest@" + digest + "00")).isFalse();
  }

  @Test
  void terminalEscapeNeutralisesControlAndBidiCharacters() {
    assertThat(TerminalEscape.of("ok-name")).isEqualTo("ok-name");
    assertThat(TerminalEscape.of("a\u001b[2Jb\r\n\u202e\u0085"))
        .isEqualTo("a\\u001b[2Jb\\u000d\\u000a\\u202e\\u0085");
    assertThat(TerminalEscape.of(null)).isEmpty();
  }

  @Test
  void kubeconfigFilesMergeFirstWins(@TempDir Path tmp) throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Files.writeString(
        a,
        MockClusterKubeconfig.text(
            Map.of("one", "http://127.0.0.1:1", "two", "http://127.0.0.1:2")));
    Files.writeString(b, MockClusterKubeconfig.text(Map.of("two", "http://127.0.0.1:3")));
    Kubeconfig merged = Kubeconfig.read(List.of(a, b));
    assertThat(merged.clientConfig("two").orElseThrow().getMasterUrl())
        .startsWith("http://127.0.0.1:2");
    assertThat(merged.hasContext("three")).isFalse();
    assertThat(Kubeconfig.files(null, a + java.io.File.pathSeparator + b, "/home/x"))
        .containsExactly(a, b);
    assertThat(Kubeconfig.files(null, null, "/home/x"))
        .containsExactly(Path.of("/home/x/.kube/config"));
  }

  @Test
  void relativeCertificateFilesAreResolvedAgainstTheKubeconfig(@TempDir Path tmp) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("kube"));
    Files.writeString(dir.resolve("ca.crt"), "not a certificate");
    Path file = dir.resolve("config");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: one
          cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt}
        users:
        - name: one
          user: {tokenFile: token}
        contexts:
        - name: one
          context: {cluster: one, user: one}
        """);
    io.fabric8.kubernetes.client.Config config =
        Kubeconfig.read(List.of(file)).clientConfig("one").orElseThrow();
    assertThat(config.getCaCertFile()).isEqualTo(dir.resolve("ca.crt").toString());
  }

  /** Kubeconfig text for the merge test. */
  static final class MockClusterKubeconfig {
    static String text(Map<String, String> servers) throws Exception {
      Path file = Files.createTempFile("kubeconfig", ".yaml");
      try {
        return Files.readString(MockClusters.kubeconfig(file, new java.util.TreeMap<>(servers)));
      } finally {
        Files.delete(file);
      }
    }
  }
}
