package dev.fleetc.cli.publish;

import dev.fleetc.cli.ExitCode;
import dev.fleetc.cli.output.OutputException;
import dev.fleetc.cli.output.SafeFolder;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.LockReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The clusters of a compiled folder and the files of each one's GitOps path, as its lock lists
 * them: read through {@link SafeFolder} (no link followed) and checked against the lock's sha256,
 * so a folder edited since the compile is refused rather than published.
 */
record ClusterContent(String name, SortedMap<String, byte[]> files, FluxArtifact.Format format) {

  static final String LOCK = "fleet.lock.json";

  /** The clusters that have a GitOps path, in lock order. */
  static List<Lock.LockCluster> clusters(SafeFolder folder) throws OutputException {
    var attributes = folder.inspectFile(LOCK);
    if (attributes != null && attributes.size() > LockReader.MAX_BYTES) {
      throw new OutputException(
          ExitCode.IO_ERROR,
          folder.show(LOCK) + ": larger than " + LockReader.MAX_BYTES / (1024 * 1024) + " MiB");
    }
    byte[] lock = folder.readFile(LOCK);
    List<Lock.LockCluster> clusters = new ArrayList<>();
    try {
      LockReader.read(
          new StringReader(new String(lock, StandardCharsets.UTF_8)),
          dev.fleetc.cli.output.OutputTree.parts(folder),
          cluster -> {
            if (cluster.gitopsPath() != null) {
              clusters.add(cluster);
            }
          });
    } catch (LockReader.InvalidLockException e) {
      throw new OutputException(
          ExitCode.IO_ERROR, folder.show(e.file()) + ": not a fleetc lock: " + detail(e));
    } catch (IOException e) {
      throw new OutputException(
          ExitCode.IO_ERROR, folder.show(LOCK) + ": " + OutputException.reason(e));
    }
    return clusters;
  }

  /** The problem without the part's name, which the message shows as a path of the folder. */
  private static String detail(LockReader.InvalidLockException e) {
    String message = e.getMessage();
    return e.file().equals(LOCK) ? message : message.substring(e.file().length() + 2);
  }

  /** Reads one cluster's files below its GitOps path. */
  static ClusterContent read(SafeFolder folder, Lock.LockCluster cluster) throws OutputException {
    String prefix = cluster.gitopsPath() + "/";
    SortedMap<String, byte[]> files = new TreeMap<>();
    // The lock's kinds say which engine reads the path: Argo CD's files are of kind argocd.
    FluxArtifact.Format format = FluxArtifact.Format.FLUX;
    for (Lock.LockArtifact artifact : cluster.artifacts()) {
      if (!artifact.path().startsWith(prefix)) {
        continue;
      }
      if ("argocd".equals(artifact.kind())) {
        format = FluxArtifact.Format.ARGOCD;
      }
      byte[] bytes = folder.readFile(artifact.path());
      if (!sha256(bytes).equals(artifact.sha256())) {
        throw new OutputException(
            ExitCode.STALE,
            folder.show(artifact.path())
                + " differs from the lock: compile again before publishing. Nothing was published"
                + " for cluster "
                + cluster.name()
                + ".");
      }
      files.put(artifact.path().substring(prefix.length()), bytes);
    }
    return new ClusterContent(cluster.name(), files, format);
  }

  private static String sha256(byte[] bytes) {
    return FluxArtifact.digest(bytes).substring("sha256:".length());
  }
}
