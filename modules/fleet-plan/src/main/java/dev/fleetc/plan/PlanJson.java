package dev.fleetc.plan;

import dev.fleetc.emit.support.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan for machines: a JSON document whose {@code formatVersion} ({@link Plan#FORMAT_VERSION})
 * changes only when a field changes meaning or goes away; fields may be added.
 */
public final class PlanJson {

  private PlanJson() {}

  public static String render(Plan plan) {
    return render(plan, null);
  }

  /**
   * @param unifiedDiff the generated files' unified diff, added as {@code unifiedDiff}, or {@code
   *     null} to leave the field out
   */
  public static String render(Plan plan, String unifiedDiff) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("formatVersion", Plan.FORMAT_VERSION);
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("changed", plan.clusters().size());
    summary.put("unchanged", plan.unchanged());
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (ChangeClass kind : ChangeClass.values()) {
      counts.put(kind.id(), plan.counts().getOrDefault(kind, 0));
    }
    summary.put("changes", counts);
    summary.put("allowed", !plan.hasNotAllowed());
    doc.put("summary", summary);
    if (!plan.waves().isEmpty()) {
      List<Map<String, Object>> waves = new ArrayList<>();
      for (WaveSummary wave : plan.waves()) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("name", wave.name());
        w.put("clusters", count(wave.clusters()));
        w.put("upgrading", count(wave.upgrading()));
        w.put("held", count(wave.held()));
        w.put("unchanged", count(wave.unchanged()));
        w.put("approval", wave.approval().id());
        w.put("approvalNeeded", wave.approvalNeeded());
        waves.add(w);
      }
      doc.put("waves", waves);
    }
    List<Map<String, Object>> clusters = new ArrayList<>();
    for (ClusterPlan cluster : plan.clusters()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("name", cluster.cluster());
      c.put("action", cluster.action().id());
      c.put("allowed", cluster.allowed());
      if (cluster.wave() != null) {
        c.put("wave", cluster.wave());
        c.put("held", cluster.held());
      }
      List<Map<String, Object>> changes = new ArrayList<>();
      for (Change change : cluster.changes()) {
        Map<String, Object> ch = new LinkedHashMap<>();
        ch.put("class", change.kind().id());
        ch.put("subject", change.subject());
        ch.put("before", change.before());
        ch.put("after", change.after());
        ch.put("nodes", change.nodes());
        ch.put("files", change.files());
        ch.put("notes", change.notes().stream().map(Note::toString).toList());
        ch.put("allowed", change.allowed());
        changes.add(ch);
      }
      c.put("changes", changes);
      List<Map<String, Object>> files = new ArrayList<>();
      for (FileChange file : cluster.files()) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", file.path());
        f.put("status", file.status().id());
        if (file.node() != null) {
          f.put("node", file.node());
        }
        files.add(f);
      }
      c.put("files", files);
      clusters.add(c);
    }
    doc.put("clusters", clusters);
    if (unifiedDiff != null) {
      doc.put("unifiedDiff", unifiedDiff);
    }
    return JsonWriter.write(doc);
  }

  private static Map<String, Object> count(WaveSummary.Count count) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("clusters", count.clusters());
    c.put("nodes", count.nodes());
    return c;
  }
}
