package dev.fleetc.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet completion SHELL}: prints a shell completion script for {@code fleet}. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a completion script for bash, zsh or fish.",
      "  bash: source <(fleet completion bash)     (e.g. in ~/.bashrc)",
      "  zsh:  source <(fleet completion zsh)      (e.g. in ~/.zshrc)",
      "  fish: fleet completion fish > ~/.config/fish/completions/fleet.fish"
    })
final class CompletionCommand implements Callable<Integer> {

  enum Shell {
    bash,
    zsh,
    fish
  }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash, zsh or fish.")
  Shell shell;

  @Override
  public Integer call() {
    CommandLine fleet = FleetCommand.withEveryCommand();
    String script =
        switch (shell) {
          // picocli's script is a bash completion function; under zsh it loads bashcompinit
          // itself and registers the same function.
          case bash, zsh -> AutoComplete.bash("fleet", fleet);
          case fish -> FishCompletion.script(fleet.getCommandSpec());
        };
    spec.commandLine().getOut().print(script);
    return ExitCode.OK;
  }
}
