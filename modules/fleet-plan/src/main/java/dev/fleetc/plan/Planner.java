package dev.fleetc.plan;

import dev.fleetc.plan.ClusterState.NodeState;
import dev.fleetc.plan.FileChange.Status;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares two revisions cluster by cluster. Linear in the number of clusters, nodes and files:
 * every lookup is by name or path in a hash map, and files are compared by digest.
 *
 * <p>This class matches clusters across the revisions by name and plans the ones created or
 * destroyed as a whole; a cluster on both sides is compared by {@link ClusterComparison}.
 */
public final class Planner {

  private static final Pattern NUMBERS = Pattern.compile("\\d+");

  private Planner() {}

  public static Plan plan(Revision before, Revision after) {
    Set<String> names = new TreeSet<>(before.clusters().keySet());
    names.addAll(after.clusters().keySet());
    List<ClusterPlan> plans = new ArrayList<>();
    int unchanged = 0;
    for (String name : names) {
      ClusterState a = before.clusters().get(name);
      ClusterState b = after.clusters().get(name);
      if ((a == null && before.fromLock() && !b.filesKnown())
          || (b == null && after.fromLock() && !a.filesKnown())) {
        continue; // not compiled into the folder: nothing to compare it with
      }
      ClusterPlan plan;
      if (a == null) {
        plan = whole(b, ChangeClass.CREATE, Status.ADDED);
      } else if (b == null) {
        plan = whole(a, ChangeClass.DESTROY, Status.REMOVED);
      } else {
        plan = new ClusterComparison(a, b, before.content(), after.content()).plan();
      }
      if (plan.changes().isEmpty()) {
        unchanged++;
      } else {
        ClusterState side = b != null ? b : a;
        String wave = side.settings().get(WAVE);
        plans.add(
            wave == null
                ? plan
                : plan.inWave(
                    wave, b != null && b.settings().containsKey(ClusterPlan.HELD_SUBJECT)));
      }
    }
    return new Plan(plans, unchanged, waves(before, after, plans));
  }

  private static final String WAVE = "rollout.wave";

  /**
   * Per wave of the new side, in its declared order (a side that only has a lock names its waves
   * through its clusters: those come after, by name): its clusters partitioned into upgrading now
   * (the version changes in this plan), held, and the rest.
   */
  static List<WaveSummary> waves(Revision before, Revision after, List<ClusterPlan> plans) {
    Map<String, ClusterPlan> byName = new HashMap<>();
    plans.forEach(p -> byName.put(p.cluster(), p));
    Map<String, WaveInfo.Approval> approval = new LinkedHashMap<>();
    after.waves().forEach(w -> approval.put(w.name(), w.approval()));
    Set<String> undeclared = new TreeSet<>();
    for (ClusterState c : after.clusters().values()) {
      String wave = c.settings().get(WAVE);
      if (wave != null && !approval.containsKey(wave)) {
        undeclared.add(wave);
      }
    }
    undeclared.forEach(w -> approval.put(w, WaveInfo.Approval.UNKNOWN));
    if (approval.isEmpty()) {
      return List.of();
    }
    Map<String, WaveSummary.Count[]> counts = new LinkedHashMap<>();
    approval.keySet().forEach(w -> counts.put(w, new WaveSummary.Count[] {NONE, NONE, NONE, NONE}));
    for (ClusterState c : after.clusters().values()) {
      WaveSummary.Count[] wave = counts.get(c.settings().get(WAVE));
      if (wave == null) {
        continue;
      }
      int nodes = c.nodesKnown() ? c.nodes().size() : 0;
      ClusterPlan plan = byName.get(c.name());
      int slot =
          plan != null && plan.upgradesNow()
              ? 1
              : c.settings().containsKey(ClusterPlan.HELD_SUBJECT) ? 2 : 3;
      wave[0] = wave[0].plus(nodes);
      wave[slot] = wave[slot].plus(nodes);
    }
    List<WaveSummary> out = new ArrayList<>();
    counts.forEach(
        (name, c) -> out.add(new WaveSummary(name, approval.get(name), c[0], c[1], c[2], c[3])));
    return out;
  }

  private static final WaveSummary.Count NONE = WaveSummary.Count.NONE;

  private static ClusterPlan whole(ClusterState c, ChangeClass kind, Status status) {
    List<FileChange> files =
        c.files().values().stream()
            .map(f -> new FileChange(f.path(), status, f.node()))
            .sorted(Comparator.comparing(FileChange::path))
            .toList();
    String description = describe(c);
    Change change =
        new Change(
            kind,
            c.name(),
            "cluster",
            kind == ChangeClass.CREATE ? "" : description,
            kind == ChangeClass.CREATE ? description : "",
            inApplyOrder(c.nodes().values()),
            files.stream().map(FileChange::path).toList(),
            List.of(),
            true);
    return new ClusterPlan(c.name(), kind, List.of(change), files);
  }

  /** e.g. {@code k3s v1.31.14+k3s1, etcd, 3 control-plane + 2 worker nodes}. */
  private static String describe(ClusterState c) {
    StringBuilder text =
        new StringBuilder(c.setting("distribution"))
            .append(' ')
            .append(c.setting("version"))
            .append(", ")
            .append(c.setting("datastore.type"));
    if (c.nodesKnown()) {
      long cp = c.nodes().values().stream().filter(NodeState::isControlPlane).count();
      text.append(", ")
          .append(cp)
          .append(" control-plane + ")
          .append(c.nodes().size() - cp)
          .append(" worker node")
          .append(c.nodes().size() - cp == 1 ? "" : "s");
    }
    return text.toString();
  }

  /** Control plane first, then workers; by name within each, whatever the file's order. */
  static List<String> inApplyOrder(Collection<NodeState> nodes) {
    return nodes.stream()
        .sorted(
            Comparator.comparing((NodeState n) -> !n.isControlPlane())
                .thenComparing(NodeState::name))
        .map(NodeState::name)
        .toList();
  }

  /** Compares the numbers in two version strings, left to right ({@code v1.31.4+k3s1}). */
  static int compareVersions(String left, String right) {
    Matcher l = NUMBERS.matcher(left);
    Matcher r = NUMBERS.matcher(right);
    while (true) {
      boolean hasL = l.find();
      boolean hasR = r.find();
      if (!hasL || !hasR) {
        return Boolean.compare(hasL, hasR);
      }
      int c = new java.math.BigInteger(l.group()).compareTo(new java.math.BigInteger(r.group()));
      if (c != 0) {
        return c;
      }
    }
  }
}
