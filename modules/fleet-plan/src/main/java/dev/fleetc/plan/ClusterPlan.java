package dev.fleetc.plan;

import java.util.List;

/**
 * What happens to one cluster.
 *
 * @param action the most disruptive class among its changes
 * @param changes sorted by class (most disruptive first), then subject
 * @param files every generated file of the cluster that differs, sorted by path
 */
public record ClusterPlan(
    String cluster, ChangeClass action, List<Change> changes, List<FileChange> files) {

  public ClusterPlan {
    changes = List.copyOf(changes);
    files = List.copyOf(files);
  }

  public boolean allowed() {
    return changes.stream().allMatch(Change::allowed);
  }
}
