package dev.fleetc.plan;

import java.util.Objects;

/**
 * What a plan does to one rollout wave, from its clusters' rows: how many of its clusters (and
 * their nodes) upgrade now, how many its rollout still holds at their previous version, and how
 * many neither. The three counts partition the wave's clusters on the new side.
 *
 * @param name the wave's name
 * @param approval whether the wave needs approval and has it (from the new side, else the old)
 * @param clusters every cluster of the wave on the new side, with their nodes
 * @param upgrading clusters whose version changes in this plan: their nodes upgrade now
 * @param held clusters whose declared version waits for the wave (or its next batch)
 * @param unchanged the others: their version does not change now (already at the target, or a new
 *     cluster that joins at the declared version); their other changes show in their rows
 */
public record WaveSummary(
    String name,
    WaveInfo.Approval approval,
    Count clusters,
    Count upgrading,
    Count held,
    Count unchanged) {

  public WaveSummary {
    Objects.requireNonNull(name);
    Objects.requireNonNull(approval);
  }

  /** Whether the wave waits for {@code fleet rollout approve} before its held clusters move. */
  public boolean approvalNeeded() {
    return approval == WaveInfo.Approval.REQUIRED && held.clusters() > 0;
  }

  /** A number of clusters and their nodes (nodes are 0 where a side does not know them). */
  public record Count(int clusters, int nodes) {
    public static final Count NONE = new Count(0, 0);

    Count plus(int nodeCount) {
      return new Count(clusters + 1, nodes + nodeCount);
    }
  }
}
