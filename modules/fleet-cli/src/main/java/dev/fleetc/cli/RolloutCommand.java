package dev.fleetc.cli;

import dev.fleetc.compiler.upgrades.RolloutEngine;
import dev.fleetc.compiler.upgrades.RolloutStateJson;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.Rollout;
import dev.fleetc.model.RolloutState;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fleet rollout status|next|approve WAVE --by NAME|pause|resume}: reads and moves the
 * rollout recorded in {@code fleet.rollout.json}. It changes only that file; {@code fleet compile}
 * then writes the promoted clusters' files at their new version.
 */
@Command(
    name = "rollout",
    mixinStandardHelpOptions = true,
    description =
        "Show or move the rollout recorded in fleet.rollout.json beside the fleet file: status,"
            + " next (promote the next batch once the last one soaked; you assert it is healthy),"
            + " approve WAVE --by NAME, pause, resume. Then run fleet compile.")
final class RolloutCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin FleetInput input;

  @Parameters(
      index = "0",
      paramLabel = "ACTION",
      description = "status, next, approve, pause or resume.")
  String action;

  @Parameters(
      index = "1..*",
      arity = "0..2",
      paramLabel = "[WAVE] [FLEET]",
      description = "approve: the wave; then the fleet file (default: fleet.yaml).")
  java.util.List<String> rest = new java.util.ArrayList<>();

  @Option(names = "--by", paramLabel = "NAME", description = "approve: who approves.")
  String by;

  @Option(
      names = "--now",
      hidden = true,
      paramLabel = "TIME",
      description = "The time to record (UTC); default: now.")
  String now;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    java.util.List<String> args = new java.util.ArrayList<>(rest);
    String wave = null;
    if (action.equals("approve")) {
      if (args.isEmpty() || by == null || !RolloutStateJson.validApprover(by)) {
        err.println("fleet: approve needs the wave and --by NAME (letters, digits and . _ @ + -)");
        return ExitCode.USAGE;
      }
      wave = args.remove(0);
    } else if (!java.util.List.of("status", "next", "pause", "resume").contains(action)) {
      err.println("fleet: rollout ACTION is status, next, approve, pause or resume");
      return ExitCode.USAGE;
    }
    if (args.size() > 1) {
      err.println("fleet: too many arguments");
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
        return ExitCode.STALE;
      }
      RolloutState state = recorded.get();
      if (action.equals("status")) {
        printStatus(current.fleet(), state, out);
        return ExitCode.OK;
      }
      RolloutEngine.Next result =
          switch (action) {
            case "next" -> RolloutEngine.next(declared, state, at);
            case "approve" -> RolloutEngine.approve(state, wave, by, at);
            case "pause" -> RolloutEngine.pause(state, true);
            default -> RolloutEngine.pause(state, false);
          };
      if (result.state().isEmpty()) {
        err.println("fleet: " + result.message());
        return ExitCode.CHANGES; // nothing moved; a CI loop tries again later
      }
      file.write(result.state().get(), recorded);
      out.println(result.message() + "; now run fleet compile");
      return ExitCode.OK;
    } catch (FleetInput.InputException e) {
      err.println("fleet: " + e.getMessage());
      return e.exitCode;
    } catch (IOException e) {
      err.println("fleet: cannot write the rollout state: " + e.getMessage());
      return ExitCode.IO_ERROR;
    }
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
    for (Rollout.Wave wave : rollout.waves()) {
      long changing =
          run.get().clusters().keySet().stream()
              .filter(c -> wave.name().equals(rollout.waveOf().get(c)))
              .count();
      long promoted =
          run.get().clusters().keySet().stream()
              .filter(c -> wave.name().equals(rollout.waveOf().get(c)) && run.get().promoted(c))
              .count();
      out.printf(
          "  %-16s %d of %d promoted%s%n",
          wave.name(),
          promoted,
          changing,
          wave.approval()
              ? run.get().wave(wave.name()).map(w -> w.approvals().isEmpty()).orElse(true)
                  ? ", needs approval"
                  : ", approved"
              : "");
    }
  }
}
