package dev.fleetc.plan;

import dev.fleetc.model.TerminalText;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The plan for people at a terminal; ANSI colour only when asked for. */
public final class PlanText {

  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String CYAN = "\u001b[36m";

  private final boolean color;

  public PlanText(boolean color) {
    this.color = color;
  }

  /** terraform-like markers: {@code +} create, {@code -} destroy, {@code -/+} replace, ... */
  public static String symbol(ChangeClass kind) {
    return switch (kind) {
      case REPLACE -> "-/+";
      case DESTROY -> "-";
      case CREATE -> "+";
      case UPGRADE -> "^";
      case REMOVE_NODE -> "-";
      case ADD_NODE -> "+";
      case RECONFIGURE -> "~";
      case GITOPS -> "~";
    };
  }

  public String render(Plan plan) {
    StringBuilder out = new StringBuilder();
    if (plan.isEmpty()) {
      out.append("No changes. ")
          .append(plan.unchanged())
          .append(" cluster")
          .append(plan.unchanged() == 1 ? "" : "s")
          .append(" unchanged.\n");
      out.append(waves(plan));
      return out.toString();
    }
    for (ClusterPlan cluster : plan.clusters()) {
      out.append(paint(colorOf(cluster.action()), symbol(cluster.action())))
          .append(' ')
          .append(paint(BOLD, shown(cluster.cluster())))
          .append("  ")
          .append(paint(colorOf(cluster.action()), cluster.action().id()));
      if (cluster.upgradeHeld()) {
        out.append(" (held: wave ").append(shown(cluster.wave())).append(')');
      }
      out.append('\n');
      for (Change change : cluster.changes()) {
        out.append("    ")
            .append(paint(colorOf(change.kind()), String.format("%-12s", change.kind().id())))
            .append(shown(change.subject()));
        if (!change.before().isEmpty() || !change.after().isEmpty()) {
          out.append(": ")
              .append(value(change.before()))
              .append(" → ")
              .append(value(change.after()));
        }
        out.append('\n');
        if (!change.nodes().isEmpty()) {
          out.append("                nodes: ")
              .append(shown(String.join(", ", change.nodes())))
              .append('\n');
        }
        for (String file : change.files()) {
          out.append("                file:  ").append(shown(file)).append('\n');
        }
        for (Note note : change.notes()) {
          out.append("                ").append(note(note)).append('\n');
        }
      }
      out.append('\n');
    }
    out.append(waves(plan));
    out.append(summary(plan)).append('\n');
    if (plan.hasNotAllowed()) {
      out.append(paint(RED + BOLD, "Some changes are not allowed as planned (see above)."))
          .append('\n');
    }
    return out.toString();
  }

  /** e.g. {@code Plan: 4 clusters change (2 unchanged): 1 replace, 1 create, 2 reconfigure.} */
  public static String summary(Plan plan) {
    int changed = plan.clusters().size();
    String counts =
        plan.counts().entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey().id())
            .collect(Collectors.joining(", "));
    return "Plan: "
        + changed
        + " cluster"
        + (changed == 1 ? "" : "s")
        + " change ("
        + plan.unchanged()
        + " unchanged): "
        + counts
        + ".";
  }

  /**
   * One line per rollout wave, in wave order, e.g. {@code eu 12 clusters: 0 upgrading now, 12 held
   * (24 nodes), 0 unchanged; approval needed (fleet rollout approve eu --by NAME)}; then a blank
   * line. Empty without waves.
   */
  static String waves(Plan plan) {
    if (plan.waves().isEmpty()) {
      return "";
    }
    int width = plan.waves().stream().mapToInt(w -> shown(w.name()).length()).max().orElse(0);
    StringBuilder out = new StringBuilder("Rollout waves, in order:\n");
    for (WaveSummary wave : plan.waves()) {
      String name = shown(wave.name());
      out.append("  ")
          .append(name)
          .append(" ".repeat(width - name.length()))
          .append("  ")
          .append(count(wave.clusters(), "cluster", "clusters"))
          .append(": ")
          .append(count(wave.upgrading(), "upgrading now", "upgrading now"))
          .append(", ")
          .append(count(wave.held(), "held", "held"))
          .append(", ")
          .append(count(wave.unchanged(), "unchanged", "unchanged"));
      if (wave.approvalNeeded()) {
        out.append("; approval needed (fleet rollout approve ").append(name).append(" --by NAME)");
      } else if (wave.approval() == WaveInfo.Approval.APPROVED) {
        out.append("; approved");
      }
      out.append('\n');
    }
    return out.append('\n').toString();
  }

  /** {@code 3 held (6 nodes)}; nodes left out when there are none. */
  private static String count(WaveSummary.Count count, String one, String many) {
    String text = count.clusters() + " " + (count.clusters() == 1 ? one : many);
    if (count.nodes() > 0) {
      text += " (" + count.nodes() + " node" + (count.nodes() == 1 ? "" : "s") + ")";
    }
    return text;
  }

  private static String value(String v) {
    return v.isEmpty() ? "(none)" : shown(v);
  }

  private String note(Note note) {
    return switch (note.kind()) {
      case NOT_ALLOWED -> paint(RED + BOLD, shown(note.toString()));
      case WARNING, DESTRUCTIVE -> paint(YELLOW, shown(note.toString()));
      case INFO -> shown(note.toString());
    };
  }

  private static String colorOf(ChangeClass kind) {
    return switch (kind) {
      case REPLACE, DESTROY, REMOVE_NODE -> RED;
      case CREATE, ADD_NODE -> GREEN;
      case UPGRADE, RECONFIGURE -> YELLOW;
      case GITOPS -> CYAN;
    };
  }

  // A value from either revision, with its controls escaped: only this class's colours are raw.
  private static String shown(String text) {
    return TerminalText.escape(text).replace("\n", "\\n");
  }

  private String paint(String style, String text) {
    return color ? style + text + RESET : text;
  }

  static Map<ChangeClass, List<Change>> byClass(ClusterPlan cluster) {
    return cluster.changes().stream().collect(Collectors.groupingBy(Change::kind));
  }
}
