package dev.fleetc.compiler.upgrades;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetc.model.RolloutState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code fleet.rollout.json} is untrusted input: its versions reach install scripts, so every value
 * is checked for its type and form, and a hostile or mistyped file is refused naming the entry.
 */
class RolloutStateJsonTest {

  private static final String VALID =
      """
      {"formatVersion": 1, "fleet": "shops", "versions": {"a": "v1.31.14+k3s1", "b": "1.31/stable"},
       "rollout": {"startedAt": "2026-12-01T08:00:00Z", "paused": false,
         "clusters": {"a": {"previous": "v1.31.14+k3s1", "target": "v1.32.13+k3s1"}},
         "waves": [{"name": "canary", "batches": [{"clusters": ["a"], "promotedAt": "2026-12-01T08:00:00Z"}],
                    "approvals": [{"by": "alice", "at": "2026-12-01T07:00:00Z"}]}]}}
      """;

  @Test
  void aValidStateReads() {
    RolloutState state = RolloutStateJson.read(VALID);
    assertThat(state.versions()).containsEntry("b", "1.31/stable");
    assertThat(state.rollout().promoted("a")).isTrue();
    assertThat(state.rollout().waves().get(0).approvals().get(0).by()).isEqualTo("alice");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"v1.31.14+k3s1\"|\"v1.31.14+k3s1; rm -rf /\"|versions.a: must be a K3s or k0s build",
        "\"formatVersion\": 1|\"formatVersion\": 2|formatVersion: must be 1",
        "\"paused\": false|\"paused\": \"no\"|rollout.paused: must be true or false",
        "\"fleet\": \"shops\"|\"fleet\": \"shops\", \"fleet\": \"other\"|not valid JSON",
        "\"by\": \"alice\"|\"by\": \"alice\\u001b[2J\"|approvals[0].by: must be a name",
        "\"startedAt\": \"2026-12-01T08:00:00Z\"|\"startedAt\": \"yesterday\"|rollout.startedAt: must be a UTC time",
        "\"paused\": false|\"paused\": false, \"extra\": 1|rollout.extra: unknown key",
        "\"clusters\": [\"a\"]|\"clusters\": [\"a\", \"a\"]|'a' was promoted before",
        "\"clusters\": [\"a\"]|\"clusters\": [\"zz\"]|'zz' is not a cluster of this rollout",
        "\"b\": \"1.31/stable\"|\"B_\": \"1.31/stable\"|'B_' is not a DNS-1123 name",
      })
  void aHostileOrMistypedStateIsRefusedNamingTheEntry(String from, String to, String message) {
    String json = VALID.replace(from, to);
    assertThat(json).isNotEqualTo(VALID);
    assertThatThrownBy(() -> RolloutStateJson.read(json))
        .isInstanceOf(RolloutStateJson.InvalidStateException.class)
        .hasMessageContaining(message);
  }

  @Test
  void notAnObjectAndTooLargeAreRefused() {
    assertThatThrownBy(() -> RolloutStateJson.read("[]")).hasMessage("not a JSON object");
    String huge = " ".repeat(RolloutStateJson.MAX_BYTES + 1);
    assertThatThrownBy(() -> RolloutStateJson.read(huge)).hasMessageContaining("larger than");
  }
}
