package dev.fleetc.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.SecretMasker;
import dev.fleetc.compiler.values.Cron;
import dev.fleetc.compiler.values.GitBranch;
import dev.fleetc.compiler.values.GitUrl;
import dev.fleetc.compiler.values.KubernetesLabels;
import dev.fleetc.compiler.values.NetworkAddress;
import dev.fleetc.compiler.values.SecretPaths;
import dev.fleetc.model.GitOpsEngine;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Fuzz targets of the front end. In {@code mvn verify} they replay the committed inputs under
 * {@code src/test/resources/dev/fleetc/compiler/CompilerFuzzTestInputs/<method>/}; with {@code
 * JAZZER_FUZZ=1} Jazzer mutates them (docs/fuzzing.md). Whatever the bytes, the compiler answers
 * with diagnostics, never an exception, and the rendered report stays small.
 */
class CompilerFuzzTest {

  @FuzzTest(maxDuration = "5m")
  @DictionaryFile(resourcePath = "/dev/fleetc/fleet.dict")
  void parseAndValidate(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    CompileResult result = new FleetCompiler().compile("fuzz.yaml", text);
    assertThat(result.fleet().isPresent()).isNotEqualTo(result.hasErrors());
    assertThat(result.diagnostics().size()).isLessThanOrEqualTo(Diagnostics.MAX_KEPT + 1);
    String report = new DiagnosticRenderer(text).renderAll(result.diagnostics());
    assertThat(report.length()).isLessThan(200_000);
  }

  @FuzzTest(maxDuration = "5m")
  void valueValidators(byte[] input) {
    String value = new String(input, StandardCharsets.UTF_8);
    for (GitOpsEngine engine : GitOpsEngine.values()) {
      GitUrl.Result url = GitUrl.check(value, engine);
      assertThat(url.problem() == null).isEqualTo(url.checked() != null);
      if (url.problem() != null && url.problem().message().length() > 0) {
        // A refused URL's message never repeats its user part (which may be a password).
        int at = value.indexOf('@');
        int scheme = value.indexOf("://");
        if (scheme >= 0 && at > scheme + 3 && value.substring(scheme + 3, at).length() > 3) {
          assertThat(url.problem().message()).doesNotContain(value.substring(scheme + 3, at));
        }
      }
    }
    GitBranch.check(value);
    KubernetesLabels.checkKey(value, "label");
    KubernetesLabels.checkValue(value, "label");
    KubernetesLabels.checkTaint(value);
    Cron.check(value);
    SecretPaths.check(value);
    NetworkAddress.checkBastion(value);
    Optional<String> canonical = NetworkAddress.canonical(value);
    canonical.ifPresent(c -> assertThat(NetworkAddress.canonical(c)).contains(c));
    String masked = SecretMasker.mask(value);
    for (int column = 1; column <= value.length() + 1; column += Math.max(1, value.length() / 7)) {
      assertThat(SecretMasker.maskedColumn(value, column)).isBetween(1, masked.length() + 1);
    }
  }
}
