package dev.fleetc.compiler.values;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** gitops.registry.url and .tag against the OCI distribution-spec grammar (FLEET-E076, E078). */
class OciUrlTest {

  @Test
  void acceptsRegistryUrlsWithHostPortAndPath() {
    assertThat(OciUrl.check("oci://registry.example.com/fleet")).isEmpty();
    assertThat(OciUrl.check("oci://127.0.0.1:5000/platform/fleet")).isEmpty();
    assertThat(OciUrl.check("oci://ghcr.io/acme-corp/fleet__gitops/v1.2")).isEmpty();
  }

  @Test
  void refusesWhatCouldLeakCredentialsOrNameAnotherRepository() {
    assertThat(OciUrl.check("oci://bot:pw@registry.example.com/fleet").orElseThrow().message())
        .contains("user information");
    assertThat(OciUrl.check("oci://registry.example.com/fleet:v1").orElseThrow().message())
        .contains("tag or digest");
    assertThat(OciUrl.check("oci://registry.example.com/fleet@sha256:00")).isPresent();
    assertThat(OciUrl.check("https://registry.example.com/fleet")).isPresent();
    assertThat(OciUrl.check("oci://registry.example.com")).isPresent();
    assertThat(OciUrl.check("oci://registry.example.com/")).isPresent();
    assertThat(OciUrl.check("oci://registry.example.com/Fleet")).isPresent();
    assertThat(OciUrl.check("oci://registry.example.com/a//b")).isPresent();
    assertThat(OciUrl.check("oci://registry.example.com/a/../b")).isPresent();
    assertThat(OciUrl.check("oci://registry.example.com/fleet?x=1")).isPresent();
    assertThat(OciUrl.check("oci://reg istry/fleet")).isPresent();
    assertThat(OciUrl.check("oci://registry.example.com/" + "a".repeat(200))).isPresent();
    assertThat(OciUrl.check("oci://x/y")).as("the shortest valid URL").isEmpty();
    assertThat(OciUrl.check("oci:/x/y").orElseThrow().code()).isEqualTo(ErrorCode.OCI_URL);
  }

  @Test
  void tags() {
    assertThat(OciUrl.checkTag("latest")).isEmpty();
    assertThat(OciUrl.checkTag("v1.2.3_rc-1")).isEmpty();
    assertThat(OciUrl.checkTag("-x")).isPresent();
    assertThat(OciUrl.checkTag(".x")).isPresent();
    assertThat(OciUrl.checkTag("a b")).isPresent();
    assertThat(OciUrl.checkTag("a".repeat(129))).isPresent();
    assertThat(OciUrl.checkTag("").orElseThrow().code()).isEqualTo(ErrorCode.OCI_TAG);
  }

  /**
   * Whatever passes is one plain word: the scheme, then no user information, query, tag, digest,
   * shell or YAML syntax, so that {@code <url>/<cluster>} names a repository below the path only.
   */
  @Property(tries = 2000)
  void whatPassesIsOnePlainRepositoryPrefix(@ForAll("urls") String url) {
    if (OciUrl.check(url).isEmpty()) {
      assertThat(url).startsWith("oci://").hasSizeLessThanOrEqualTo(200);
      String rest = url.substring("oci://".length());
      assertThat(rest).matches("[A-Za-z0-9.:-]+/[a-z0-9._/-]+").doesNotContain("@", "//", "..");
      assertThat(rest.substring(rest.indexOf('/'))).doesNotContain(":").doesNotEndWith("/");
    }
  }

  @Provide
  Arbitrary<String> urls() {
    Arbitrary<String> pieces =
        Arbitraries.of(
            "oci://",
            "registry",
            ".example",
            ":5000",
            "/",
            "fleet",
            "a",
            "_",
            "__",
            "-",
            ".",
            "@",
            ":",
            "..",
            "?",
            " ",
            "\n",
            "$",
            "'",
            "A",
            "0",
            "#",
            "\u202e",
            "%2F");
    return pieces.list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l));
  }
}
