package dev.fleetc.cli;

import dev.fleetc.cli.preflight.PostgresPreflight;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Fleet;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet preflight CLUSTER}: checks a cluster's external datastore before any install. */
@Command(
    name = "preflight",
    mixinStandardHelpOptions = true,
    description = {
      "Check a cluster's external PostgreSQL datastore before any node is installed: the"
          + " endpoint (read from its env: or file: reference), reachability, TLS as declared,"
          + " server version, and that the role can create and use kine's table (in a"
          + " transaction that is rolled back). No secret is printed.",
      "Exit codes: 10 reference unreadable, 11 endpoint malformed, 12 unreachable, 13 TLS,"
          + " 14 authentication, 15 database missing, 16 privileges, 17 other server error."
    })
final class PreflightCommand implements Callable<Integer> {

  @Spec CommandSpec spec;
  @Mixin FleetInput input;

  @Parameters(arity = "0..*", paramLabel = "CLUSTER", description = "The clusters to check.")
  List<String> clusterNames = new ArrayList<>();

  @Option(names = "--all", description = "Check every cluster that has an external datastore.")
  boolean all;

  @Option(
      names = "--timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      converter = Seconds.Timeout.class,
      description = "Connect timeout, 1 to 600 (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (all == !clusterNames.isEmpty()) {
      err.println("fleet: name the clusters to check, or pass --all (not both)");
      return ExitCode.USAGE;
    }
    Fleet fleet;
    try {
      FleetInput.Loaded loaded = FleetInput.load(input.path(null), err);
      if (loaded.result().hasErrors()) {
        return ExitCode.INVALID;
      }
      fleet = loaded.result().fleet().orElseThrow();
    } catch (FleetInput.InputException e) {
      err.println("fleet: " + e.getMessage());
      return e.exitCode;
    }
    List<Cluster> selected = new ArrayList<>();
    if (all) {
      fleet.clusters().stream()
          .filter(PreflightCommand::hasExternalDatastore)
          .forEach(selected::add);
      if (selected.isEmpty()) {
        out.println("no cluster of fleet '" + fleet.name() + "' has an external datastore");
        return ExitCode.OK;
      }
    } else {
      List<String> names = fleet.clusters().stream().map(Cluster::name).toList();
      for (String name : clusterNames) {
        Optional<Cluster> cluster = fleet.cluster(name);
        if (cluster.isEmpty()) {
          err.println(
              "fleet: no cluster named '"
                  + name
                  + "'"
                  + Suggestions.didYouMean(name, names).map(hint -> "; " + hint).orElse(""));
          return ExitCode.USAGE;
        }
        if (!hasExternalDatastore(cluster.get())) {
          err.println(
              "fleet: cluster '"
                  + name
                  + "' keeps its state in "
                  + cluster.get().datastore().type().id()
                  + " on its own nodes: there is no external datastore to check");
          return ExitCode.USAGE;
        }
        selected.add(cluster.get());
      }
    }
    PostgresPreflight preflight = new PostgresPreflight(timeoutSeconds, System::getenv);
    int exitCode = ExitCode.OK;
    for (Cluster cluster : selected) {
      PostgresPreflight.Report report = preflight.check(cluster.datastore().endpoint());
      out.printf(
          "preflight %s (%s, datastore postgres)%n", cluster.name(), cluster.distribution().id());
      for (PostgresPreflight.Line line : report.lines()) {
        out.printf("  %-16s %-7s %s%n", line.check(), line.status().word(), line.text());
      }
      if (report.failure().isPresent()) {
        err.printf(
            "fleet: preflight of %s failed: %s (exit %d)%n",
            cluster.name(), report.failure().get().summary(), report.failure().get().exitCode());
        if (exitCode == ExitCode.OK) {
          exitCode = report.failure().get().exitCode();
        }
      } else {
        out.printf("ok: %s's datastore is ready for kine%n", cluster.name());
      }
    }
    out.flush();
    err.flush();
    return exitCode;
  }

  private static boolean hasExternalDatastore(Cluster cluster) {
    return cluster.datastore().type() == DatastoreType.POSTGRES
        && cluster.datastore().endpoint() != null;
  }
}
