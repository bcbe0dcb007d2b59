package dev.fleetc.plan;

import java.util.List;
import java.util.Objects;

/**
 * One classified change to one cluster.
 *
 * @param subject what changes: a settings path ({@code network.podCIDR}), {@code nodes.NAME} or
 *     {@code nodes.NAME.FIELD}, {@code version}, {@code cluster}, or {@code files} for changes only
 *     seen in generated files
 * @param before the value before, empty when there was none
 * @param after the value after, empty when there is none
 * @param nodes the nodes it touches, in the order the change is applied to them
 * @param files the generated files it adds, removes or modifies, sorted
 * @param notes what a reviewer must know (quorum, order, why it is destructive), in order
 * @param allowed false when the change must not be applied as planned (a skipped minor, a
 *     downgrade, a removal that loses quorum)
 */
public record Change(
    ChangeClass kind,
    String cluster,
    String subject,
    String before,
    String after,
    List<String> nodes,
    List<String> files,
    List<Note> notes,
    boolean allowed) {

  public Change {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(cluster);
    Objects.requireNonNull(subject);
    before = before == null ? "" : before;
    after = after == null ? "" : after;
    nodes = List.copyOf(nodes);
    files = List.copyOf(files);
    notes = List.copyOf(notes);
  }
}
