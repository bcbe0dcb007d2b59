package dev.fleetc.cli;

import dev.fleetc.model.Cluster;
import dev.fleetc.plan.ChangeClass;
import dev.fleetc.plan.ClusterPlan;
import dev.fleetc.plan.FileChange;
import dev.fleetc.plan.Plan;
import dev.fleetc.plan.PlanJson;
import dev.fleetc.plan.PlanMarkdown;
import dev.fleetc.plan.PlanText;
import dev.fleetc.plan.Planner;
import dev.fleetc.plan.Revision;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet diff OLD NEW}: what a fleet change does to each cluster. */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Show what changing the fleet from OLD to NEW does to each cluster: create, destroy,"
          + " replace, upgrade, add-node, remove-node, reconfigure or gitops, with the nodes and"
          + " generated files each change touches. See docs/diff.md.",
      "OLD and NEW are each a fleet file, a compiled output folder (read through its"
          + " fleet.lock.json), or REV:path in git, e.g. origin/main:fleet.yaml.",
      "Exit: 0 no changes, 2 changes, 1 an error or a class named by --fail-on is present."
    })
final class DiffCommand implements Callable<Integer> {

  /** Accepted by {@code --fail-on} besides the class names. */
  static final String NOT_ALLOWED = "not-allowed";

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "OLD", description = "The revision before the change.")
  String before;

  @Parameters(index = "1", paramLabel = "NEW", description = "The revision after the change.")
  String after;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text (default), markdown (a pull-request comment) or json (formatVersion 1).")
  String format;

  @Option(
      names = {"-u", "--unified"},
      description = "Also show a unified diff of the generated files.")
  boolean unified;

  @Option(
      names = "--fail-on",
      split = ",",
      paramLabel = "CLASS",
      description =
          "Exit 1 when the plan has a change of this class (repeatable or comma-separated):"
              + " replace, destroy, create, upgrade, remove-node, add-node, reconfigure, gitops,"
              + " or not-allowed (a change flagged as not allowed).")
  List<String> failOn = new ArrayList<>();

  @Option(
      names = "--color",
      defaultValue = "auto",
      paramLabel = "WHEN",
      description = "auto (default: on a terminal unless NO_COLOR is set), always or never.")
  String color;

  @Option(
      names = "--published",
      paramLabel = "FILE",
      description =
          "The fleet.publish.json of the last fleet publish: after the plan, say which clusters'"
              + " OCI artifacts the new side changes (text and markdown).")
  java.nio.file.Path published;

  @Option(
      names = "--wait",
      paramLabel = "SECONDS",
      defaultValue = "0",
      converter = Seconds.Wait.class,
      description =
          "When a compile holds an output folder side, wait up to SECONDS for it (default: 0,"
              + " exit 1 at once naming it; at most 86400).")
  long waitSeconds;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description =
          "Where REV:path sides are read from: the git repository containing DIR"
              + " (default: the current folder).")
  Path repo = Path.of(".");

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!List.of("text", "markdown", "json").contains(format)) {
      err.println("fleet: --format must be text, markdown or json");
      return ExitCode.USAGE;
    }
    if (!List.of("auto", "always", "never").contains(color)) {
      err.println("fleet: --color must be auto, always or never");
      return ExitCode.USAGE;
    }
    for (String name : failOn) {
      if (!name.equals(NOT_ALLOWED) && ChangeClass.fromId(name).isEmpty()) {
        err.println("fleet: --fail-on: unknown class '" + name + "'");
        return ExitCode.USAGE;
      }
    }
    // The two sides are read and compiled at the same time; their messages are printed in order.
    CompletableFuture<Loaded> oldSide = CompletableFuture.supplyAsync(() -> load(before));
    Loaded newSide = load(after);
    Loaded oldLoaded = oldSide.join();
    for (Loaded side : List.of(oldLoaded, newSide)) {
      err.print(side.messages());
      if (side.failure() != null) {
        err.println("fleet: " + side.failure().getMessage());
        return ExitCode.INVALID;
      }
    }
    dev.fleetc.cli.publish.PublishRecord record = null;
    if (published != null) {
      try {
        record = StatusCommand.readPublished(published);
      } catch (IOException | IllegalArgumentException e) {
        err.println("fleet: " + published + ": " + e.getMessage());
        return ExitCode.IO_ERROR;
      }
    }
    // An artifact's digest needs every file of the cluster's path on the new side.
    Predicate<String> emit =
        record != null ? name -> true : clustersToEmit(oldLoaded.side(), newSide.side());
    CompletableFuture<Revision> oldRevision =
        CompletableFuture.supplyAsync(() -> oldLoaded.side().revision(emit));
    Revision now = newSide.side().revision(emit);
    Revision old = oldRevision.join();
    Plan plan = Planner.plan(old, now);
    String unifiedDiff = unified ? unifiedDiff(plan, old, now) : null;
    switch (format) {
      case "json" -> out.print(PlanJson.render(plan, unifiedDiff));
      case "markdown" -> {
        out.print(PlanMarkdown.render(plan));
        if (unifiedDiff != null && !unifiedDiff.isEmpty()) {
          // A fence no line of the diff can close, whatever backticks the files hold.
          String fence = PlanMarkdown.fence(unifiedDiff);
          out.print(
              "\n<details><summary>Generated files</summary>\n\n"
                  + fence
                  + "diff\n"
                  + unifiedDiff
                  + fence
                  + "\n\n</details>\n");
        }
      }
      default -> {
        out.print(new PlanText(useColor()).render(plan));
        if (unifiedDiff != null) {
          out.print(unifiedDiff);
        }
      }
    }
    if (record != null && !format.equals("json")) {
      out.println();
      out.println(dev.fleetc.cli.publish.ArtifactChanges.of(now, record).summary());
    }
    out.flush();
    List<String> failed = failures(plan);
    if (!failed.isEmpty()) {
      err.println("fleet: the plan has " + String.join(", ", failed) + " (--fail-on)");
      return ExitCode.INVALID;
    }
    return plan.isEmpty() ? ExitCode.OK : ExitCode.CHANGES;
  }

  /** One side as loaded on its own thread: what it printed, and the side or why it failed. */
  private record Loaded(DiffSide.Side side, String messages, DiffSide.SideException failure) {}

  private Loaded load(String spec) {
    StringWriter messages = new StringWriter();
    PrintWriter err = new PrintWriter(messages);
    try {
      DiffSide.Side side =
          DiffSide.load(spec, repo, java.time.Duration.ofSeconds(waitSeconds), err);
      err.flush();
      return new Loaded(side, messages.toString(), null);
    } catch (DiffSide.SideException e) {
      err.flush();
      return new Loaded(null, messages.toString(), e);
    }
  }

  /**
   * Emitting is the expensive part, and emitters are pure functions of the resolved cluster: when
   * both sides are fleets, a cluster whose model is the same on both sides (source positions aside)
   * has the same files, so only the others are emitted. A folder side needs every file. Without
   * {@code -u} nothing else needs the content.
   */
  private static Predicate<String> clustersToEmit(DiffSide.Side old, DiffSide.Side now) {
    if (old.fleet() == null || now.fleet() == null) {
      return name -> true;
    }
    Map<String, Cluster> before = new HashMap<>();
    old.fleet().clusters().forEach(c -> before.put(c.name(), withoutPositions(c)));
    Set<String> differing = new HashSet<>();
    for (Cluster c : now.fleet().clusters()) {
      if (!withoutPositions(c).equals(before.remove(c.name()))) {
        differing.add(c.name());
      }
    }
    differing.addAll(before.keySet());
    return differing::contains;
  }

  private static Cluster withoutPositions(Cluster c) {
    return c.withProvenance(Map.of());
  }

  private List<String> failures(Plan plan) {
    List<String> failed = new ArrayList<>();
    for (String name : failOn) {
      boolean present =
          name.equals(NOT_ALLOWED)
              ? plan.hasNotAllowed()
              : plan.has(ChangeClass.fromId(name).orElseThrow());
      if (present) {
        failed.add(name.equals(NOT_ALLOWED) ? "changes that are not allowed" : name + " changes");
      }
    }
    return failed;
  }

  private boolean useColor() {
    return switch (color) {
      case "always" -> true;
      case "never" -> false;
      default -> {
        String noColor = System.getenv("NO_COLOR");
        yield System.console() != null && (noColor == null || noColor.isEmpty());
      }
    };
  }

  /** git-style unified diff of every generated file that differs, in plan order. */
  static String unifiedDiff(Plan plan, Revision old, Revision now) {
    StringBuilder text = new StringBuilder();
    for (ClusterPlan cluster : plan.clusters()) {
      for (FileChange file : cluster.files()) {
        String a = old.content().apply(file.path()).orElse("");
        String b = now.content().apply(file.path()).orElse("");
        text.append("--- ")
            .append(file.status() == FileChange.Status.ADDED ? "/dev/null" : "a/" + file.path())
            .append('\n')
            .append("+++ ")
            .append(file.status() == FileChange.Status.REMOVED ? "/dev/null" : "b/" + file.path())
            .append('\n')
            .append(hunks(a, b));
      }
    }
    return text.toString();
  }

  private static String hunks(String a, String b) {
    RawText left = new RawText(a.getBytes(StandardCharsets.UTF_8));
    RawText right = new RawText(b.getBytes(StandardCharsets.UTF_8));
    EditList edits =
        DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
            .diff(RawTextComparator.DEFAULT, left, right);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(buffer)) {
      formatter.format(edits, left, right);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
