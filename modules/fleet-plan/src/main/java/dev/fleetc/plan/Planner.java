package dev.fleetc.plan;

import dev.fleetc.model.DatastoreType;
import dev.fleetc.plan.ClusterState.FileState;
import dev.fleetc.plan.ClusterState.NodeState;
import dev.fleetc.plan.FileChange.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares two revisions cluster by cluster. Linear in the number of clusters, nodes and files:
 * every lookup is by name or path in a hash map, and files are compared by digest.
 */
public final class Planner {

  private static final Pattern NUMBERS = Pattern.compile("\\d+");

  private static final Comparator<Change> CHANGE_ORDER =
      Comparator.comparing(Change::kind).thenComparing(Change::subject);

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
        plan = new ClusterComparison(a, b).plan();
      }
      if (plan.changes().isEmpty()) {
        unchanged++;
      } else {
        plans.add(plan);
      }
    }
    return new Plan(plans, unchanged);
  }

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
  static List<String> inApplyOrder(java.util.Collection<NodeState> nodes) {
    return nodes.stream()
        .sorted(
            Comparator.comparing((NodeState n) -> !n.isControlPlane())
                .thenComparing(NodeState::name))
        .map(NodeState::name)
        .toList();
  }

  /** The comparison of one cluster present on both sides. */
  private static final class ClusterComparison {
    private final ClusterState a;
    private final ClusterState b;
    private final List<Change> changes = new ArrayList<>();
    private final Map<String, FileChange> fileChanges = new LinkedHashMap<>();
    private final Set<String> attributed = new HashSet<>();
    private final List<String> gitopsPrefixes = new ArrayList<>();

    ClusterComparison(ClusterState a, ClusterState b) {
      this.a = a;
      this.b = b;
      if (a.gitopsPath() != null) {
        gitopsPrefixes.add(a.gitopsPath() + "/");
      }
      if (b.gitopsPath() != null && !b.gitopsPath().equals(a.gitopsPath())) {
        gitopsPrefixes.add(b.gitopsPath() + "/");
      }
    }

    ClusterPlan plan() {
      compareFiles();
      Map<String, String[]> settings = differingSettings();
      boolean distributionChanges = settings.containsKey("distribution");
      String[] version = settings.remove("version");
      String[] minor = settings.remove("kubernetes");
      if (!distributionChanges && (version != null || minor != null)) {
        upgrade();
      }
      settings.forEach((path, values) -> setting(path, values[0], values[1]));
      compareNodes();
      residualFiles();
      changes.sort(CHANGE_ORDER);
      ChangeClass action =
          changes.stream().map(Change::kind).min(Comparator.naturalOrder()).orElse(null);
      List<FileChange> files =
          fileChanges.values().stream().sorted(Comparator.comparing(FileChange::path)).toList();
      return new ClusterPlan(a.name(), action, changes, files);
    }

    private void compareFiles() {
      if (!a.filesKnown() || !b.filesKnown()) {
        return;
      }
      Set<String> paths = new TreeSet<>(a.files().keySet());
      paths.addAll(b.files().keySet());
      for (String path : paths) {
        FileState before = a.files().get(path);
        FileState after = b.files().get(path);
        if (before == null) {
          fileChanges.put(path, new FileChange(path, Status.ADDED, after.node()));
        } else if (after == null) {
          fileChanges.put(path, new FileChange(path, Status.REMOVED, before.node()));
        } else if (!before.sha256().equals(after.sha256())) {
          fileChanges.put(path, new FileChange(path, Status.MODIFIED, after.node()));
        }
      }
    }

    /** Path → {before, after}; only paths both sides know unless both come from fleet files. */
    private Map<String, String[]> differingSettings() {
      Set<String> paths = new LinkedHashSet<>(a.settings().keySet());
      if (a.modelled() && b.modelled()) {
        paths.addAll(b.settings().keySet());
      } else {
        paths.retainAll(b.settings().keySet());
      }
      Map<String, String[]> differing = new LinkedHashMap<>();
      for (String path : paths) {
        String before = a.setting(path);
        String after = b.setting(path);
        if (!before.equals(after)) {
          differing.put(path, new String[] {before, after});
        }
      }
      return differing;
    }

    private void upgrade() {
      List<NodeState> common = commonNodes();
      List<String> order = inApplyOrder(common);
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
              Note.notAllowed(
                  "" + "Kubernetes " + fromMinor + " → " + toMinor + " is a downgrade"));
        } else if (to[1] == from[1]
            && compareVersions(a.setting("version"), b.setting("version")) > 0) {
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
      add(
          ChangeClass.UPGRADE,
          "version",
          a.setting("version") + " (Kubernetes " + fromMinor + ")",
          b.setting("version") + " (Kubernetes " + toMinor + ")",
          order,
          f -> !underGitOps(f.path()) && (f.node() == null || nodeSet.contains(f.node())),
          notes,
          allowed);
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
          inApplyOrder(
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
          switch (kind) {
            case REPLACE -> f -> true;
            case GITOPS -> f -> underGitOps(f.path()) || f.node() == null;
            default ->
                f -> !underGitOps(f.path()) && (f.node() == null || nodeSet.contains(f.node()));
          };
      List<Note> notes = new ArrayList<>();
      if (!rule.why().isEmpty()) {
        notes.add(
            kind == ChangeClass.REPLACE ? Note.destructive(rule.why()) : Note.info(rule.why()));
      }
      add(kind, path, before, after, nodes, files, notes, true);
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
      Quorum quorum = new Quorum();
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
      add(
          kind,
          "nodes." + node.name(),
          kind == ChangeClass.REMOVE_NODE ? node.role() : "",
          kind == ChangeClass.ADD_NODE ? node.role() : "",
          List.of(node.name()),
          f -> node.name().equals(f.node()) || (f.node() == null && !underGitOps(f.path())),
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
          add(
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

    /** Generated files no change above explains: classified by where they are. */
    private void residualFiles() {
      List<FileChange> left =
          fileChanges.values().stream().filter(f -> !attributed.contains(f.path())).toList();
      if (left.isEmpty()) {
        return;
      }
      List<FileChange> nodeFiles = left.stream().filter(f -> f.node() != null).toList();
      if (!nodeFiles.isEmpty()) {
        Set<String> names = new HashSet<>();
        nodeFiles.forEach(f -> names.add(f.node()));
        List<NodeState> nodes = allNodes().stream().filter(n -> names.contains(n.name())).toList();
        add(
            ChangeClass.RECONFIGURE,
            "files",
            "",
            "",
            inApplyOrder(nodes),
            f -> f.node() != null,
            List.of(Note.info("the nodes' generated files change; their service restarts")),
            true);
      }
      // Cluster-wide files that machines consume (k0sctl.yaml, scripts, SQL) are re-applied to
      // the nodes; those under the GitOps path, and documentation, touch no node.
      Predicate<FileChange> machineSide =
          f -> f.node() == null && !underGitOps(f.path()) && !f.path().endsWith(".md");
      if (left.stream().anyMatch(machineSide)) {
        add(
            ChangeClass.RECONFIGURE,
            "files",
            "",
            "",
            inApplyOrder(allNodes()),
            machineSide,
            List.of(
                Note.info("cluster-wide machine files change; re-apply them (e.g. k0sctl apply)")),
            true);
      }
      if (left.stream().anyMatch(f -> f.node() == null && !machineSide.test(f))) {
        add(
            ChangeClass.GITOPS,
            "files",
            "",
            "",
            List.of(),
            f -> f.node() == null,
            List.of(Note.info("no node is touched")),
            true);
      }
    }

    private void add(
        ChangeClass kind,
        String subject,
        String before,
        String after,
        List<String> nodes,
        Predicate<FileChange> touches,
        List<Note> notes,
        boolean allowed) {
      List<String> files = new ArrayList<>();
      for (FileChange f : fileChanges.values()) {
        if (touches.test(f) && (!subject.equals("files") || !attributed.contains(f.path()))) {
          files.add(f.path());
        }
      }
      files.sort(null);
      attributed.addAll(files);
      changes.add(new Change(kind, a.name(), subject, before, after, nodes, files, notes, allowed));
    }

    private boolean underGitOps(String path) {
      for (String prefix : gitopsPrefixes) {
        if (path.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }

    private List<NodeState> commonNodes() {
      return a.nodes().values().stream().filter(n -> b.nodes().containsKey(n.name())).toList();
    }

    private List<NodeState> allNodes() {
      Map<String, NodeState> all = new LinkedHashMap<>(a.nodes());
      b.nodes().forEach(all::putIfAbsent);
      return new ArrayList<>(all.values());
    }

    /** Control-plane members of a quorum datastore (etcd, dqlite), before and after. */
    private final class Quorum {
      private final String store =
          b.setting("datastore.type").equals(a.setting("datastore.type"))
              ? b.setting("datastore.type")
              : "";
      private final boolean applies =
          DatastoreType.fromId(store).map(DatastoreType::needsQuorum).orElse(false);
      private final long before = countControlPlane(a);
      private final long after = countControlPlane(b);
      private final long removed =
          a.nodes().values().stream()
              .filter(NodeState::isControlPlane)
              .filter(
                  n ->
                      !b.nodes().containsKey(n.name()) || !b.nodes().get(n.name()).isControlPlane())
              .count();

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
    }
  }

  private static long countControlPlane(ClusterState c) {
    return c.nodes().values().stream().filter(NodeState::isControlPlane).count();
  }

  private static int[] minor(String text) {
    Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(text);
    return m.find() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
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
