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

  /**
   * The clusters of a lock that have a GitOps path, in lock order, and the lock's fleet-wide files
   * (among them the shared folders' files those clusters' paths reference).
   */
  record Listed(List<Lock.LockCluster> clusters, List<Lock.LockArtifact> fleetFiles) {}

  /** The clusters that have a GitOps path, in lock order. */
  static List<Lock.LockCluster> clusters(SafeFolder folder) throws OutputException {
    return list(folder).clusters();
  }

  /** The clusters that have a GitOps path and the lock's fleet-wide files. */
  static Listed list(SafeFolder folder) throws OutputException {
    var attributes = folder.inspectFile(LOCK);
    if (attributes != null && attributes.size() > LockReader.MAX_BYTES) {
      throw new OutputException(
          ExitCode.IO_ERROR,
          folder.show(LOCK) + ": larger than " + LockReader.MAX_BYTES / (1024 * 1024) + " MiB");
    }
    byte[] lock = folder.readFile(LOCK);
    List<Lock.LockCluster> clusters = new ArrayList<>();
    LockReader.Header header;
    try {
      header =
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
    return new Listed(clusters, header.lock().files());
  }

  /** The problem without the part's name, which the message shows as a path of the folder. */
  private static String detail(LockReader.InvalidLockException e) {
    String message = e.getMessage();
    return e.file().equals(LOCK) ? message : message.substring(e.file().length() + 2);
  }

  /**
   * The name of a file of the output tree in a cluster's artifact: relative to its GitOps path,
   * whose folder is the artifact's root; or, when the path references shared folders ({@code
   * withShared}), the file's own path: the artifact then holds the GitOps path and those folders at
   * their places in the output tree, so the path's relative references to them resolve inside it
   * (the cluster's Kustomizations and Application name the path as they do from Git).
   */
  static String entryName(String gitopsPath, boolean withShared, String path) {
    return withShared ? path : path.substring(gitopsPath.length() + 1);
  }

  /** Reads one cluster's files below its GitOps path (and of the shared folders it uses). */
  static ClusterContent read(SafeFolder folder, Lock.LockCluster cluster) throws OutputException {
    return read(folder, cluster, List.of());
  }

  /**
   * Reads one cluster's files below its GitOps path and, from {@code fleetFiles} (the lock's), the
   * files of the shared folders the cluster's entry names.
   */
  static ClusterContent read(
      SafeFolder folder, Lock.LockCluster cluster, List<Lock.LockArtifact> fleetFiles)
      throws OutputException {
    String prefix = cluster.gitopsPath() + "/";
    boolean withShared = !cluster.shared().isEmpty();
    List<Lock.LockArtifact> listed = new ArrayList<>();
    for (Lock.LockArtifact artifact : cluster.artifacts()) {
      if (artifact.path().startsWith(prefix)) {
        listed.add(artifact);
      }
    }
    for (String shared : cluster.shared()) {
      List<Lock.LockArtifact> in =
          fleetFiles.stream().filter(f -> f.path().startsWith(shared + "/")).toList();
      if (in.isEmpty()) {
        throw new OutputException(
            ExitCode.IO_ERROR,
            folder.show(LOCK)
                + ": cluster "
                + cluster.name()
                + " uses the shared folder "
                + shared
                + ", of which the lock lists no file. Nothing was published for it.");
      }
      listed.addAll(in);
    }
    SortedMap<String, byte[]> files = new TreeMap<>();
    // The lock's kinds say which engine reads the path: Argo CD's files are of kind argocd.
    FluxArtifact.Format format = FluxArtifact.Format.FLUX;
    for (Lock.LockArtifact artifact : listed) {
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
      files.put(entryName(cluster.gitopsPath(), withShared, artifact.path()), bytes);
    }
    return new ClusterContent(cluster.name(), files, format);
  }

  private static String sha256(byte[] bytes) {
    return FluxArtifact.digest(bytes).substring("sha256:".length());
  }
}
