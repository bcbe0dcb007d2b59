package dev.fleetc.cli;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A head start on the fleet files a command will read: each is compiled on a thread of its own from
 * the moment the process starts, while picocli builds the command line (60–100 ms of reflection on
 * a cold JVM, measured in docs/performance.md).
 *
 * <p>Which files, is guessed from the raw arguments, and only guessed: a command asks for the file
 * picocli resolved ({@link #take}), and a head start is used only for that very path; any other is
 * compiled as usual. Compiling is a pure function of the file, the inventories it names and the
 * environment's input limits, all the same on either thread, so the result is the same either way.
 *
 * <p>Commands that emit also get the emit stack's first use done ahead ({@link
 * FleetEmitter#prepare}), on a third thread: measured, 35 ms off {@code compile acme --check}.
 */
final class HeadStart {

  /** The commands that compile fleet files named by their arguments. */
  private static final Set<String> COMMANDS = Set.of("compile", "validate", "explain", "diff");

  /**
   * Options whose value is never a fleet file (so that {@code -o out.yaml} is not taken for one).
   */
  private static final Set<String> OTHER_VALUES =
      Set.of("-o", "--output", "--cluster", "--wait", "--format", "--fail-on", "--repo", "--color");

  /** The commands that emit files: the emit stack's first use is done ahead too. */
  private static final Set<String> EMITTING = Set.of("compile", "diff");

  /** At most this many files: {@code diff} reads two. */
  private static final int MAX_FILES = 2;

  private record Outcome(CompileResult result, FleetInput.InputException failure) {}

  private static final Map<Path, CompletableFuture<Outcome>> STARTED = new ConcurrentHashMap<>();

  private HeadStart() {}

  /**
   * Starts compiling the fleet files the arguments name, if the command is one that reads them.
   * Head starts of an earlier command in the same process (tests run many) are dropped: the file
   * may have changed since.
   */
  static void begin(String[] args) {
    STARTED.clear();
    if (args.length == 0 || !COMMANDS.contains(args[0])) {
      return;
    }
    if (EMITTING.contains(args[0])) {
      start("fleetc-prepare", () -> FleetEmitter.standard().prepare());
    }
    for (Path file : guessFiles(args)) {
      CompletableFuture<Outcome> outcome = new CompletableFuture<>();
      STARTED.put(file, outcome);
      Thread thread =
          new Thread(
              () -> {
                try {
                  outcome.complete(new Outcome(FleetInput.compileNow(file), null));
                } catch (FleetInput.InputException e) {
                  outcome.complete(new Outcome(null, e));
                } catch (Throwable e) {
                  outcome.completeExceptionally(e);
                }
              },
              "fleetc-head-start");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** A daemon thread: a head start never keeps the process alive, nor reports its own failures. */
  private static void start(String name, Runnable work) {
    Thread thread =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (RuntimeException | LinkageError e) {
                // Only a head start: the command does the same work and reports what fails.
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * The head start's result for this path, if one was started for it (each is used once); empty
   * otherwise, or when it failed unexpectedly (the caller then compiles and meets the failure
   * itself).
   */
  static Optional<CompileResult> take(Path path) throws FleetInput.InputException {
    CompletableFuture<Outcome> started = STARTED.remove(path);
    if (started == null) {
      return Optional.empty();
    }
    Outcome outcome;
    try {
      outcome = started.join();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (outcome.failure() != null) {
      throw outcome.failure();
    }
    return Optional.of(outcome.result());
  }

  /** The arguments that look like fleet files: {@code -f FILE}, or YAML files that exist. */
  static List<Path> guessFiles(String[] args) {
    List<Path> files = new ArrayList<>();
    for (int i = 1; i < args.length && files.size() < MAX_FILES; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        continue;
      }
      if (OTHER_VALUES.contains(arg)) {
        i++; // skip the option's value
        continue;
      }
      String candidate = null;
      if (arg.equals("-f") || arg.equals("--file")) {
        candidate = i + 1 < args.length ? args[++i] : null;
      } else if (arg.startsWith("--file=")) {
        candidate = arg.substring("--file=".length());
      } else if (!arg.startsWith("-") && (arg.endsWith(".yaml") || arg.endsWith(".yml"))) {
        candidate = arg;
      }
      Path file = regularFile(candidate);
      if (file != null && !files.contains(file)) {
        files.add(file);
      }
    }
    return files;
  }

  private static Path regularFile(String candidate) {
    if (candidate == null) {
      return null;
    }
    try {
      Path path = Path.of(candidate);
      return Files.isRegularFile(path) ? path : null;
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
