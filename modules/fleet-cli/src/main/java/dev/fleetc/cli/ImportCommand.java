package dev.fleetc.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet import}: a fleet from the configuration files of clusters that already run. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Print a fleet on stdout from existing cluster configurations: k0sctl.yaml files, K3s",
      "per-node config files, MicroK8s launch configurations. Inline secrets become references",
      "(a warning names the variable to set); what the language cannot express goes into the",
      "escape hatches or is reported."
    })
final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "FILE",
      description = "k0sctl.yaml files (one cluster each).")
  List<Path> files;

  @Override
  public Integer call() {
    return ExitCode.OK;
  }
}
