package dev.fleetc.cli;

import dev.fleetc.cli.output.FolderLock;
import dev.fleetc.cli.output.OutputException;
import dev.fleetc.cli.output.OutputTree;
import dev.fleetc.cli.output.SafeFolder;
import dev.fleetc.cli.output.StagedCompile;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.compiler.upgrades.RolloutEngine;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ClusterOutput;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.fleet.ClusterSink;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.emit.fleet.StreamedFleet;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.RolloutState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet compile}: writes every cluster's files and the lock, atomically. */
@Command(
    name = "compile",
    mixinStandardHelpOptions = true,
    description = {
      "Compile a fleet into node configs, install scripts, GitOps bootstrap and runbooks.",
      "Only files listed in DIR/fleet.lock.json are ever replaced or removed; nothing is written"
          + " when the fleet has errors.",
      "A compile is one transaction over DIR (docs/output-safety.md); a second compile into DIR"
          + " exits 5 unless --wait is given."
    })
final class CompileCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin FleetInput input;

  @Parameters(arity = "0..1", paramLabel = "FLEET", description = "The fleet file.")
  Path positional;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR",
      description = "The output folder (e.g. the root of the GitOps repository).")
  Path output;

  @Option(
      names = "--cluster",
      paramLabel = "NAME",
      description = "Compile only this cluster (repeatable); other clusters' files are kept.")
  List<String> clusters;

  @Option(
      names = "--check",
      description = "Write nothing; exit 3 and name the files when DIR is out of date.")
  boolean check;

  @Option(
      names = "--now",
      hidden = true,
      paramLabel = "TIME",
      description = "The time a rollout records (UTC, e.g. 2026-12-07T12:00:00Z); default: now.")
  String now;

  @Option(
      names = "--force",
      description = "Overwrite files in DIR that fleetc did not write (it refuses by default).")
  boolean force;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "0",
      converter = Seconds.Wait.class,
      description =
          "When another compile holds DIR, wait up to SECONDS for it (default: 0, exit 5 at once;"
              + " at most 86400).")
  long waitSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    FleetInput.Loaded loaded;
    try {
      loaded = FleetInput.load(input.path(positional), err);
    } catch (FleetInput.InputException e) {
      err.println("fleet: " + e.getMessage());
      return e.exitCode;
    }
    if (loaded.result().hasErrors()) {
      err.println("fleet: nothing written to " + output);
      return ExitCode.INVALID;
    }
    Fleet declaredFleet = loaded.result().fleet().orElseThrow();
    // Rollout waves: the recorded state decides each cluster's effective version
    // (docs/upgrades.md).
    RolloutFile rolloutFile = RolloutFile.beside(input.path(positional));
    RolloutEngine.Step rollout;
    Optional<RolloutState> recorded;
    try {
      recorded = declaredFleet.rolloutIfAny().isPresent() ? rolloutFile.read() : Optional.empty();
      rollout = RolloutEngine.compile(declaredFleet, recorded, RolloutFile.now(now));
    } catch (FleetInput.InputException e) {
      err.println("fleet: " + e.getMessage());
      return e.exitCode;
    }
    if (!rollout.refusals().isEmpty()) {
      // Located at the declared version; what the cluster runs comes from the rollout state.
      err.print(loaded.result().renderer().renderAll(rollout.refusals()));
      err.println("fleet: what the clusters run is recorded in " + rolloutFile.path());
      err.println("fleet: nothing written to " + output);
      return ExitCode.INVALID;
    }
    Fleet fleet = rollout.fleet();
    Set<String> declared = fleet.clusters().stream().map(Cluster::name).collect(Collectors.toSet());
    Set<String> selected = clusters == null ? declared : new LinkedHashSet<>(clusters);
    for (String name : selected) {
      if (!declared.contains(name)) {
        err.println(
            "fleet: no cluster named '"
                + name
                + "'"
                + Suggestions.didYouMean(name, declared).map(hint -> "; " + hint).orElse(""));
        return ExitCode.USAGE;
      }
    }
    // The clusters are emitted while the folder is compared and written (StagedCompile): only a
    // window of clusters' files is in memory at a time.
    Emit emit =
        new Emit(
            fleet, declared, clusters == null ? null : selected, c -> selected.contains(c.name()));
    loaded = null; // the parse's leftovers are garbage from here on; only the model is needed
    try {
      SafeFolder folder = SafeFolder.of(output);
      if (check) {
        return check(folder, emit, out, err);
      }
      List<Path> created = folder.create();
      try (FolderLock lock =
          FolderLock.acquire(folder, commandLine(), Duration.ofSeconds(waitSeconds))) {
        String repaired = new OutputTree(folder).repair();
        if (repaired != null) {
          err.println("fleet: " + output + ": " + repaired);
        }
        int written = write(folder, emit, out, err);
        if (written == ExitCode.OK && rollout.state().isPresent()) {
          recordRollout(rolloutFile, rollout, recorded, err);
        }
        return written;
      } finally {
        SafeFolder.removeIfEmpty(created); // only when nothing was written
      }
    } catch (OutputException e) {
      err.println("fleet: " + e.getMessage());
      return e.exitCode();
    } catch (IOException e) {
      err.println("fleet: " + output + ": " + OutputException.reason(e));
      return ExitCode.IO_ERROR;
    }
  }

  /** Records the rollout state beside the fleet file once the output is written. */
  private static void recordRollout(
      RolloutFile file,
      RolloutEngine.Step rollout,
      Optional<RolloutState> recorded,
      PrintWriter err)
      throws IOException {
    file.write(rollout.state().orElseThrow(), recorded);
    if (rollout.started()) {
      err.println(
          "fleet: rollout started; promoted "
              + (rollout.promoted().isEmpty()
                  ? "nothing yet (the first wave needs approval)"
                  : String.join(", ", rollout.promoted()))
              + "; the other clusters keep their version until 'fleet rollout next' ("
              + file.path()
              + ")");
    }
  }

  /**
   * What to emit.
   *
   * @param only the clusters named with {@code --cluster}, or {@code null} for all
   */
  private record Emit(
      Fleet fleet, Set<String> declared, Set<String> only, Predicate<Cluster> selected) {

    boolean partial() {
      return only != null;
    }

    /** Clusters whose previous lock entries a partial compile keeps. */
    boolean keeps(String name) {
      return partial() && !only.contains(name) && declared.contains(name);
    }
  }

  /** What a streamed compile found: the emitted fleet and the comparison with the folder. */
  private record Compared(StreamedFleet fleet, StagedCompile.Outcome outcome) {}

  /**
   * Emits the fleet into {@code staged} cluster by cluster, then adds the fleet's files and the
   * lock (with the entries of the clusters a partial compile keeps) and finishes.
   */
  private static Compared compare(OutputTree tree, Emit emit, boolean write, boolean force)
      throws OutputException {
    Optional<OutputTree.PreviousLock> previous = tree.previousLock(emit::keeps);
    Set<String> owned = previous.map(OutputTree.PreviousLock::paths).orElseGet(HashSet::new);
    StagedCompile staged = new StagedCompile(tree.folder(), owned, write, force);
    try {
      StreamedFleet streamed =
          FleetEmitter.standard()
              .emit(
                  emit.fleet(),
                  emit.selected(),
                  Version.generator(),
                  new ClusterSink<OutputException>() {
                    @Override
                    public void accept(ClusterOutput output) throws OutputException {
                      for (Artifact file : output.artifacts()) {
                        staged.accept(file);
                      }
                    }

                    @Override
                    public void prepare(ClusterOutput output) {
                      staged.prepare(output.artifacts()); // the disk is read on the emit threads
                    }
                  });
      Lock lock = streamed.lock();
      Set<String> kept = Set.of();
      if (emit.partial() && previous.isPresent()) {
        lock = lock.keepingFrom(previous.get().kept(), emit.declared());
        kept = new HashSet<>(previous.get().kept().paths());
      }
      return new Compared(streamed, staged.finish(streamed.fleetFiles(), lock, kept));
    } catch (OutputException | RuntimeException e) {
      staged.abort(e);
      throw e;
    }
  }

  private String commandLine() {
    return "fleet compile " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }

  /** {@code --check}: writes nothing, never calls a half-written folder up to date. */
  private int check(SafeFolder folder, Emit emit, PrintWriter out, PrintWriter err)
      throws IOException {
    FolderLock.checkNotHeld(folder);
    OutputTree tree = new OutputTree(folder);
    String interruption = tree.interruption();
    if (interruption != null) {
      err.println("fleet: " + interruption);
      return ExitCode.STALE;
    }
    StagedCompile.Outcome outcome = compare(tree, emit, false, false).outcome();
    if (outcome.upToDate()) {
      out.println(output + " is up to date");
      return ExitCode.OK;
    }
    err.println(output + " is out of date; run 'fleet compile' again. Stale files:");
    outcome.changed().stream().sorted().forEach(p -> err.println("  changed  " + p));
    outcome.prune().forEach(p -> err.println("  removed  " + p));
    return ExitCode.STALE;
  }

  private int write(SafeFolder folder, Emit emit, PrintWriter out, PrintWriter err)
      throws IOException {
    Compared compared = compare(new OutputTree(folder), emit, true, force);
    StagedCompile.Outcome outcome = compared.outcome();
    if (!outcome.foreign().isEmpty() && !force) {
      err.println("fleet: these files exist in " + output + " but fleetc did not write them:");
      outcome.foreign().forEach(p -> err.println("  " + p));
      err.println("Move them away, or pass --force to overwrite them. Nothing was written.");
      return ExitCode.IO_ERROR;
    }
    int clusterCount = compared.fleet().clusters();
    int written = outcome.written();
    out.printf(
        "compiled %d cluster%s into %s: %d file%s written, %d unchanged, %d removed%n",
        clusterCount,
        clusterCount == 1 ? "" : "s",
        output,
        written,
        written == 1 ? "" : "s",
        outcome.unchanged(),
        outcome.prune().size());
    return ExitCode.OK;
  }
}
