package dev.fleetc.cli;

import dev.fleetc.compiler.EditorSchema;
import dev.fleetc.emit.support.JsonWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code fleet schema}: the JSON Schema of fleet files, for editors. */
@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Print the JSON Schema of fleet files.",
      "Editors with a YAML language server complete and check fleet files with it:",
      "  fleet schema > fleet.schema.json",
      "  # first line of fleet.yaml: # yaml-language-server: $schema=fleet.schema.json"
    })
final class SchemaCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().getOut().print(JsonWriter.write(EditorSchema.ofFleet()));
    return ExitCode.OK;
  }
}
