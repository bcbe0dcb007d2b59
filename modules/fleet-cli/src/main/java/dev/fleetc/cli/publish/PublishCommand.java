package dev.fleetc.cli.publish;

import dev.fleetc.cli.ExitCode;
import dev.fleetc.cli.output.OutputException;
import dev.fleetc.cli.output.SafeFolder;
import dev.fleetc.emit.Lock;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fleet publish DIR --to oci://HOST/PATH}: one OCI artifact per cluster, as {@code flux push
 * artifact} makes it, uploaded only when the registry does not hold its digest under the tag. The
 * digests go to {@code fleet.publish.json} in DIR; {@code --check} compares against that file
 * without the network.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description =
        "Push each cluster's GitOps path of a compiled folder as one OCI artifact PATH/<cluster>"
            + " (the format Flux reads). Unchanged clusters upload nothing.")
public final class PublishCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "The compiled folder (holds fleet.lock.json).")
  Path dir;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "oci://HOST[:PORT]/PATH",
      description = "Registry and repository prefix; cluster c goes to PATH/c.")
  String to;

  @Option(names = "--tag", defaultValue = "latest", description = "Tag to set (default: latest).")
  String tag;

  @Option(
      names = "--insecure",
      description = "Plain HTTP and no TLS verification (a local test registry).")
  boolean insecure;

  @Option(
      names = "--concurrency",
      defaultValue = "8",
      description = "Clusters published at once (default: 8).")
  int concurrency;

  @Option(
      names = "--check",
      description =
          "Push nothing: exit 2 and list the clusters whose artifact differs from "
              + PublishRecord.FILE
              + ", 0 when none does.")
  boolean check;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Destination destination;
    try {
      destination = Destination.parse(to);
    } catch (IllegalArgumentException e) {
      err.println("fleet publish: --to " + to + ": " + e.getMessage());
      return ExitCode.USAGE;
    }
    if (!Destination.validTag(tag)) {
      err.println("fleet publish: --tag " + tag + ": not an OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]*)");
      return ExitCode.USAGE;
    }
    if (concurrency < 1 || concurrency > 256) {
      err.println("fleet publish: --concurrency must be between 1 and 256");
      return ExitCode.USAGE;
    }
    try {
      SafeFolder folder = SafeFolder.of(dir);
      ClusterContent.Listed listed = ClusterContent.list(folder);
      List<Lock.LockCluster> clusters = listed.clusters();
      fleetFiles = listed.fleetFiles();
      for (Lock.LockCluster cluster : clusters) {
        if (!Destination.validCluster(cluster.name())) {
          err.println(
              "fleet publish: cluster '"
                  + cluster.name()
                  + "' cannot be an OCI repository name (lower-case letters, digits, . _ -).");
          return ExitCode.INVALID;
        }
      }
      return check
          ? check(folder, destination, clusters, out, err)
          : publish(folder, destination, clusters, out, err);
    } catch (OutputException e) {
      err.println("fleet publish: " + e.getMessage());
      return e.exitCode();
    }
  }

  /** The lock's fleet-wide files: the shared folders' files some clusters' artifacts hold. */
  private List<Lock.LockArtifact> fleetFiles = List.of();

  private int check(
      SafeFolder folder,
      Destination destination,
      List<Lock.LockCluster> clusters,
      PrintWriter out,
      PrintWriter err)
      throws OutputException {
    PublishRecord record = readRecord(folder, err);
    Map<String, String> recorded =
        record != null && record.to().equals(destination.url()) && record.tag().equals(tag)
            ? record.digests()
            : Map.of();
    List<String> changed = new ArrayList<>();
    for (Lock.LockCluster cluster : clusters) {
      ClusterContent content = ClusterContent.read(folder, cluster, fleetFiles);
      String digest = FluxArtifact.of(content.files(), content.format()).manifestDigest();
      if (!digest.equals(recorded.get(cluster.name()))) {
        changed.add(cluster.name());
      }
    }
    for (String name : changed) {
      out.println("changes: " + destination.repository(name) + ":" + tag);
    }
    out.println(
        changed.isEmpty()
            ? "up to date: " + clusters.size() + " artifacts"
            : changed.size() + " of " + clusters.size() + " artifacts change");
    return changed.isEmpty() ? ExitCode.OK : ExitCode.CHANGES;
  }

  private int publish(
      SafeFolder folder,
      Destination destination,
      List<Lock.LockCluster> clusters,
      PrintWriter out,
      PrintWriter err)
      throws OutputException {
    Publisher publisher = new Publisher(destination, tag, insecure);
    AtomicInteger done = new AtomicInteger();
    AtomicInteger uploaded = new AtomicInteger();
    int every = Math.max(1, clusters.size() / 20);
    Map<String, String> digests = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (Lock.LockCluster cluster : clusters) {
        results.add(
            pool.submit(
                () -> {
                  ClusterContent content = ClusterContent.read(folder, cluster, fleetFiles);
                  FluxArtifact artifact = FluxArtifact.of(content.files(), content.format());
                  String digest = artifact.manifestDigest();
                  if (!digest.equals(publisher.current(cluster.name()))) {
                    publisher.push(cluster.name(), artifact);
                    uploaded.incrementAndGet();
                  }
                  int n = done.incrementAndGet();
                  if (clusters.size() >= 20 && (n % every == 0 || n == clusters.size())) {
                    synchronized (err) {
                      err.println(
                          "fleet publish: "
                              + n
                              + "/"
                              + clusters.size()
                              + " clusters ("
                              + uploaded.get()
                              + " uploaded)");
                      err.flush();
                    }
                  }
                  return digest;
                }));
      }
      for (int i = 0; i < clusters.size(); i++) {
        String name = clusters.get(i).name();
        try {
          digests.put(name, results.get(i).get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof OutputException output) {
            throw output;
          }
          failures.add(publisher.reference(name) + ": " + cause.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new OutputException(ExitCode.IO_ERROR, "interrupted");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    // The record lists what the registry now holds: the clusters that failed keep their old entry.
    PublishRecord previous = readRecord(folder, err);
    if (previous != null && previous.to().equals(destination.url()) && previous.tag().equals(tag)) {
      for (String failed : failedNames(clusters, digests)) {
        String old = previous.digests().get(failed);
        if (old != null) {
          digests.put(failed, old);
        }
      }
    }
    writeRecord(folder, new PublishRecord(destination.url(), tag, digests));
    for (String failure : failures) {
      err.println("fleet publish: " + failure);
    }
    out.println(
        "published "
            + clusters.size()
            + " clusters to "
            + destination.url()
            + ": "
            + uploaded.get()
            + " uploaded, "
            + (clusters.size() - uploaded.get() - failures.size())
            + " unchanged"
            + (failures.isEmpty() ? "" : ", " + failures.size() + " failed"));
    return failures.isEmpty() ? ExitCode.OK : ExitCode.IO_ERROR;
  }

  private static List<String> failedNames(
      List<Lock.LockCluster> clusters, Map<String, String> digests) {
    List<String> failed = new ArrayList<>();
    for (Lock.LockCluster cluster : clusters) {
      if (!digests.containsKey(cluster.name())) {
        failed.add(cluster.name());
      }
    }
    return failed;
  }

  /** The record, or null when there is none or it cannot be used (said on stderr). */
  private static PublishRecord readRecord(SafeFolder folder, PrintWriter err)
      throws OutputException {
    if (folder.inspectFile(PublishRecord.FILE) == null) {
      return null;
    }
    try {
      return PublishRecord.parse(
          new String(folder.readFile(PublishRecord.FILE), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      err.println(
          "fleet publish: " + folder.show(PublishRecord.FILE) + " ignored: " + e.getMessage());
      return null;
    }
  }

  /** Replaces the record in one rename; a link in its place is refused by the inspection. */
  private static void writeRecord(SafeFolder folder, PublishRecord record) throws OutputException {
    folder.inspectFile(PublishRecord.FILE);
    Path target = folder.root().resolve(PublishRecord.FILE);
    Path temporary = folder.root().resolve(".fleetc-publish.tmp");
    try {
      Files.deleteIfExists(temporary);
      Files.writeString(temporary, record.toJson(), StandardCharsets.UTF_8);
      Files.move(
          temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new OutputException(
          ExitCode.IO_ERROR, folder.show(PublishRecord.FILE) + ": " + OutputException.reason(e));
    }
  }
}
