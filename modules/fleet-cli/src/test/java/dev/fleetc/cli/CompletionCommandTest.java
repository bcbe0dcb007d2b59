package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fleet completion}: the scripts load in their shells and complete what the CLI has. */
class CompletionCommandTest {

  @TempDir Path temp;

  private Path script(String shell) throws Exception {
    Cli.Run run = Cli.run("completion", shell);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    Path file = temp.resolve("fleet." + shell);
    Files.writeString(file, run.out(), StandardCharsets.UTF_8);
    return file;
  }

  private static String shell(String... command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out + err).isZero();
    return out;
  }

  /** What bash completes for {@code words}, the last one being completed. */
  private static List<String> complete(Path script, String... words) throws Exception {
    String array = String.join(" ", List.of(words).stream().map(w -> "'" + w + "'").toList());
    String line = String.join(" ", words);
    String out =
        shell(
            "bash",
            "-c",
            "source '"
                + script
                + "'\n"
                + "COMP_WORDS=("
                + array
                + "); COMP_CWORD="
                + (words.length - 1)
                + "; COMP_LINE='"
                + line
                + "'; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_fleet fleet '"
                + words[words.length - 1]
                + "' '"
                + words[words.length - 2]
                + "' 2>/dev/null\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"");
    return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  @Test
  void bashScriptParsesAndRegistersTheCompletion() throws Exception {
    Path script = script("bash");
    shell("bash", "-n", script.toString());
    assertThat(shell("bash", "-c", "source '" + script + "'; complete -p fleet"))
        .contains("-F _complete_fleet fleet");
  }

  @Test
  void bashCompletesSubcommandsAndTheirOptions() throws Exception {
    Path script = script("bash");
    assertThat(complete(script, "fleet", ""))
        .contains("compile", "import", "completion", "diff")
        .doesNotContain("warmup");
    assertThat(complete(script, "fleet", "co")).containsExactlyInAnyOrder("compile", "completion");
    assertThat(complete(script, "fleet", "compile", "--ch")).containsExactly("--check");
    assertThat(complete(script, "fleet", "completion", "")).contains("bash", "zsh", "fish");
  }

  @Test
  void bashCompletesStatusAndItsOptionValues() throws Exception {
    Path script = script("bash");
    assertThat(complete(script, "fleet", "st")).containsExactly("status");
    assertThat(complete(script, "fleet", "status", "--fail")).containsExactly("--fail-on");
    assertThat(complete(script, "fleet", "status", "--format", ""))
        .containsExactlyInAnyOrder("text", "json");
  }

  @Test
  void zshGetsTheBashFunctionThroughBashcompinit() throws Exception {
    assertThat(Cli.run("completion", "zsh").out())
        .contains("bashcompinit")
        .contains("_complete_fleet");
  }

  @Test
  void fishScriptNamesEverySubcommandAndOption() throws Exception {
    String fish = Cli.run("completion", "fish").out();
    assertThat(fish)
        .contains("complete -c fleet -n __fish_use_subcommand -a compile -d ")
        .contains("complete -c fleet -n '__fish_seen_subcommand_from compile' -s o -l output -r -F")
        .contains("-n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'")
        .doesNotContain("warmup");
    if (Files.isExecutable(Path.of("/usr/bin/fish"))) {
      Path file = script("fish");
      shell("fish", "--no-execute", file.toString());
    } else {
      System.err.println("CompletionCommandTest: fish is not installed; its script is not parsed");
    }
  }

  @Test
  void anUnknownShellIsAUsageError() {
    Cli.Run run = Cli.run("completion", "tcsh");
    assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
    assertThat(run.err()).contains("bash, zsh, fish");
  }
}
