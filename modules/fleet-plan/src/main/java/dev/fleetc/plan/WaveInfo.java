package dev.fleetc.plan;

import java.util.Objects;

/**
 * One rollout wave as a revision declares it: a fleet file knows its waves' order and whether each
 * needs approval (and, with its rollout state, whether it has it); a compiled output folder knows
 * only the wave names its lock gives its clusters.
 *
 * @param name the wave's name (user text: renderers escape it)
 * @param approval whether the wave needs a person's approval and has it
 */
public record WaveInfo(String name, Approval approval) {

  /** Whether a wave waits for {@code fleet rollout approve}. */
  public enum Approval {
    /** The wave declares no {@code approval: true}. */
    NOT_REQUIRED("not-required"),
    /** It does, and nobody approved it for the current rollout yet. */
    REQUIRED("required"),
    /** It does, and someone approved it for the current rollout. */
    APPROVED("approved"),
    /** The side cannot tell (an output folder's lock does not record it). */
    UNKNOWN("unknown");

    private final String id;

    Approval(String id) {
      this.id = id;
    }

    /** The name in JSON output. */
    public String id() {
      return id;
    }
  }

  public WaveInfo {
    Objects.requireNonNull(name);
    Objects.requireNonNull(approval);
  }
}
