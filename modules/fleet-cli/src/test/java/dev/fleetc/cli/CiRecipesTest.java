package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The CI recipes of {@code docs/ci.md}: each YAML block parses, each shell script in it parses
 * ({@code bash -n}), and every {@code fleet} command they run exists with the options they pass.
 */
class CiRecipesTest {

  private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\n(.*?)```");
  private static final Pattern FLEET_CALL =
      Pattern.compile("(?m)(?:^|[;&|(]|\\bthen|\\bdo)\\s*fleet\\s+([a-z][a-z-]*)([^\n>|;]*)");

  @Test
  void recipesParseAndRunOnlyCommandsTheCliHas() throws Exception {
    String doc = Files.readString(Cli.projectRoot().resolve("docs/ci.md"), StandardCharsets.UTF_8);
    List<String> blocks = new ArrayList<>();
    Matcher m = YAML_BLOCK.matcher(doc);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).as("a GitHub Actions and a GitLab CI recipe").hasSize(2);

    List<String> scripts = new ArrayList<>();
    YAMLMapper yaml = new YAMLMapper();
    JsonNode github = yaml.readTree(blocks.get(0));
    assertThat(github.path("jobs").isObject()).isTrue();
    for (JsonNode job : github.path("jobs")) {
      for (JsonNode step : job.path("steps")) {
        if (step.has("run")) {
          scripts.add(step.path("run").asString());
        }
      }
    }
    JsonNode gitlab = yaml.readTree(blocks.get(1));
    for (Map.Entry<String, JsonNode> job : gitlab.properties()) {
      for (String key : List.of("before_script", "script")) {
        StringBuilder script = new StringBuilder();
        job.getValue().path(key).forEach(line -> script.append(line.asString()).append('\n'));
        if (script.length() > 0) {
          scripts.add(script.toString());
        }
      }
    }

    CommandSpec fleet = FleetCommand.withEveryCommand().getCommandSpec();
    List<String> calls = new ArrayList<>();
    for (String script : scripts) {
      bashParses(script);
      Matcher call = FLEET_CALL.matcher(script);
      while (call.find()) {
        String sub = call.group(1);
        calls.add(sub);
        CommandLine command = fleet.subcommands().get(sub);
        assertThat(command).as("fleet %s in %s", sub, script).isNotNull();
        for (String word : call.group(2).trim().split("\\s+")) {
          if (word.startsWith("-")) {
            assertThat(command.getCommandSpec().findOption(word))
                .as("option %s of fleet %s", word, sub)
                .isNotNull();
          }
        }
      }
    }
    assertThat(calls).contains("validate", "compile", "diff");
  }

  @Test
  void theCheckOfCommandsCanFail() {
    CommandSpec fleet = FleetCommand.withEveryCommand().getCommandSpec();
    assertThat(fleet.subcommands().get("plan")).isNull();
    assertThat(fleet.subcommands().get("compile").getCommandSpec().findOption("--dry-run"))
        .isNull();
    Matcher call = FLEET_CALL.matcher("  set -e\n  fleet diff --format markdown a b > plan.md\n");
    assertThat(call.find()).isTrue();
    assertThat(call.group(1)).isEqualTo("diff");
    assertThat(call.group(2).trim()).isEqualTo("--format markdown a b");
  }

  private static void bashParses(String script) throws Exception {
    Process process = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
    process.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("bash -n:\n%s\n%s", script, out).isZero();
  }
}
