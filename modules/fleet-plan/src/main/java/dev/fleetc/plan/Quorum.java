package dev.fleetc.plan;

import dev.fleetc.model.DatastoreType;
import dev.fleetc.plan.ClusterState.NodeState;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the notes on control-plane members of a quorum datastore (etcd, dqlite) joining or
 * leaving one cluster: member counts before and after, lost quorum, and fault-intolerant shapes.
 */
final class Quorum {

  private final String store;
  private final boolean applies;
  private final long before;
  private final long after;
  private final long removed;

  Quorum(ClusterState a, ClusterState b) {
    this.store =
        b.setting("datastore.type").equals(a.setting("datastore.type"))
            ? b.setting("datastore.type")
            : "";
    this.applies = DatastoreType.fromId(store).map(DatastoreType::needsQuorum).orElse(false);
    this.before = countControlPlane(a);
    this.after = countControlPlane(b);
    this.removed =
        a.nodes().values().stream()
            .filter(NodeState::isControlPlane)
            .filter(
                n -> !b.nodes().containsKey(n.name()) || !b.nodes().get(n.name()).isControlPlane())
            .count();
  }

  List<Note> onRemove(NodeState node) {
    if (!applies || !node.isControlPlane()) {
      return List.of();
    }
    List<Note> notes = new ArrayList<>();
    notes.add(Note.info(store + " members: " + before + " → " + after));
    if (removed > (before - 1) / 2) {
      notes.add(
          Note.notAllowed(
              ""
                  + "removing "
                  + removed
                  + " of "
                  + before
                  + " "
                  + store
                  + " members loses quorum (a majority of "
                  + (before / 2 + 1)
                  + " is needed); remove one at a time and let the cluster settle"));
    }
    notes.addAll(shape());
    return notes;
  }

  List<Note> onAdd(NodeState node) {
    if (!applies || !node.isControlPlane()) {
      return List.of();
    }
    List<Note> notes = new ArrayList<>();
    notes.add(Note.info(store + " members: " + before + " → " + after));
    notes.addAll(shape());
    return notes;
  }

  private List<Note> shape() {
    if (after == 1 && before > 1) {
      return List.of(Note.warning("a single " + store + " member tolerates no failure"));
    }
    if (after > 0 && after % 2 == 0) {
      return List.of(
          Note.warning(
              "an even number of "
                  + store
                  + " members ("
                  + after
                  + ") tolerates no more failures than "
                  + (after - 1)));
    }
    return List.of();
  }

  private static long countControlPlane(ClusterState c) {
    return c.nodes().values().stream().filter(NodeState::isControlPlane).count();
  }
}
