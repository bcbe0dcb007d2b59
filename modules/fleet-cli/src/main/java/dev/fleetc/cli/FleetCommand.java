package dev.fleetc.cli;

import dev.fleetc.model.TerminalText;
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
      "  70  out of memory, or an internal error (please report it; FLEETC_DEBUG=1 shows where)"
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
    SUBCOMMANDS.put("rollout", RolloutCommand.class);
    SUBCOMMANDS.put("schema", SchemaCommand.class);
    SUBCOMMANDS.put("preflight", PreflightCommand.class);
    SUBCOMMANDS.put("import", ImportCommand.class);
    SUBCOMMANDS.put("publish", dev.fleetc.cli.publish.PublishCommand.class);
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
    PrintWriter err = new PrintWriter(System.err, true);
    // A helper thread that dies (the emit head start, say, out of memory) prints no stack trace of
    // its own: the command fails on the main thread too and reports it there in one line.
    Thread.setDefaultUncaughtExceptionHandler(
        (thread, e) -> {
          if ("1".equals(System.getenv("FLEETC_DEBUG"))) {
            e.printStackTrace();
          }
        });
    int code;
    try {
      code = run(args, new PrintWriter(System.out, true), err);
    } catch (Throwable e) { // whatever escaped: never the JVM's exit 1 ("the fleet has errors")
      code = internalError(e, err);
    }
    System.exit(code);
  }

  /**
   * Reports a failure that is not the input's fault in one line (out of memory, or a bug) and
   * returns 70; the stack trace only with {@code FLEETC_DEBUG=1}.
   */
  static int internalError(Throwable e, PrintWriter err) {
    Throwable outOfMemory = e;
    while (outOfMemory != null && !(outOfMemory instanceof OutOfMemoryError)) {
      outOfMemory = outOfMemory.getCause();
    }
    boolean debug = "1".equals(System.getenv("FLEETC_DEBUG"));
    if (outOfMemory != null) {
      err.println(
          "fleet: out of memory (the Java heap may grow to "
              + Runtime.getRuntime().maxMemory() / (1024 * 1024)
              + " MiB): the input is larger than this machine can compile; give Java more, e.g."
              + " JAVA_TOOL_OPTIONS=-Xmx4g, or split the fleet");
    } else {
      Throwable cause = e;
      while ((cause instanceof java.util.concurrent.CompletionException
              || cause instanceof java.util.concurrent.ExecutionException)
          && cause.getCause() != null) {
        cause = cause.getCause();
      }
      String message = String.valueOf(cause).replaceAll("\\p{Cntrl}", "?");
      err.println(
          "fleet: internal error: "
              + (message.length() > 300 ? message.substring(0, 300) + "..." : message)
              + " (please report it with the fleet file; FLEETC_DEBUG=1 shows where)");
    }
    if (debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return ExitCode.INTERNAL;
  }

  /** Runs the command line with the given streams; returns the exit code. Used by tests. */
  public static int run(String[] args, PrintWriter rawOut, PrintWriter rawErr) {
    // Everything any command prints passes through the one terminal escaper
    // (docs/output-safety.md).
    PrintWriter out = TerminalText.writer(rawOut);
    PrintWriter err = TerminalText.writer(rawErr);
    String first = args.length > 0 ? args[0] : "";
    HeadStart.begin(args); // compiling starts while picocli builds the command line
    CommandLine cli = new CommandLine(new FleetCommand());
    // The named command alone, when the first argument names one; every command for help, an
    // unknown command or none, so that listings and suggestions stay complete.
    if (SUBCOMMANDS.containsKey(first) && !first.equals("help")) {
      cli.addSubcommand(SUBCOMMANDS.get(first));
    } else if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
      // The version alone needs no command: building all twelve (picocli reflects over each, and
      // diff's options load JGit classes) was a third of `fleet --version`.
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
    cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> internalError(ex, err));
    int code;
    try {
      code = cli.execute(args);
    } catch (VirtualMachineError e) { // out of memory, stack overflow: not the fleet's errors (1)
      code = internalError(e, err);
    }
    out.flush();
    err.flush();
    return code;
  }
}
