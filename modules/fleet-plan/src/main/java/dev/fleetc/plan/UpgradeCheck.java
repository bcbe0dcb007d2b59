package dev.fleetc.plan;

import dev.fleetc.emit.upgrades.SystemUpgradeController;
import dev.fleetc.plan.ClusterState.NodeState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a version change of one cluster is an allowed upgrade (one Kubernetes minor at a
 * time, never down) and the order its nodes are upgraded in.
 */
final class UpgradeCheck {

  private static final Pattern MINOR = Pattern.compile("(\\d+)\\.(\\d+)");

  private UpgradeCheck() {}

  /**
   * Records the upgrade of the nodes both revisions have.
   *
   * @param common the nodes present in both revisions
   */
  static void record(ClusterState a, ClusterState b, List<NodeState> common, ChangeLedger ledger) {
    List<String> order = Planner.inApplyOrder(common);
    List<Note> notes = new ArrayList<>();
    String fromMinor = a.setting("kubernetes");
    String toMinor = b.setting("kubernetes");
    boolean allowed = true;
    int[] from = minor(fromMinor);
    int[] to = minor(toMinor);
    if (from != null && to != null) {
      if (from[0] != to[0] || to[1] > from[1] + 1) {
        allowed = false;
        notes.add(
            Note.notAllowed(
                ""
                    + "Kubernetes "
                    + fromMinor
                    + " → "
                    + toMinor
                    + " skips a minor version; upgrade one minor at a time"));
      } else if (to[1] < from[1]) {
        allowed = false;
        notes.add(
            Note.notAllowed("" + "Kubernetes " + fromMinor + " → " + toMinor + " is a downgrade"));
      } else if (to[1] == from[1]
          && Planner.compareVersions(a.setting("version"), b.setting("version")) > 0) {
        allowed = false;
        notes.add(
            Note.notAllowed(
                "" + a.setting("version") + " → " + b.setting("version") + " is a downgrade"));
      }
    }
    List<String> cp =
        common.stream().filter(NodeState::isControlPlane).map(NodeState::name).sorted().toList();
    List<String> workers =
        common.stream().filter(n -> !n.isControlPlane()).map(NodeState::name).sorted().toList();
    if (!order.isEmpty()) {
      notes.add(
          Note.info(
              "order: control plane one node at a time ("
                  + String.join(", ", cp)
                  + ")"
                  + (workers.isEmpty()
                      ? ""
                      : ", then workers (" + String.join(", ", workers) + ")")));
    }
    Set<String> nodeSet = new HashSet<>(order);
    ledger.add(
        ChangeClass.UPGRADE,
        "version",
        a.setting("version") + " (Kubernetes " + fromMinor + ")",
        b.setting("version") + " (Kubernetes " + toMinor + ")",
        order,
        // K3s clusters upgrade in-cluster: their system-upgrade-controller Plans carry the version.
        f ->
            SystemUpgradeController.isPlanFile(f.path())
                || !ledger.underGitOps(f.path())
                    && (f.node() == null || nodeSet.contains(f.node())),
        notes,
        allowed);
  }

  private static int[] minor(String text) {
    Matcher m = MINOR.matcher(text);
    return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
  }
}
