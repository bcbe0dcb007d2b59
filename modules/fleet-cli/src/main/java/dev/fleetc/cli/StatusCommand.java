package dev.fleetc.cli;

import dev.fleetc.cli.publish.PublishRecord;
import dev.fleetc.cli.status.ClusterStatus;
import dev.fleetc.cli.status.Expectation;
import dev.fleetc.cli.status.FleetStatus;
import dev.fleetc.cli.status.Kubeconfig;
import dev.fleetc.cli.status.StatusReport;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet status [CLUSTER...]}: what each cluster runs now, against what the fleet says. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "Read each cluster through its kubeconfig context and compare it with the fleet: nodes"
          + " (Ready, cordoned, kubelet version, missing, unexpected), system-upgrade-controller"
          + " Plans and Jobs, and Flux or Argo CD (health, applied revision). An unreachable"
          + " cluster is reported (timeout, refused, TLS...), never an error.",
      "Exit codes: 0 every cluster converged, 2 some not yet (or drifted, or unreachable),"
          + " 1 an error or --fail-on matched."
    })
final class StatusCommand implements Callable<Integer> {

  enum Format {
    text,
    json
  }

  enum FailOn {
    unhealthy,
    drift
  }

  @Spec CommandSpec spec;
  @Mixin FleetInput input;

  @Parameters(arity = "0..*", paramLabel = "CLUSTER", description = "The clusters (default: all).")
  List<String> clusterNames = new ArrayList<>();

  @Option(
      names = "--kubeconfig",
      paramLabel = "FILE",
      description = "The kubeconfig (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(
      names = "--context-pattern",
      defaultValue = "{cluster}",
      paramLabel = "PATTERN",
      description =
          "The context of each cluster; {cluster} is its name (default: ${DEFAULT-VALUE}).")
  String contextPattern;

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description = "text (default) or json (formatVersion 1).")
  Format format;

  @Option(
      names = "--fail-on",
      paramLabel = "WHAT",
      description =
          "Exit 1 when a cluster is unhealthy (unreachable, a node NotReady, a failed upgrade,"
              + " GitOps failing), or with drift when any cluster is not converged.")
  FailOn failOn;

  @Option(
      names = "--revision",
      paramLabel = "COMMIT",
      description =
          "The commit GitOps should have applied (default: HEAD of the git repository holding"
              + " the fleet file; none outside git).")
  String revision;

  @Option(
      names = "--published",
      paramLabel = "FILE",
      description =
          "The fleet.publish.json of the last fleet publish: clusters with gitops.source: oci are"
              + " held to the artifact digest it records (none compared without it).")
  Path published;

  @Option(
      names = "--timeout",
      defaultValue = "5",
      paramLabel = "SECONDS",
      description = "Connect and request timeout per cluster (default: ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Option(
      names = "--concurrency",
      defaultValue = "32",
      paramLabel = "N",
      description = "Clusters probed at once (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (timeoutSeconds < 1 || timeoutSeconds > 600) {
      err.println("fleet: --timeout must be from 1 to 600 seconds");
      return ExitCode.USAGE;
    }
    if (concurrency < 1 || concurrency > 1024) {
      err.println("fleet: --concurrency must be from 1 to 1024");
      return ExitCode.USAGE;
    }
    if (!contextPattern.contains("{cluster}") && clusterNames.size() != 1) {
      err.println("fleet: --context-pattern must contain {cluster} unless one cluster is named");
      return ExitCode.USAGE;
    }
    Path fleetFile = input.path(null);
    Fleet fleet;
    try {
      FleetInput.Loaded loaded = FleetInput.load(fleetFile, err);
      if (loaded.result().hasErrors()) {
        return ExitCode.INVALID;
      }
      fleet = loaded.result().fleet().orElseThrow();
      if (fleet.rolloutIfAny().isPresent()) {
        // The nodes should run the effective version: what the lock records, from the rollout
        // state beside the fleet file (read, never written here).
        fleet =
            dev.fleetc.compiler.upgrades.RolloutEngine.compile(
                    fleet, RolloutFile.beside(fleetFile).read(), java.time.Instant.now())
                .fleet();
      }
    } catch (FleetInput.InputException e) {
      err.println("fleet: " + e.getMessage());
      return e.exitCode;
    }
    List<Cluster> selected = new ArrayList<>();
    if (clusterNames.isEmpty()) {
      selected.addAll(fleet.clusters());
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
        selected.add(cluster.get());
      }
    }
    String expectedRevision = revision != null ? revision : headOf(fleetFile);
    dev.fleetc.model.Rollout rollout = fleet.rolloutIfAny().orElse(null);
    PublishRecord record = null;
    if (published != null) {
      try {
        record = readPublished(published);
      } catch (IOException | IllegalArgumentException e) {
        // Printed through FleetCommand's terminal escaper, like every message.
        err.println("fleet: " + published + ": " + e.getMessage());
        return ExitCode.IO_ERROR;
      }
    }
    PublishRecord artifacts = record;
    List<Expectation> expectations =
        selected.stream()
            .map(c -> Expectation.of(c, expectedRevision, publishedDigest(artifacts, c), rollout))
            .toList();
    Kubeconfig contexts;
    List<Path> files =
        Kubeconfig.files(kubeconfig, System.getenv("KUBECONFIG"), System.getProperty("user.home"));
    try {
      contexts = Kubeconfig.read(files);
    } catch (IllegalArgumentException e) {
      err.println("fleet: " + e.getMessage());
      return ExitCode.IO_ERROR;
    }
    List<ClusterStatus> statuses =
        FleetStatus.probe(expectations, contexts, contextPattern, timeoutSeconds, concurrency);
    out.print(format == Format.json ? StatusReport.json(statuses) : StatusReport.text(statuses));
    out.flush();
    boolean unhealthy = statuses.stream().anyMatch(ClusterStatus::unhealthy);
    boolean converged = statuses.stream().allMatch(ClusterStatus::converged);
    if (failOn == FailOn.unhealthy && unhealthy || failOn == FailOn.drift && !converged) {
      return ExitCode.INVALID;
    }
    return converged ? ExitCode.OK : ExitCode.CHANGES;
  }

  /** Largest fleet.publish.json read: a digest line per cluster, far below this at 100,000. */
  static final long MAX_PUBLISHED_BYTES = 64L * 1024 * 1024;

  /** The record, read as untrusted input: a regular file (no link), bounded, parsed strictly. */
  static PublishRecord readPublished(Path file) throws IOException {
    var attributes =
        java.nio.file.Files.readAttributes(
            file,
            java.nio.file.attribute.BasicFileAttributes.class,
            java.nio.file.LinkOption.NOFOLLOW_LINKS);
    if (!attributes.isRegularFile()) {
      throw new IOException("not a regular file");
    }
    if (attributes.size() > MAX_PUBLISHED_BYTES) {
      throw new IOException("larger than " + MAX_PUBLISHED_BYTES / (1024 * 1024) + " MiB");
    }
    return PublishRecord.parse(
        java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * The digest recorded for the cluster's artifact: only when the record is of the registry path
   * and tag the cluster pulls, so a record of another destination never passes for this one.
   */
  static String publishedDigest(PublishRecord record, Cluster cluster) {
    if (record == null || cluster.gitops() == null || !cluster.gitops().fromOci()) {
      return null;
    }
    var registry = cluster.gitops().registry();
    if (!record.to().equals(registry.url()) || !record.tag().equals(registry.tag())) {
      return null;
    }
    return record.digests().get(cluster.name());
  }

  /** HEAD of the git repository that holds the fleet file, or {@code null} outside git. */
  static String headOf(Path fleetFile) {
    Path folder = fleetFile.toAbsolutePath().getParent();
    FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment();
    builder.findGitDir(folder.toFile());
    if (builder.getGitDir() == null) {
      return null;
    }
    try (Repository repository = builder.build()) {
      ObjectId head = repository.resolve("HEAD");
      return head == null ? null : head.name();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
