package dev.fleetc.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet validate}: checks a fleet file and reports every problem at once. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = "Check a fleet file; print every error and warning with its place and a hint.")
final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin FleetInput input;

  @Parameters(arity = "0..1", paramLabel = "FLEET", description = "The fleet file.")
  Path positional;

  @Option(names = "--warnings-as-errors", description = "Fail on warnings too.")
  boolean warningsAsErrors;

  @Override
  public Integer call() {
    Path path = input.path(positional);
    try {
      FleetInput.Loaded loaded = FleetInput.load(path, spec.commandLine().getErr());
      if (loaded.result().hasErrors()) {
        return ExitCode.INVALID;
      }
      int clusters = loaded.result().fleet().orElseThrow().clusters().size();
      int warnings = loaded.result().diagnostics().size();
      spec.commandLine()
          .getOut()
          .printf(
              "%s: fleet '%s' is valid: %d cluster%s, %d warning%s%n",
              path,
              loaded.result().fleet().get().name(),
              clusters,
              clusters == 1 ? "" : "s",
              warnings,
              warnings == 1 ? "" : "s");
      return warningsAsErrors && warnings > 0 ? ExitCode.INVALID : ExitCode.OK;
    } catch (FleetInput.InputException e) {
      spec.commandLine().getErr().println("fleet: " + e.getMessage());
      return e.exitCode;
    }
  }
}
