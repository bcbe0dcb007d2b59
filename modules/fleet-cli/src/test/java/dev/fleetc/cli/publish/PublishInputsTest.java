package dev.fleetc.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Map;
import land.oras.exception.OrasException;
import org.junit.jupiter.api.Test;

/** The untrusted inputs of fleet publish: --to, cluster names, tags, fleet.publish.json. */
class PublishInputsTest {

  @Test
  void destinationsFollowTheDistributionGrammar() {
    Destination d = Destination.parse("oci://registry.example:5000/fleet/eu");
    assertThat(d.repository("prod-eu")).isEqualTo("registry.example:5000/fleet/eu/prod-eu");
    assertThat(d.url()).isEqualTo("oci://registry.example:5000/fleet/eu");
    for (String bad :
        new String[] {
          "https://r.example/fleet",
          "oci://r.example",
          "oci://r.example/",
          "oci://r.example/Fleet",
          "oci://r.example/a//b",
          "oci://r.example/../x",
          "oci://user@r.example/x",
          "oci://r.example/x:tag"
        }) {
      assertThatThrownBy(() -> Destination.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(Destination.validCluster("prod-eu")).isTrue();
    assertThat(Destination.validCluster("../x")).isFalse();
    assertThat(Destination.validCluster("a/b")).isFalse();
    assertThat(Destination.validTag("v1.2_3")).isTrue();
    assertThat(Destination.validTag("-x")).isFalse();
    assertThat(Destination.validTag("a:b")).isFalse();
  }

  @Test
  void theRecordIsDeterministicAndReadBack() {
    PublishRecord record =
        new PublishRecord(
            "oci://r/x",
            "latest",
            Map.of("b", "sha256:" + "b".repeat(64), "a", "sha256:" + "a".repeat(64)));
    String json = record.toJson();
    assertThat(json.indexOf("\"a\"")).isLessThan(json.indexOf("\"b\""));
    assertThat(PublishRecord.parse(json)).isEqualTo(record);
    assertThat(json).endsWith("}\n");
  }

  @Test
  void aHostileRecordIsRefused() {
    String digest = "sha256:" + "a".repeat(64);
    for (String bad :
        new String[] {
          "",
          "[]",
          "{\"to\":\"x\",\"tag\":\"t\"}",
          "{\"to\":\"x\",\"tag\":\"t\",\"clusters\":[{\"name\":\"a\",\"digest\":\"md5:1\"}]}",
          "{\"to\":\"x\",\"tag\":\"t\",\"clusters\":[{\"name\":\"a\",\"digest\":\""
              + digest
              + "\"},{\"name\":\"a\",\"digest\":\""
              + digest
              + "\"}]}",
          "{\"to\":1,\"tag\":\"t\",\"clusters\":[]}",
          "{\"tag\":\"t\",\"clusters\":[7]}"
        }) {
      assertThatThrownBy(() -> PublishRecord.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void onlyTransientRegistryErrorsAreRetried() {
    assertThat(Publisher.isTransient(new OrasException(503, "unavailable"))).isTrue();
    assertThat(Publisher.isTransient(new OrasException(500, "boom"))).isTrue();
    assertThat(Publisher.isTransient(new OrasException(429, "slow down"))).isTrue();
    assertThat(Publisher.isTransient(new OrasException(401, "unauthorized"))).isFalse();
    assertThat(Publisher.isTransient(new OrasException(404, "no such repository"))).isFalse();
    assertThat(
            Publisher.isTransient(new OrasException("reset", new IOException("Connection reset"))))
        .isTrue();
    assertThat(
            Publisher.isTransient(
                new OrasException("refused", new ConnectException("Connection refused"))))
        .isTrue();
    assertThat(Publisher.isTransient(new IllegalArgumentException("bad"))).isFalse();
  }

  @Test
  void transientFailuresAreRetriedAndOthersAreNot() {
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    String answer =
        Publisher.retrying(
            () -> {
              if (calls.incrementAndGet() < 3) {
                throw new OrasException(503, "unavailable");
              }
              return "ok";
            },
            1);
    assertThat(answer).isEqualTo("ok");
    assertThat(calls).hasValue(3);

    calls.set(0);
    assertThatThrownBy(
            () ->
                Publisher.retrying(
                    () -> {
                      calls.incrementAndGet();
                      throw new OrasException(401, "unauthorized");
                    },
                    1))
        .isInstanceOf(OrasException.class);
    assertThat(calls).hasValue(1);

    calls.set(0);
    assertThatThrownBy(
            () ->
                Publisher.retrying(
                    () -> {
                      calls.incrementAndGet();
                      throw new OrasException(502, "bad gateway");
                    },
                    1))
        .isInstanceOf(OrasException.class);
    assertThat(calls).hasValue(Publisher.ATTEMPTS);
  }
}
