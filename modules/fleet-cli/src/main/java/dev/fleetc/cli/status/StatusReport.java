package dev.fleetc.cli.status;

import dev.fleetc.cli.status.ClusterStatus.GitOpsObject;
import dev.fleetc.cli.status.ClusterStatus.NodeStatus;
import dev.fleetc.cli.status.ClusterStatus.PlanStatus;
import dev.fleetc.emit.support.JsonWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code fleet status} output. Text: one table per cluster, every string read from a cluster passed
 * through {@link TerminalEscape}. JSON: {@code formatVersion} {@value #FORMAT_VERSION}; fields may
 * be added, a field that changes meaning or goes away bumps the version. JSON strings are escaped
 * by the JSON writer and left otherwise raw.
 */
public final class StatusReport {

  public static final int FORMAT_VERSION = 1;

  private StatusReport() {}

  private static String t(String fromCluster) {
    return TerminalEscape.of(fromCluster);
  }

  public static String text(List<ClusterStatus> clusters) {
    StringBuilder out = new StringBuilder();
    for (ClusterStatus c : clusters) {
      Expectation e = c.expected();
      out.append("cluster ")
          .append(e.cluster())
          .append(" (context ")
          .append(t(c.context()))
          .append("): ")
          .append(c.verdict())
          .append('\n');
      if (e.rollout() != null) {
        out.append("  rollout: wave ")
            .append(e.rollout().wave())
            .append(", ")
            .append(
                e.rollout().targetVersion().equals(e.rollout().effectiveVersion())
                    ? "at its target " + e.rollout().targetVersion()
                    : "held at "
                        + e.rollout().effectiveVersion()
                        + " (target "
                        + e.rollout().targetVersion()
                        + ")")
            .append('\n');
      }
      if (!c.reachable()) {
        out.append("  unreachable: ")
            .append(c.unreachable().kind())
            .append(" (")
            .append(t(c.unreachable().detail()))
            .append(")\n");
        continue;
      }
      out.append(
          String.format(
              "  nodes: %d ready, %d not ready, %d cordoned, %d missing, %d unexpected%n",
              c.count(NodeStatus::ready),
              c.count(n -> !n.ready()),
              c.count(NodeStatus::cordoned),
              c.missing().size(),
              c.count(n -> !n.expected())));
      out.append(
          String.format("  %-24s %-10s %-12s %s%n", "NODE", "READY", "SCHEDULING", "KUBELET"));
      for (NodeStatus n : c.nodes()) {
        String kubelet = t(n.kubeletVersion());
        if (!n.versionMatches()) {
          kubelet += " (expected " + e.version() + ")";
        }
        if (!n.roleMatches()) {
          kubelet += "  (role " + n.role() + ", declared " + e.nodes().get(n.name()) + ")";
        }
        out.append(
            String.format(
                "  %-24s %-10s %-12s %s%s%n",
                t(n.name()),
                n.ready() ? "Ready" : "NotReady",
                n.cordoned() ? "cordoned" : "schedulable",
                kubelet,
                n.expected() ? "" : "  (not in the fleet)"));
      }
      for (String missing : c.missing()) {
        out.append(String.format("  %-24s %-10s%n", missing, "missing"));
      }
      if (c.upgrade() == null) {
        out.append("  upgrade: system-upgrade-controller not installed\n");
      } else if (c.upgrade().isEmpty()) {
        out.append("  upgrade: no plans\n");
      } else {
        for (PlanStatus p : c.upgrade()) {
          out.append("  upgrade: plan ")
              .append(t(p.name()))
              .append(' ')
              .append(p.state().id())
              .append(p.latestVersion() == null ? "" : " " + t(p.latestVersion()))
              .append(" (")
              .append(t(p.detail()))
              .append(")\n");
        }
      }
      if (c.autopilot() != null) {
        ClusterStatus.AutopilotStatus a = c.autopilot();
        out.append("  upgrade: ");
        if (!a.installed()) {
          out.append("autopilot plan not installed\n");
        } else {
          out.append("autopilot plan ")
              .append(t(a.state() == null ? "(no state yet)" : a.state()))
              .append(a.version() == null ? "" : " " + t(a.version()))
              .append(a.failed() ? " (failed)" : "")
              .append(
                  a.nodes().isEmpty()
                      ? ""
                      : " (completed on " + t(String.join(", ", a.nodes())) + ")")
              .append('\n');
        }
      }
      if (c.gitops() == null) {
        out.append("  gitops: none declared\n");
      } else if (!c.gitops().installed()) {
        out.append("  gitops: ").append(c.gitops().engine()).append(" not installed\n");
      } else if (c.gitops().objects().isEmpty()) {
        out.append("  gitops: ").append(c.gitops().engine()).append(" has no objects\n");
      } else {
        for (GitOpsObject o : c.gitops().objects()) {
          out.append("  gitops: ")
              .append(o.kind())
              .append(' ')
              .append(t(o.namespace()))
              .append('/')
              .append(t(o.name()))
              .append(' ')
              .append(o.state())
              .append(" (")
              .append(t(o.health()))
              .append(")");
          if (o.revision() != null) {
            out.append(" at ").append(t(o.revision()));
          }
          if (!o.revisionMatches()) {
            out.append(" (expected ").append(e.revision()).append(')');
          }
          if (o.message() != null && !o.state().equals("ready")) {
            out.append(": ").append(t(o.message()));
          }
          out.append('\n');
        }
      }
    }
    long converged = clusters.stream().filter(ClusterStatus::converged).count();
    long unhealthy = clusters.stream().filter(ClusterStatus::unhealthy).count();
    out.append(
        String.format(
            "%d clusters: %d converged, %d not yet, %d unhealthy%n",
            clusters.size(), converged, clusters.size() - converged - unhealthy, unhealthy));
    return out.toString();
  }

  public static String json(List<ClusterStatus> clusters) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("formatVersion", FORMAT_VERSION);
    List<Map<String, Object>> list = new ArrayList<>();
    for (ClusterStatus c : clusters) {
      Expectation e = c.expected();
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", e.cluster());
      m.put("context", c.context());
      m.put("verdict", c.verdict());
      m.put("reachable", c.reachable());
      m.put(
          "unreachable",
          c.reachable()
              ? null
              : Map.of("kind", c.unreachable().kind(), "detail", c.unreachable().detail()));
      // As the lock records them (the rollout state applied to the fleet); null without rollout:.
      m.put("wave", e.rollout() == null ? null : e.rollout().wave());
      m.put("targetVersion", e.rollout() == null ? null : e.rollout().targetVersion());
      m.put("effectiveVersion", e.rollout() == null ? null : e.rollout().effectiveVersion());
      m.put("expectedVersion", e.version());
      m.put("expectedRevision", e.revision());
      Map<String, Object> counts = new LinkedHashMap<>();
      counts.put("expected", e.nodes().size());
      counts.put("ready", c.count(NodeStatus::ready));
      counts.put("notReady", c.count(n -> !n.ready()));
      counts.put("cordoned", c.count(NodeStatus::cordoned));
      counts.put("missing", c.missing().size());
      counts.put("unexpected", c.count(n -> !n.expected()));
      counts.put("wrongVersion", c.count(n -> !n.versionMatches()));
      counts.put("wrongRole", c.count(n -> !n.roleMatches()));
      m.put("nodeCounts", c.reachable() ? counts : null);
      Map<String, List<String>> versions = new java.util.TreeMap<>();
      List<Map<String, Object>> nodes = new ArrayList<>();
      for (NodeStatus n : c.nodes()) {
        versions
            .computeIfAbsent(String.valueOf(n.kubeletVersion()), v -> new ArrayList<>())
            .add(n.name());
        Map<String, Object> nm = new LinkedHashMap<>();
        nm.put("name", n.name());
        nm.put("ready", n.ready());
        nm.put("cordoned", n.cordoned());
        nm.put("kubeletVersion", n.kubeletVersion());
        nm.put("versionMatches", n.versionMatches());
        nm.put("role", n.role());
        nm.put("roleMatches", n.roleMatches());
        nm.put("expected", n.expected());
        nodes.add(nm);
      }
      m.put("versions", versions);
      m.put("nodes", nodes);
      m.put("missingNodes", c.missing());
      Map<String, Object> autopilot = null;
      if (c.autopilot() != null) {
        autopilot = new LinkedHashMap<>();
        autopilot.put("installed", c.autopilot().installed());
        autopilot.put("state", c.autopilot().state());
        autopilot.put("version", c.autopilot().version());
        autopilot.put("nodes", c.autopilot().nodes());
        autopilot.put("failed", c.autopilot().failed());
      }
      if (c.upgrade() == null) {
        if (c.reachable()) {
          Map<String, Object> upgrade = new LinkedHashMap<>();
          upgrade.put("installed", false);
          if (autopilot != null) {
            upgrade.put("autopilot", autopilot);
          }
          m.put("upgrade", upgrade);
        } else {
          m.put("upgrade", null);
        }
      } else {
        List<Map<String, Object>> plans = new ArrayList<>();
        for (PlanStatus p : c.upgrade()) {
          Map<String, Object> pm = new LinkedHashMap<>();
          pm.put("name", p.name());
          pm.put("state", p.state().id());
          pm.put("latestVersion", p.latestVersion());
          pm.put("nodes", p.nodes());
          pm.put("detail", p.detail());
          plans.add(pm);
        }
        Map<String, Object> upgrade = new LinkedHashMap<>();
        upgrade.put("installed", true);
        upgrade.put("plans", plans);
        if (autopilot != null) {
          upgrade.put("autopilot", autopilot);
        }
        m.put("upgrade", upgrade);
      }
      if (c.gitops() == null) {
        m.put("gitops", null);
      } else {
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("engine", c.gitops().engine());
        g.put("installed", c.gitops().installed());
        List<Map<String, Object>> objects = new ArrayList<>();
        for (GitOpsObject o : c.gitops().objects()) {
          Map<String, Object> om = new LinkedHashMap<>();
          om.put("kind", o.kind());
          om.put("namespace", o.namespace());
          om.put("name", o.name());
          om.put("state", o.state());
          om.put("health", o.health());
          om.put("revision", o.revision());
          om.put("revisionMatches", o.revisionMatches());
          om.put("message", o.message());
          objects.add(om);
        }
        g.put("objects", objects);
        m.put("gitops", g);
      }
      list.add(m);
    }
    doc.put("clusters", list);
    return JsonWriter.write(doc);
  }
}
