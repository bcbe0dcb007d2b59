package dev.fleetc.cli;

import dev.fleetc.cli.output.FolderLock;
import dev.fleetc.cli.output.OutputException;
import dev.fleetc.cli.output.OutputTree;
import dev.fleetc.cli.output.SafeFolder;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
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
      names = "--force",
      description = "Overwrite files in DIR that fleetc did not write (it refuses by default).")
  boolean force;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "0",
      description =
          "When another compile holds DIR, wait up to SECONDS for it (default: 0, exit 5 at once).")
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
    Fleet fleet = loaded.result().fleet().orElseThrow();
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
    FleetEmitter emitter = FleetEmitter.standard();
    CompiledFleet compiled =
        emitter.emit(fleet, c -> selected.contains(c.name()), Version.generator());
    if (waitSeconds < 0) {
      err.println("fleet: --wait must be 0 or more seconds");
      return ExitCode.USAGE;
    }
    try {
      SafeFolder folder = SafeFolder.of(output);
      if (check) {
        return check(folder, compiled, declared, out, err);
      }
      List<Path> created = folder.create();
      try (FolderLock lock =
          FolderLock.acquire(folder, commandLine(), Duration.ofSeconds(waitSeconds))) {
        String repaired = new OutputTree(folder).repair();
        if (repaired != null) {
          err.println("fleet: " + output + ": " + repaired);
        }
        return write(folder, compiled, declared, clusters != null, out, err);
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

  private String commandLine() {
    return "fleet compile " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }

  /** {@code --check}: writes nothing, never calls a half-written folder up to date. */
  private int check(
      SafeFolder folder,
      CompiledFleet compiled,
      Set<String> declared,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    FolderLock.checkNotHeld(folder);
    OutputTree tree = new OutputTree(folder);
    String interruption = tree.interruption();
    if (interruption != null) {
      err.println("fleet: " + interruption);
      return ExitCode.STALE;
    }
    OutputTree.Changes changes = plan(tree, compiled, declared, clusters != null);
    if (changes.isEmpty()) {
      out.println(output + " is up to date");
      return ExitCode.OK;
    }
    err.println(output + " is out of date; run 'fleet compile' again. Stale files:");
    changes.write().keySet().stream().sorted().forEach(p -> err.println("  changed  " + p));
    changes.prune().forEach(p -> err.println("  removed  " + p));
    return ExitCode.STALE;
  }

  private static OutputTree.Changes plan(
      OutputTree tree, CompiledFleet compiled, Set<String> declared, boolean partial)
      throws IOException {
    Optional<Lock> previous = tree.currentLock();
    Lock lock = compiled.lockModel();
    String lockJson = compiled.lock();
    if (partial && previous.isPresent()) {
      lock = lock.keepingFrom(previous.get(), declared);
      lockJson = lock.toJson();
    }
    List<Artifact> files = new ArrayList<>(compiled.fleetFiles());
    compiled.clusters().forEach(c -> files.addAll(c.artifacts()));
    files.add(Artifact.of(OutputLayout.LOCK_FILE, ArtifactKind.OTHER, lockJson));
    Set<String> owned = new HashSet<>(previous.map(Lock::paths).orElse(List.of()));
    return tree.compare(files, owned, new HashSet<>(lock.paths()));
  }

  private int write(
      SafeFolder folder,
      CompiledFleet compiled,
      Set<String> declared,
      boolean partial,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    OutputTree tree = new OutputTree(folder);
    OutputTree.Changes changes = plan(tree, compiled, declared, partial);
    if (!changes.foreign().isEmpty() && !force) {
      err.println("fleet: these files exist in " + output + " but fleetc did not write them:");
      changes.foreign().forEach(p -> err.println("  " + p));
      err.println("Move them away, or pass --force to overwrite them. Nothing was written.");
      return ExitCode.IO_ERROR;
    }
    tree.apply(changes);
    int written =
        (int)
            changes.write().keySet().stream()
                .filter(p -> !p.equals(OutputLayout.LOCK_FILE))
                .count();
    out.printf(
        "compiled %d cluster%s into %s: %d file%s written, %d unchanged, %d removed%n",
        compiled.clusters().size(),
        compiled.clusters().size() == 1 ? "" : "s",
        output,
        written,
        written == 1 ? "" : "s",
        changes.unchanged().stream().filter(p -> !p.equals(OutputLayout.LOCK_FILE)).count(),
        changes.prune().size());
    return ExitCode.OK;
  }
}
