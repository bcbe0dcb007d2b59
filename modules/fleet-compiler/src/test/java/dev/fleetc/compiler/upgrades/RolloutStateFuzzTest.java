package dev.fleetc.compiler.upgrades;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fleetc.model.RolloutState;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Fuzz target of the rollout state reader. In {@code mvn verify} it replays the committed inputs
 * under {@code src/test/resources/dev/fleetc/compiler/upgrades/RolloutStateFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates them (docs/fuzzing.md). Whatever the bytes, the reader
 * refuses them with {@link RolloutStateJson.InvalidStateException} or returns a state whose every
 * version is safe in a shell word and whose JSON form reads back the same.
 */
class RolloutStateFuzzTest {

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9.+/-]+");

  @FuzzTest(maxDuration = "5m")
  void readState(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    RolloutState state;
    try {
      state = RolloutStateJson.read(text);
    } catch (RolloutStateJson.InvalidStateException refused) {
      assertThat(refused.getMessage()).hasSizeLessThan(1_000);
      return;
    }
    state.versions().values().forEach(v -> assertThat(v).matches(SHELL_SAFE));
    state
        .rolloutIfAny()
        .ifPresent(
            run ->
                run.clusters()
                    .values()
                    .forEach(
                        c -> {
                          assertThat(c.previous()).matches(SHELL_SAFE);
                          assertThat(c.target()).matches(SHELL_SAFE);
                        }));
    String json =
        tools.jackson.databind.json.JsonMapper.builder()
            .build()
            .writeValueAsString(RolloutStateJson.toJson(state));
    assertThat(RolloutStateJson.read(json)).isEqualTo(state);
  }
}
