package dev.fleetc.plan;

import dev.fleetc.emit.support.MarkdownText;
import java.util.List;
import java.util.stream.Collectors;

/** The plan as a pull-request comment (GitHub-flavoured Markdown). */
public final class PlanMarkdown {

  private PlanMarkdown() {}

  public static String render(Plan plan) {
    StringBuilder out = new StringBuilder("## fleet diff\n\n");
    if (plan.isEmpty()) {
      out.append("No changes. ")
          .append(plan.unchanged())
          .append(" cluster")
          .append(plan.unchanged() == 1 ? "" : "s")
          .append(" unchanged.\n");
      out.append(waves(plan));
      return out.toString();
    }
    out.append(PlanText.summary(plan)).append("\n\n");
    if (plan.hasNotAllowed()) {
      out.append("> [!CAUTION]\n> Some changes are not allowed as planned: see ⛔ below.\n\n");
    }
    out.append(waves(plan));
    out.append("| cluster | action | changes |\n| --- | --- | --- |\n");
    for (ClusterPlan cluster : plan.clusters()) {
      String counts =
          PlanText.byClass(cluster).entrySet().stream()
              .sorted(java.util.Map.Entry.comparingByKey())
              .map(e -> e.getValue().size() + " " + e.getKey().id())
              .collect(Collectors.joining(", "));
      out.append("| ")
          .append(code(cluster.cluster()))
          .append(" | **")
          .append(cluster.action().id())
          .append("**")
          .append(held(cluster))
          .append(cluster.allowed() ? "" : " ⛔")
          .append(" | ")
          .append(counts)
          .append(" |\n");
    }
    for (ClusterPlan cluster : plan.clusters()) {
      out.append("\n### ")
          .append(code(cluster.cluster()))
          .append(": ")
          .append(cluster.action().id())
          .append(held(cluster))
          .append("\n\n");
      for (Change change : cluster.changes()) {
        out.append("- **").append(change.kind().id()).append("** ").append(code(change.subject()));
        if (!change.before().isEmpty() || !change.after().isEmpty()) {
          out.append(": ")
              .append(value(change.before()))
              .append(" → ")
              .append(value(change.after()));
        }
        out.append('\n');
        if (!change.nodes().isEmpty()) {
          out.append("  - nodes: ").append(codes(change.nodes())).append('\n');
        }
        if (!change.files().isEmpty()) {
          out.append("  - files: ").append(codes(change.files())).append('\n');
        }
        for (Note note : change.notes()) {
          out.append("  - ").append(marker(note)).append(escape(note.toString())).append('\n');
        }
      }
    }
    return out.toString();
  }

  /** {@code (held: wave `eu`)} for a cluster whose only upgrade waits for its wave. */
  private static String held(ClusterPlan cluster) {
    return cluster.upgradeHeld() ? " (held: wave " + code(cluster.wave()) + ")" : "";
  }

  /** A table of the rollout waves, in order, then a blank line; empty without waves. */
  static String waves(Plan plan) {
    if (plan.waves().isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder(
            "| wave | clusters | upgrading now | held | unchanged | approval |\n"
                + "| --- | --- | --- | --- | --- | --- |\n");
    for (WaveSummary wave : plan.waves()) {
      out.append("| ")
          .append(code(wave.name()))
          .append(" | ")
          .append(count(wave.clusters()))
          .append(" | ")
          .append(count(wave.upgrading()))
          .append(" | ")
          .append(count(wave.held()))
          .append(" | ")
          .append(count(wave.unchanged()))
          .append(" | ")
          .append(
              wave.approvalNeeded()
                  ? "⏸️ needed"
                  : switch (wave.approval()) {
                    case NOT_REQUIRED -> "not required";
                    case REQUIRED -> "required";
                    case APPROVED -> "approved";
                    case UNKNOWN -> "unknown";
                  })
          .append(" |\n");
    }
    return out.append('\n').toString();
  }

  private static String count(WaveSummary.Count count) {
    return count.nodes() > 0
        ? count.clusters() + " (" + count.nodes() + " node" + (count.nodes() == 1 ? "" : "s") + ")"
        : Integer.toString(count.clusters());
  }

  private static String marker(Note note) {
    return switch (note.kind()) {
      case NOT_ALLOWED -> "⛔ ";
      case WARNING, DESTRUCTIVE -> "⚠️ ";
      case INFO -> "";
    };
  }

  private static String value(String v) {
    return v.isEmpty() ? "_(none)_" : code(v);
  }

  private static String codes(List<String> items) {
    return items.stream().map(PlanMarkdown::code).collect(Collectors.joining(", "));
  }

  /**
   * A code span that stays one code span whatever the value holds ({@link MarkdownText#codeSpan}),
   * with table pipes escaped.
   */
  static String code(String text) {
    return MarkdownText.codeSpan(text.replace("|", "\\|"));
  }

  /** The fence of the generated files' diff block: no line of the diff can close it. */
  public static String fence(String body) {
    return MarkdownText.fence(body, 4);
  }

  private static String escape(String text) {
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|");
  }
}
