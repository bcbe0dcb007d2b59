package dev.fleetc.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs {@code fleet} in-process and captures what it prints. */
final class Cli {

  record Run(int exitCode, String out, String err) {}

  private Cli() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FleetCommand.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  /** The checkout's root, set by the build (surefire) or found from the module folder. */
  static Path projectRoot() {
    String root = System.getProperty("fleetc.projectRoot");
    if (root != null && !root.isBlank()) {
      return Path.of(root);
    }
    return Path.of("").toAbsolutePath().getParent().getParent();
  }
}
