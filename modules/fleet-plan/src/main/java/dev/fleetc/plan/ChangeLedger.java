package dev.fleetc.plan;

import dev.fleetc.emit.k0s.K0sctlFile;
import dev.fleetc.plan.ClusterState.FileState;
import dev.fleetc.plan.ClusterState.NodeState;
import dev.fleetc.plan.FileChange.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Decides which changed generated files each change of one cluster explains, and classifies the
 * files no change explains by where they are.
 *
 * <p>Files are compared by digest when both revisions know them. Every {@link #add} claims the
 * changed files its predicate accepts; the residual {@code files} changes only take files nothing
 * claimed before, so the order of the calls is part of the result.
 */
final class ChangeLedger {

  private static final Comparator<Change> CHANGE_ORDER =
      Comparator.comparing(Change::kind).thenComparing(Change::subject);

  private final String cluster;
  private final List<Change> changes = new ArrayList<>();
  private final Map<String, FileChange> fileChanges = new LinkedHashMap<>();
  private final Set<String> attributed = new HashSet<>();
  private final List<String> gitopsPrefixes = new ArrayList<>();

  ChangeLedger(ClusterState a, ClusterState b) {
    this.cluster = a.name();
    if (a.gitopsPath() != null) {
      gitopsPrefixes.add(a.gitopsPath() + "/");
    }
    if (b.gitopsPath() != null && !b.gitopsPath().equals(a.gitopsPath())) {
      gitopsPrefixes.add(b.gitopsPath() + "/");
    }
    compareFiles(a, b);
  }

  private void compareFiles(ClusterState a, ClusterState b) {
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

  /**
   * Whether the path lies under the cluster's GitOps path, before or after, or in a shared folder
   * such a path references (what the GitOps engine applies, not a machine).
   */
  boolean underGitOps(String path) {
    if (dev.fleetc.emit.OutputLayout.isShared(path)) {
      return true;
    }
    for (String prefix : gitopsPrefixes) {
      if (path.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** Records a change with the changed files it touches. */
  void add(
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
    changes.add(new Change(kind, cluster, subject, before, after, nodes, files, notes, allowed));
  }

  /**
   * A changed {@code k0sctl.yaml} that nothing explained so far (an output folder has no model) and
   * whose only difference is {@code spec.options}: how k0sctl drains and batches workers in the
   * next upgrade. Nothing runs on a host for it: {@code gitops}, like the {@code upgrades:} setting
   * it comes from (docs/upgrades.md, "Changing upgrade settings").
   */
  void k0sctlOptions(
      Function<String, Optional<String>> before, Function<String, Optional<String>> after) {
    for (FileChange f : List.copyOf(fileChanges.values())) {
      if (f.status() != Status.MODIFIED
          || f.node() != null
          || attributed.contains(f.path())
          || !f.path().endsWith("/k0sctl.yaml")) {
        continue;
      }
      Optional<K0sctlFile.Split> a = before.apply(f.path()).flatMap(K0sctlFile::split);
      Optional<K0sctlFile.Split> b = after.apply(f.path()).flatMap(K0sctlFile::split);
      if (a.isEmpty() || b.isEmpty() || !a.get().rest().equals(b.get().rest())) {
        continue;
      }
      add(
          ChangeClass.GITOPS,
          "k0sctl spec.options",
          K0sctlFile.describe(a.get().options()),
          K0sctlFile.describe(b.get().options()),
          List.of(),
          c -> c.path().equals(f.path()),
          List.of(Note.info("how the next upgrade runs: no node is touched now")),
          true);
    }
  }

  /**
   * Generated files no change recorded so far explains: classified by where they are.
   *
   * @param allNodes the nodes of both revisions
   */
  void residualFiles(List<NodeState> allNodes) {
    List<FileChange> left =
        fileChanges.values().stream().filter(f -> !attributed.contains(f.path())).toList();
    if (left.isEmpty()) {
      return;
    }
    List<FileChange> nodeFiles = left.stream().filter(f -> f.node() != null).toList();
    if (!nodeFiles.isEmpty()) {
      Set<String> names = new HashSet<>();
      nodeFiles.forEach(f -> names.add(f.node()));
      List<NodeState> nodes = allNodes.stream().filter(n -> names.contains(n.name())).toList();
      add(
          ChangeClass.RECONFIGURE,
          "files",
          "",
          "",
          Planner.inApplyOrder(nodes),
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
          Planner.inApplyOrder(allNodes),
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

  /** The cluster's plan: changes by class then subject, files by path. */
  ClusterPlan plan() {
    changes.sort(CHANGE_ORDER);
    ChangeClass action =
        changes.stream().map(Change::kind).min(Comparator.naturalOrder()).orElse(null);
    List<FileChange> files =
        fileChanges.values().stream().sorted(Comparator.comparing(FileChange::path)).toList();
    return new ClusterPlan(cluster, action, changes, files);
  }
}
