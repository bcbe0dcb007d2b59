package dev.fleetc.emit.overview;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.support.MarkdownText;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.TerminalText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code FLEET.md}: the fleet at a glance for a reviewer of the GitOps repository. One table row
 * per cluster and a Mermaid flowchart with one subgraph per region (GitHub renders {@code mermaid}
 * code blocks as diagrams).
 */
public final class FleetOverview {

  public static final String PATH = "FLEET.md";

  /** The subgraph of clusters that declare no region. */
  static final String NO_REGION = "(no region)";

  private FleetOverview() {}

  public static Artifact of(Fleet fleet) {
    return Artifact.of(PATH, ArtifactKind.OTHER, render(fleet));
  }

  static String render(Fleet fleet) {
    List<Cluster> clusters = new ArrayList<>(fleet.clusters());
    clusters.sort(Comparator.comparing(Cluster::name));
    StringBuilder md = new StringBuilder();
    md.append("# Fleet ").append(fleet.name()).append("\n\n");
    md.append("Written by `fleet compile` from the fleet declaration: change the fleet file, not")
        .append(" this one.\n")
        .append(clusters.size())
        .append(clusters.size() == 1 ? " cluster" : " clusters")
        .append("; each one's files are under `bootstrap/<cluster>/` and its GitOps path.\n\n");
    md.append("| cluster | distribution | version | datastore | region | nodes | GitOps |\n");
    md.append("| --- | --- | --- | --- | --- | --- | --- |\n");
    for (Cluster c : clusters) {
      md.append("| ")
          .append(cell(c.name()))
          .append(" | ")
          .append(c.distribution().id())
          .append(" | ")
          .append(cell(c.release().version()))
          .append(" (Kubernetes ")
          .append(cell(c.release().kubernetesMinor()))
          .append(") | ")
          .append(c.datastore().type().id())
          .append(" | ")
          .append(hasRegion(c) ? cell(c.region()) : "")
          .append(" | ")
          .append(nodes(c))
          .append(" | ")
          .append(gitops(c))
          .append(" |\n");
    }
    md.append("\n```mermaid\n").append(diagram(fleet.name(), clusters)).append("```\n");
    return md.toString();
  }

  private static boolean hasRegion(Cluster c) {
    return c.region() != null && !c.region().isBlank();
  }

  private static String nodes(Cluster c) {
    int controlPlane = c.controlPlane().size();
    int workers = c.workers().size();
    String text = controlPlane + " control-plane";
    if (workers > 0) {
      text += ", " + workers + (workers == 1 ? " worker" : " workers");
    }
    return text;
  }

  private static String gitops(Cluster c) {
    if (c.gitops().engine() == GitOpsEngine.NONE) {
      return "none";
    }
    return c.gitops().engine().id() + " " + MarkdownText.codeSpan(cell(c.gitops().path()));
  }

  /**
   * A flowchart: the fleet, one subgraph per region in name order, a node per cluster. Identifiers
   * are generated ({@code r0}, {@code c0}) so that no name can collide with Mermaid's syntax; names
   * only appear inside quoted labels.
   */
  static String diagram(String fleetName, List<Cluster> clusters) {
    Map<String, List<Cluster>> byRegion = new TreeMap<>();
    for (Cluster c : clusters) {
      byRegion
          .computeIfAbsent(hasRegion(c) ? c.region() : NO_REGION, r -> new ArrayList<>())
          .add(c);
    }
    StringBuilder out = new StringBuilder("flowchart TB\n");
    out.append("  fleet([\"").append(label("fleet " + fleetName)).append("\"])\n");
    int region = 0;
    int cluster = 0;
    for (Map.Entry<String, List<Cluster>> entry : byRegion.entrySet()) {
      String regionId = "r" + region++;
      out.append("  subgraph ")
          .append(regionId)
          .append("[\"")
          .append(label(entry.getKey()))
          .append("\"]\n");
      for (Cluster c : entry.getValue()) {
        out.append("    c")
            .append(cluster++)
            .append("[\"")
            .append(label(c.name()))
            .append("<br/>")
            .append(label(c.distribution().id() + " " + c.release().version()))
            .append("<br/>")
            .append(label(c.datastore().type().id() + ", " + nodes(c)))
            .append("\"]\n");
      }
      out.append("  end\n");
      out.append("  fleet --> ").append(regionId).append('\n');
    }
    return out.toString();
  }

  /**
   * Text inside a quoted Mermaid label: quotes, markup characters and the backtick (which would
   * make a Markdown string of the label) as entity codes; line breaks as spaces; every control,
   * line-separator or format character (which Mermaid's JavaScript lexer may take for a line end)
   * as its numeric entity code.
   */
  static String label(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            ch -> {
              switch (ch) {
                case '"' -> out.append("#quot;");
                case '<' -> out.append("#lt;");
                case '>' -> out.append("#gt;");
                case '#' -> out.append("#35;");
                case '&' -> out.append("#amp;");
                case '`' -> out.append("#96;");
                case '\n', '\r' -> out.append(' ');
                default -> {
                  if (TerminalText.mustEscape(ch)) {
                    out.append('#').append(ch).append(';');
                  } else {
                    out.appendCodePoint(ch);
                  }
                }
              }
            });
    return out.toString();
  }

  /** Text inside a Markdown table cell. */
  static String cell(String text) {
    return text.replace("\\", "\\\\").replace("|", "\\|").replace('\n', ' ').replace('\r', ' ');
  }
}
