package dev.fleetc.cli;

import dev.fleetc.cli.status.ClusterStatus;
import dev.fleetc.cli.status.Expectation;
import dev.fleetc.cli.status.FleetStatus;
import dev.fleetc.cli.status.Kubeconfig;
import dev.fleetc.cli.status.RolloutGate;
import dev.fleetc.compiler.upgrades.RolloutEngine;
import dev.fleetc.compiler.upgrades.RolloutEngine.Health;
import dev.fleetc.compiler.upgrades.RolloutEngine.Verdict;
import dev.fleetc.compiler.upgrades.RolloutStateJson;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.Rollout;
import dev.fleetc.model.RolloutState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fleet rollout status|next|approve WAVE --by NAME|pause|resume|abort}: reads and moves the
 * rollout recorded in {@code fleet.rollout.json}. {@code next} reads the promoted clusters through
 * their kubeconfig contexts (the gate of {@link RolloutGate}) unless {@code --no-live}, then lets
 * {@link RolloutEngine#advance} decide; with {@code -o DIR} it recompiles the output after a
 * promotion, with {@code --commit} it commits the state file (and the output) through JGit.
 */
@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    description = {
      "Show or move the rollout recorded in fleet.rollout.json beside the fleet file: status;"
          + " next (read every promoted cluster, then promote the next batch, wait or halt);"
          + " approve WAVE --by NAME; pause; resume; abort (the clusters not promoted keep their"
          + " previous version). Nothing ever rolls back.",
      "next exits 0 with nothing to do, 2 when it promoted a batch, 3 when it waits (a promoted"
          + " cluster not on target yet, soak, approval, paused), 1 when halted or on an error."
    })
final class RolloutCommand implements Callable<Integer> {

  /** {@code fleet rollout next}: a batch was promoted. */
  static final int PROMOTED = 2;

  /** {@code fleet rollout next}: nothing may move yet. */
  static final int WAITING = 3;

  @Spec CommandSpec spec;
  @Mixin FleetInput input;

  @Parameters(
      index = "0",
      paramLabel = "ACTION",
      description = "status, next, approve, pause, resume or abort.")
  String action;

  @Parameters(
      index = "1..*",
      arity = "0..2",
      paramLabel = "[WAVE] [FLEET]",
      description = "approve: the wave; then the fleet file (default: fleet.yaml).")
  List<String> rest = new ArrayList<>();

  @Option(names = "--by", paramLabel = "NAME", description = "approve, abort: who.")
  String by;

  @Option(
      names = "--now",
      hidden = true,
      paramLabel = "TIME",
      description = "The time to record (UTC); default: now.")
  String now;

  @Option(
      names = "--dry-run",
      description = "next: read the clusters and say what would happen; write nothing.")
  boolean dryRun;

  @Option(
      names = "--commit",
      description =
          "Commit the state file (and, after a promotion, the output folder) through git, with a"
              + " message naming the wave.")
  boolean commit;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "DIR",
      description = "next: the compiled output folder to recompile after a promotion.")
  Path output;

  @Option(
      names = "--no-live",
      description =
          "next: do not read the clusters; you assert the promoted ones are healthy (CI without"
              + " access to them). Soak counts from each promotion.")
  boolean noLive;

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "next: the kubeconfig (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context-pattern",
      defaultValue = "{cluster}",
      paramLabel = "PATTERN",
      description = "next: the context of each cluster (default: ${DEFAULT-VALUE}).")
  String contextPattern;

  @Option(
      names = "--revision",
      paramLabel = "COMMIT",
      description =
          "next: the commit GitOps must have applied (default: the commit that promoted each"
              + " cluster, found in the git history of the state file).")
  String revision;

  @Option(
      names = "--timeout",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "next: connect and request timeout per cluster (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--concurrency",
      defaultValue = "32",
      paramLabel = "N",
      description = "next: clusters read at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  private static final List<String> ACTIONS =
      List.of("status", "next", "approve", "pause", "resume", "abort");

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<String> args = new ArrayList<>(rest);
    String wave = null;
    if (action.equals("approve")) {
      if (args.isEmpty() || by == null || !RolloutStateJson.validApprover(by)) {
        err.println("fleet: approve needs the wave and --by NAME (letters, digits and . _ @ + -)");
        return ExitCode.USAGE;
      }
      wave = args.remove(0);
    } else if (!ACTIONS.contains(action)) {
      err.println("fleet: rollout ACTION is status, next, approve, pause, resume or abort");
      return ExitCode.USAGE;
    }
    if (by != null && !RolloutStateJson.validApprover(by)) {
      err.println("fleet: --by takes a name of letters, digits and . _ @ + -");
      return ExitCode.USAGE;
    }
    if (args.size() > 1) {
      err.println("fleet: too many arguments");
      return ExitCode.USAGE;
    }
    if (timeoutSeconds < 1 || timeoutSeconds > 600 || concurrency < 1 || concurrency > 1024) {
      err.println("fleet: --timeout is 1 to 600 seconds, --concurrency 1 to 1024");
      return ExitCode.USAGE;
    }
    if (!contextPattern.contains("{cluster}")) {
      err.println("fleet: --context-pattern must contain {cluster}");
      return ExitCode.USAGE;
    }
    Path fleetPath = input.path(args.isEmpty() ? null : Path.of(args.get(0)));
    try {
      FleetInput.Loaded loaded = FleetInput.load(fleetPath, err);
      if (loaded.result().hasErrors()) {
        return ExitCode.INVALID;
      }
      Fleet declared = loaded.result().fleet().orElseThrow();
      if (declared.rolloutIfAny().isEmpty()) {
        err.println("fleet: " + fleetPath + " declares no rollout: every cluster upgrades at once");
        return ExitCode.USAGE;
      }
      RolloutFile file = RolloutFile.beside(fleetPath);
      Instant at = RolloutFile.now(now);
      Optional<RolloutState> recorded = file.read();
      RolloutEngine.Step current = RolloutEngine.compile(declared, recorded, at);
      if (recorded.isEmpty() || !current.state().equals(recorded)) {
        err.println(
            "fleet: "
                + file.path()
                + " does not match "
                + fleetPath
                + " yet: run fleet compile first");
        return ExitCode.INVALID;
      }
      RolloutState state = recorded.get();
      if (action.equals("status")) {
        printStatus(current.fleet(), state, out);
        return ExitCode.OK;
      }
      if (action.equals("next")) {
        return next(fleetPath, declared, current.fleet(), file, state, at, out, err);
      }
      RolloutEngine.Next result =
          switch (action) {
            case "approve" -> RolloutEngine.approve(state, wave, by, at);
            case "abort" -> RolloutEngine.abort(state, by, at);
            case "pause" -> RolloutEngine.pause(state, true);
            default -> RolloutEngine.pause(state, false);
          };
      if (result.state().isEmpty()) {
        err.println("fleet: " + result.message());
        return ExitCode.CHANGES; // nothing changed
      }
      file.write(result.state().get(), recorded);
      out.println(result.message());
      if (commit) {
        commitChanges(
            fleetPath,
            List.of(file.path()),
            "fleet rollout: " + RolloutStateJson.reason(result.message()),
            out);
      }
      return ExitCode.OK;
    } catch (FleetInput.InputException e) {
      err.println("fleet: " + e.getMessage());
      return e.exitCode;
    } catch (IOException e) {
      err.println("fleet: cannot record the rollout: " + e.getMessage());
      return ExitCode.IO_ERROR;
    }
  }

  private int next(
      Path fleetPath,
      Fleet declared,
      Fleet effective,
      RolloutFile file,
      RolloutState state,
      Instant at,
      PrintWriter out,
      PrintWriter err)
      throws IOException, FleetInput.InputException {
    RolloutState.Run run = state.rollout();
    boolean active =
        run != null
            && (!run.complete() || !RolloutEngine.settled(run))
            && run.aborted() == null
            && run.halted() == null
            && !run.paused();
    Map<String, Health> health = null;
    if (!noLive && active) {
      health = readGates(fleetPath, effective, file, run, err);
      if (health == null) {
        return ExitCode.IO_ERROR;
      }
    }
    RolloutEngine.Decision decision = RolloutEngine.advance(declared, state, health, at);
    decision
        .gates()
        .forEach(
            (cluster, gate) ->
                out.printf(
                    "  %-24s %-10s %s%n",
                    cluster,
                    switch (gate.verdict()) {
                      case ON_TARGET -> "on-target";
                      case PENDING -> "pending";
                      case FAILED -> "failed";
                    },
                    gate.why()));
    out.println(decision.message());
    int code =
        switch (decision.outcome()) {
          case NOTHING -> ExitCode.OK;
          case PROMOTED -> PROMOTED;
          case WAITING -> WAITING;
          case HALTED -> ExitCode.INVALID;
        };
    if (dryRun) {
      out.println("dry run: nothing written");
      return code;
    }
    if (decision.state().isEmpty()) {
      return code;
    }
    file.write(decision.state().get(), Optional.of(state));
    List<Path> changed = new ArrayList<>(List.of(file.path()));
    if (decision.outcome() == RolloutEngine.Outcome.PROMOTED) {
      if (output != null) {
        int compiled = recompile(fleetPath, at, out, err);
        if (compiled != ExitCode.OK) {
          file.write(state, decision.state()); // the promotion waits for a compile that works
          err.println("fleet: the output could not be compiled; the promotion is not recorded");
          return compiled;
        }
        changed.add(output);
      } else {
        out.println("now run fleet compile");
      }
    }
    if (commit) {
      commitChanges(fleetPath, changed, commitMessage(decision), out);
    }
    return code;
  }

  /** The gate of every promoted cluster, read live; {@code null} when the kubeconfig is bad. */
  private Map<String, Health> readGates(
      Path fleetPath, Fleet effective, RolloutFile file, RolloutState.Run run, PrintWriter err) {
    Set<String> promoted = new LinkedHashSet<>();
    run.waves().forEach(w -> w.batches().forEach(b -> promoted.addAll(b.clusters())));
    Optional<RolloutGit> git = revision == null ? RolloutGit.open(fleetPath) : Optional.empty();
    try {
      Map<String, String> commits =
          git.map(g -> g.promotingCommits(file.path(), run.startedAt(), promoted))
              .orElseGet(HashMap::new);
      Rollout rollout = effective.rollout();
      List<Expectation> expectations = new ArrayList<>();
      Map<String, Health> health = new TreeMap<>();
      for (String name : promoted) {
        Optional<Cluster> cluster = effective.cluster(name);
        if (cluster.isEmpty()) {
          health.put(name, new Health(Verdict.PENDING, "no longer in the fleet file"));
          continue;
        }
        String expected = revision != null ? revision : commits.get(name);
        if (git.isPresent() && expected == null) {
          health.put(
              name,
              new Health(
                  Verdict.PENDING,
                  "its promotion is not committed yet (commit "
                      + RolloutStateJson.FILE_NAME
                      + " and the output)"));
          continue;
        }
        expectations.add(Expectation.of(cluster.get(), expected, rollout));
      }
      if (!expectations.isEmpty()) {
        Kubeconfig contexts;
        try {
          contexts =
              Kubeconfig.read(
                  Kubeconfig.files(
                      kubeconfig, System.getenv("KUBECONFIG"), System.getProperty("user.home")));
        } catch (IllegalArgumentException e) {
          err.println("fleet: " + e.getMessage());
          return null;
        }
        RolloutGate.Ancestry ancestry =
            git.map(RolloutGit::ancestry).orElse(RolloutGate.Ancestry.NONE);
        for (ClusterStatus status :
            FleetStatus.probe(
                expectations, contexts, contextPattern, timeoutSeconds, concurrency)) {
          health.put(status.expected().cluster(), RolloutGate.health(status, ancestry));
        }
      }
      return health;
    } finally {
      git.ifPresent(RolloutGit::close);
    }
  }

  private static String commitMessage(RolloutEngine.Decision decision) {
    String wave = decision.wave() == null ? "" : " wave " + decision.wave();
    // The body quotes what the clusters said (gates): one line, no control characters.
    String body = RolloutStateJson.reason(decision.message());
    return switch (decision.outcome()) {
      case PROMOTED ->
          "fleet rollout:"
              + wave
              + ": promote "
              + String.join(", ", decision.promoted())
              + "\n\n"
              + body
              + "\n";
      case HALTED -> "fleet rollout: halt in" + wave + "\n\n" + body + "\n";
      case NOTHING -> "fleet rollout:" + wave + ": complete\n\n" + body + "\n";
      case WAITING -> "fleet rollout:" + wave + ": on target, soaking\n\n" + body + "\n";
    };
  }

  private static void commitChanges(
      Path fleetPath, List<Path> paths, String message, PrintWriter out) throws IOException {
    Optional<RolloutGit> git = RolloutGit.open(fleetPath);
    if (git.isEmpty()) {
      throw new IOException("--commit: " + fleetPath + " is not in a git work tree");
    }
    try (RolloutGit repository = git.get()) {
      String id = repository.commit(paths, message);
      out.println(
          "committed " + id.substring(0, 12) + ": " + message.lines().findFirst().orElse(""));
    }
  }

  /** {@code fleet compile FLEET -o DIR}, in-process, with the state just written. */
  private int recompile(Path fleetPath, Instant at, PrintWriter out, PrintWriter err) {
    CommandLine compile = new CommandLine(new CompileCommand());
    compile.setOut(out);
    compile.setErr(err);
    return compile.execute(
        fleetPath.toString(), "-o", output.toString(), "--now", RolloutEngine.timestamp(at));
  }

  private static void printStatus(Fleet fleet, RolloutState state, PrintWriter out) {
    Rollout rollout = fleet.rollout();
    Optional<RolloutState.Run> run = state.rolloutIfAny();
    if (run.isEmpty()) {
      out.println("no rollout yet");
      return;
    }
    out.printf(
        "rollout started %s%s%s%n",
        run.get().startedAt(),
        run.get().paused() ? ", paused" : "",
        run.get().complete() ? ", complete" : "");
    if (run.get().halted() != null) {
      out.printf("  halted at %s: %s%n", run.get().halted().at(), run.get().halted().reason());
    }
    if (run.get().aborted() != null) {
      out.printf(
          "  %s at %s: the clusters not promoted stay at their previous version%n",
          run.get().aborted().reason(), run.get().aborted().at());
    }
    for (Rollout.Wave wave : rollout.waves()) {
      long changing =
          run.get().clusters().keySet().stream()
              .filter(c -> wave.name().equals(rollout.waveOf().get(c)))
              .count();
      long promoted =
          run.get().clusters().keySet().stream()
              .filter(c -> wave.name().equals(rollout.waveOf().get(c)) && run.get().promoted(c))
              .count();
      String onTarget =
          run.get()
              .wave(wave.name())
              .flatMap(
                  w ->
                      w.batches().isEmpty()
                          ? Optional.empty()
                          : Optional.ofNullable(
                              w.batches().get(w.batches().size() - 1).onTargetAt()))
              .map(t -> ", last batch on target since " + t)
              .orElse("");
      out.printf(
          "  %-16s %d of %d promoted%s%s%n",
          wave.name(),
          promoted,
          changing,
          wave.approval()
              ? run.get().wave(wave.name()).map(w -> w.approvals().isEmpty()).orElse(true)
                  ? ", needs approval"
                  : ", approved"
              : "",
          onTarget);
    }
  }
}
