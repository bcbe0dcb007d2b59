package dev.fleetc.cli.publish;

import dev.fleetc.plan.ClusterState;
import dev.fleetc.plan.Revision;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which clusters' artifacts a revision changes against what {@code fleet publish} recorded: the
 * digest of each cluster's GitOps path, computed as {@code fleet publish} computes it, compared
 * with {@code fleet.publish.json}. Used by {@code fleet diff --published}.
 *
 * @param changed clusters whose artifact differs from the record, or that the record lacks
 * @param unchanged how many artifacts the record already holds as they are
 * @param dropped clusters the record lists that the revision no longer has a GitOps path for
 */
public record ArtifactChanges(List<String> changed, int unchanged, List<String> dropped) {

  public static ArtifactChanges of(Revision revision, PublishRecord record) {
    List<String> changed = new ArrayList<>();
    int unchanged = 0;
    TreeMap<String, String> left = new TreeMap<>(record.digests());
    for (ClusterState cluster : revision.clusters().values()) {
      if (cluster.gitopsPath() == null) {
        continue;
      }
      Optional<String> digest = digest(revision, cluster);
      if (digest.isEmpty()) {
        continue; // the side has no files for it (no emitter): nothing to say
      }
      String recorded = left.remove(cluster.name());
      if (digest.get().equals(recorded)) {
        unchanged++;
      } else {
        changed.add(cluster.name());
      }
    }
    changed.sort(null);
    return new ArtifactChanges(List.copyOf(changed), unchanged, List.copyOf(left.keySet()));
  }

  private static Optional<String> digest(Revision revision, ClusterState cluster) {
    String prefix = cluster.gitopsPath() + "/";
    // The revision lists a shared folder's files among the clusters that use them (Revision).
    boolean withShared =
        cluster.files().keySet().stream().anyMatch(dev.fleetc.emit.OutputLayout::isShared);
    SortedMap<String, byte[]> files = new TreeMap<>();
    FluxArtifact.Format format = FluxArtifact.Format.FLUX;
    for (ClusterState.FileState file : cluster.files().values()) {
      if (!file.path().startsWith(prefix) && !dev.fleetc.emit.OutputLayout.isShared(file.path())) {
        continue;
      }
      Optional<String> text = revision.content().apply(file.path());
      if (text.isEmpty()) {
        return Optional.empty();
      }
      if ("argocd".equals(file.kind())) {
        format = FluxArtifact.Format.ARGOCD;
      }
      files.put(
          ClusterContent.entryName(cluster.gitopsPath(), withShared, file.path()),
          text.get().getBytes(StandardCharsets.UTF_8));
    }
    return files.isEmpty()
        ? Optional.empty()
        : Optional.of(FluxArtifact.of(files, format).manifestDigest());
  }

  /** One line for a reader, as {@code fleet diff} prints it after the plan. */
  public String summary() {
    StringBuilder line = new StringBuilder("Artifacts: ");
    if (changed.isEmpty()) {
      line.append("none of ").append(unchanged).append(" published changes");
    } else {
      line.append(changed.size())
          .append(" change (")
          .append(String.join(", ", changed))
          .append("), ")
          .append(unchanged)
          .append(" as published");
    }
    if (!dropped.isEmpty()) {
      line.append("; no longer compiled: ").append(String.join(", ", dropped));
    }
    return line.append('.').toString();
  }
}
