package dev.fleetc.plan;

import java.util.List;

/**
 * What happens to one cluster.
 *
 * @param action the most disruptive class among its changes
 * @param changes sorted by class (most disruptive first), then subject
 * @param files every generated file of the cluster that differs, sorted by path
 * @param wave the cluster's rollout wave (on the new side; the old side's for a destroyed cluster),
 *     or {@code null} when the fleet has no rollout waves
 * @param held whether, on the new side, its rollout holds it at its previous version (its wave or
 *     batch is not promoted yet)
 */
public record ClusterPlan(
    String cluster,
    ChangeClass action,
    List<Change> changes,
    List<FileChange> files,
    String wave,
    boolean held) {

  /** The subject of the change that says a cluster's new version waits for its wave. */
  public static final String HELD_SUBJECT = "rollout.held";

  public ClusterPlan {
    changes = List.copyOf(changes);
    files = List.copyOf(files);
  }

  /** A cluster of a fleet without rollout waves. */
  public ClusterPlan(
      String cluster, ChangeClass action, List<Change> changes, List<FileChange> files) {
    this(cluster, action, changes, files, null, false);
  }

  /** This plan with the cluster's rollout wave and hold. */
  ClusterPlan inWave(String waveName, boolean isHeld) {
    return new ClusterPlan(cluster, action, changes, files, waveName, isHeld);
  }

  /** Whether its nodes upgrade now: its version changes in this plan. */
  public boolean upgradesNow() {
    return changes.stream()
        .anyMatch(c -> c.kind() == ChangeClass.UPGRADE && c.subject().equals("version"));
  }

  /**
   * Whether its only upgrade is a new version its wave still holds: the action reads {@code upgrade
   * (held: wave W)}, and no node is touched by an upgrade.
   */
  public boolean upgradeHeld() {
    return action == ChangeClass.UPGRADE
        && held
        && wave != null
        && changes.stream()
            .filter(c -> c.kind() == ChangeClass.UPGRADE)
            .allMatch(c -> c.subject().equals(HELD_SUBJECT));
  }

  public boolean allowed() {
    return changes.stream().allMatch(Change::allowed);
  }
}
