package dev.fleetc.plan;

import dev.fleetc.plan.ClusterState.NodeState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides the classified changes of one cluster present in both revisions: its version, its
 * settings (by {@link ImpactRules}), its nodes (by name and role) and then the generated files no
 * such change explains ({@link ChangeLedger}).
 */
final class ClusterComparison {
  private final ClusterState a;
  private final ClusterState b;
  private final ChangeLedger ledger;
  private final Function<String, Optional<String>> contentBefore;
  private final Function<String, Optional<String>> contentAfter;

  /** With each side's file contents, read only for a changed {@code k0sctl.yaml}. */
  ClusterComparison(
      ClusterState a,
      ClusterState b,
      Function<String, Optional<String>> contentBefore,
      Function<String, Optional<String>> contentAfter) {
    this.a = a;
    this.b = b;
    this.ledger = new ChangeLedger(a, b);
    this.contentBefore = contentBefore;
    this.contentAfter = contentAfter;
  }

  ClusterPlan plan() {
    Map<String, String[]> settings = differingSettings();
    boolean distributionChanges = settings.containsKey("distribution");
    String[] version = settings.remove("version");
    String[] minor = settings.remove("kubernetes");
    if (!distributionChanges && (version != null || minor != null)) {
      UpgradeCheck.record(a, b, commonNodes(), ledger);
    }
    settings.forEach((path, values) -> setting(path, values[0], values[1]));
    compareNodes();
    ledger.k0sctlOptions(contentBefore, contentAfter);
    ledger.residualFiles(allNodes());
    return ledger.plan();
  }

  /** Path → {before, after}; only paths both sides know unless both come from fleet files. */
  private Map<String, String[]> differingSettings() {
    Set<String> paths = new LinkedHashSet<>(a.settings().keySet());
    if (a.modelled() && b.modelled()) {
      paths.addAll(b.settings().keySet());
    } else {
      paths.retainAll(b.settings().keySet());
      // A lock records the hold only while there is one: both sides in a rollout know it.
      if (a.settings().containsKey("rollout.wave") && b.settings().containsKey("rollout.wave")) {
        paths.add(ClusterPlan.HELD_SUBJECT);
      }
    }
    Map<String, String[]> differing = new LinkedHashMap<>();
    for (String path : paths) {
      if (path.equals("rollout.held") && !b.settings().containsKey(path)) {
        continue; // released from its hold: the version change itself is the upgrade
      }
      String before = a.setting(path);
      String after = b.setting(path);
      if (!before.equals(after)) {
        differing.put(path, new String[] {before, after});
      }
    }
    return differing;
  }

  private void setting(String path, String before, String after) {
    ImpactRules.Rule rule = ImpactRules.forSetting(path);
    ChangeClass kind = rule.kind();
    ImpactRules.Scope scope = rule.scope();
    if (rule.withoutGitOps() != null && "none".equals(b.setting("gitops.engine"))) {
      kind = rule.withoutGitOps();
      scope = ImpactRules.Scope.CONTROL_PLANE;
    }
    List<NodeState> pool = kind == ChangeClass.REPLACE ? allNodes() : commonNodes();
    ImpactRules.Scope finalScope = scope;
    List<String> nodes =
        Planner.inApplyOrder(
            pool.stream()
                .filter(
                    n ->
                        switch (finalScope) {
                          case NONE -> false;
                          case ALL -> true;
                          case CONTROL_PLANE -> n.isControlPlane();
                          case WORKERS -> !n.isControlPlane();
                        })
                .toList());
    Set<String> nodeSet = new HashSet<>(nodes);
    Predicate<FileChange> files =
        path.equals(ClusterPlan.HELD_SUBJECT)
            ? f -> false // a held version is written nowhere yet: the files stay as they are
            : switch (kind) {
              case REPLACE -> f -> true;
              case GITOPS -> f -> ledger.underGitOps(f.path()) || f.node() == null;
              default ->
                  f ->
                      !ledger.underGitOps(f.path())
                          && (f.node() == null || nodeSet.contains(f.node()));
            };
    List<Note> notes = new ArrayList<>();
    if (!rule.why().isEmpty()) {
      notes.add(kind == ChangeClass.REPLACE ? Note.destructive(rule.why()) : Note.info(rule.why()));
    }
    ledger.add(kind, path, before, after, nodes, files, notes, true);
  }

  private void compareNodes() {
    if (!a.nodesKnown() || !b.nodesKnown()) {
      return;
    }
    List<NodeState> removed = new ArrayList<>();
    List<NodeState> added = new ArrayList<>();
    for (NodeState old : a.nodes().values()) {
      NodeState now = b.nodes().get(old.name());
      if (now == null || !now.role().equals(old.role())) {
        removed.add(old);
      }
    }
    for (NodeState now : b.nodes().values()) {
      NodeState old = a.nodes().get(now.name());
      if (old == null || !now.role().equals(old.role())) {
        added.add(now);
      }
    }
    Quorum quorum = new Quorum(a, b);
    for (NodeState node : removed) {
      nodeChange(ChangeClass.REMOVE_NODE, node, quorum.onRemove(node));
    }
    for (NodeState node : added) {
      nodeChange(ChangeClass.ADD_NODE, node, quorum.onAdd(node));
    }
    if (a.modelled() && b.modelled()) {
      for (NodeState old : a.nodes().values()) {
        NodeState now = b.nodes().get(old.name());
        if (now != null && now.role().equals(old.role())) {
          nodeFields(old, now);
        }
      }
    }
  }

  private void nodeChange(ChangeClass kind, NodeState node, List<Note> quorumNotes) {
    List<Note> notes = new ArrayList<>();
    NodeState other = (kind == ChangeClass.ADD_NODE ? a : b).nodes().get(node.name());
    if (other != null) {
      notes.add(
          Note.info(
              "the node changes role ("
                  + (kind == ChangeClass.ADD_NODE
                      ? other.role() + " → " + node.role()
                      : node.role() + " → " + other.role())
                  + "): it leaves the cluster and joins again"));
    }
    notes.addAll(quorumNotes);
    boolean allowed = quorumNotes.stream().noneMatch(n -> n.kind() == Note.Kind.NOT_ALLOWED);
    ledger.add(
        kind,
        "nodes." + node.name(),
        kind == ChangeClass.REMOVE_NODE ? node.role() : "",
        kind == ChangeClass.ADD_NODE ? node.role() : "",
        List.of(node.name()),
        f -> node.name().equals(f.node()) || (f.node() == null && !ledger.underGitOps(f.path())),
        notes,
        allowed);
  }

  private void nodeFields(NodeState old, NodeState now) {
    Set<String> fields = new LinkedHashSet<>(old.fields().keySet());
    fields.addAll(now.fields().keySet());
    for (String field : fields) {
      String before = old.fields().getOrDefault(field, "");
      String after = now.fields().getOrDefault(field, "");
      if (!before.equals(after)) {
        ledger.add(
            ChangeClass.RECONFIGURE,
            "nodes." + now.name() + "." + field,
            before,
            after,
            List.of(now.name()),
            f -> now.name().equals(f.node()),
            List.of(Note.info(ImpactRules.NODE_FIELD_NOTE)),
            true);
      }
    }
  }

  private List<NodeState> commonNodes() {
    return a.nodes().values().stream().filter(n -> b.nodes().containsKey(n.name())).toList();
  }

  private List<NodeState> allNodes() {
    Map<String, NodeState> all = new LinkedHashMap<>(a.nodes());
    b.nodes().forEach(all::putIfAbsent);
    return new ArrayList<>(all.values());
  }
}
