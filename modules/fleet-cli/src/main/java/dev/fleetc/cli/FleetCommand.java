package dev.fleetc.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code fleet}: the entry point. */
@Command(
    name = "fleet",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "Compiles one fleet declaration into everything needed to stand up each cluster.",
    footerHeading = "%nExit codes:%n",
    footer = {
      "  0   success (diff: no changes)",
      "  1   the fleet has errors, or a check failed (diff, status: --fail-on matched)",
      "  2   diff: the plan has changes; status: a cluster has not converged yet",
      "  3   compile --check: the output folder is out of date",
      "  4   a file could not be read or written (or a lock or link in the output is refused)",
      "  5   compile: another compile holds the output folder (see --wait)",
      "  10-17  preflight: the datastore check failed (see fleet preflight --help)",
      "  64  the command line is wrong",
      "  70  internal error (please report it)"
    })
public final class FleetCommand implements Runnable {

  /**
   * The subcommands, in the order help lists them. They are not in the {@code @Command} annotation:
   * picocli would then build every command's model (reflection over ~200 picocli classes that
   * class-data sharing cannot archive) on each run, when one is enough.
   */
  private static final Map<String, Class<?>> SUBCOMMANDS = new LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("compile", CompileCommand.class);
    SUBCOMMANDS.put("validate", ValidateCommand.class);
    SUBCOMMANDS.put("explain", ExplainCommand.class);
    SUBCOMMANDS.put("diff", DiffCommand.class);
    SUBCOMMANDS.put("schema", SchemaCommand.class);
    SUBCOMMANDS.put("preflight", PreflightCommand.class);
    SUBCOMMANDS.put("import", ImportCommand.class);
    SUBCOMMANDS.put("status", StatusCommand.class);
    SUBCOMMANDS.put("completion", CompletionCommand.class);
    SUBCOMMANDS.put("warmup", WarmupCommand.class);
    SUBCOMMANDS.put("help", CommandLine.HelpCommand.class);
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a command, e.g. fleet compile");
  }

  /** The command with every subcommand, as help and completion scripts describe it. */
  static CommandLine withEveryCommand() {
    CommandLine cli = new CommandLine(new FleetCommand());
    SUBCOMMANDS.values().forEach(cli::addSubcommand);
    return cli;
  }

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams; returns the exit code. Used by tests. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    String first = args.length > 0 ? args[0] : "";
    HeadStart.begin(args); // compiling starts while picocli builds the command line
    CommandLine cli = new CommandLine(new FleetCommand());
    // The named command alone, when the first argument names one; every command for help, an
    // unknown command or none, so that listings and suggestions stay complete.
    if (SUBCOMMANDS.containsKey(first) && !first.equals("help")) {
      cli.addSubcommand(SUBCOMMANDS.get(first));
    } else {
      for (Class<?> command : SUBCOMMANDS.values()) {
        cli.addSubcommand(command);
      }
    }
    cli.setOut(out);
    cli.setErr(err);
    cli.setExitCodeExceptionMapper(e -> ExitCode.USAGE);
    cli.setParameterExceptionHandler(
        (ex, arguments) -> {
          err.println("fleet: " + ex.getMessage());
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          err.println(
              "Run '"
                  + ex.getCommandLine().getCommandSpec().qualifiedName()
                  + " --help' for usage.");
          err.flush();
          return ExitCode.USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, commandLine, parseResult) -> {
          err.println("fleet: internal error: " + ex);
          for (StackTraceElement frame : ex.getStackTrace()) {
            err.println("    at " + frame);
          }
          err.println("Please report this with the fleet file that caused it.");
          err.flush();
          return ExitCode.INTERNAL;
        });
    int code = cli.execute(args);
    out.flush();
    err.flush();
    return code;
  }
}
