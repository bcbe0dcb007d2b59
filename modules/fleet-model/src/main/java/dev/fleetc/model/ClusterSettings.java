package dev.fleetc.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A cluster's resolved settings as flat {@code path → value} text, in a fixed order: what {@code
 * fleet explain} shows and what plans compare.
 */
public final class ClusterSettings {

  private ClusterSettings() {}

  public static Map<String, String> flatten(Cluster c) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("distribution", c.distribution().id());
    out.put("kubernetes", c.release().kubernetesMinor());
    out.put("version", c.release().version());
    out.put("datastore.type", c.datastore().type().id());
    if (c.datastore().endpoint() != null) {
      out.put("datastore.endpoint", c.datastore().endpoint().toString());
    }
    out.put("apiEndpoint", c.apiEndpoint() == null ? "" : c.apiEndpoint());
    if (!c.sans().isEmpty()) {
      out.put("sans", String.join(", ", c.sans()));
    }
    if (c.token() != null) {
      out.put("token", c.token().toString());
    }
    if (c.agentToken() != null) {
      out.put("agentToken", c.agentToken().toString());
    }
    out.put("region", c.region());
    c.firstBootDeadlineIfAny()
        .ifPresent(d -> out.put("firstBoot.deadline", firstBootText(d.toMinutes())));
    c.labels().forEach((k, v) -> out.put("labels." + k, v));
    // Dual-stack ranges read as upstream writes them: the primary family first, comma-separated.
    out.put("network.podCIDR", String.join(",", c.network().podCidrs()));
    out.put("network.serviceCIDR", String.join(",", c.network().serviceCidrs()));
    if (!c.network().provider().isEmpty()) {
      out.put("network.provider", c.network().provider());
    }
    if (c.network().nodeLocalLoadBalancing()) {
      out.put("network.nodeLocalLoadBalancing", "true");
    }
    out.put("gitops.engine", c.gitops().engine().id());
    if (c.gitops().engine() != GitOpsEngine.NONE) {
      out.put("gitops.repository", c.gitops().repository());
      out.put("gitops.branch", c.gitops().branch());
      out.put("gitops.path", c.gitops().path());
      GitAuth auth = c.gitops().auth();
      if (auth.username() != null) {
        out.put("gitops.auth.username", auth.username());
      }
      auth.passwordIfAny().ifPresent(p -> out.put("gitops.auth.password", p.toString()));
      auth.sshKeyIfAny().ifPresent(k -> out.put("gitops.auth.sshKey", k.toString()));
    }
    out.put("addons.ingress", c.addons().ingress().id());
    out.put("addons.storage", c.addons().storage().id());
    if (c.addons().backup() == null) {
      out.put("addons.backup", "none");
    } else {
      Velero v = c.addons().backup();
      out.put("addons.backup.velero.bucket", v.bucket());
      out.put("addons.backup.velero.region", v.region());
      out.put("addons.backup.velero.schedule", v.schedule());
      out.put("addons.backup.velero.credentials", String.valueOf(v.credentials()));
    }
    c.release().components().forEach((k, v) -> out.put("components." + k, v));
    flattenUpgrades(c.upgrades(), out);
    flattenExtension(c.distribution().id(), c.extensions(), out);
    return out;
  }

  /** A deadline as it is written: whole days (from two days on), hours or minutes. */
  private static String firstBootText(long minutes) {
    if (minutes % (24 * 60) == 0 && minutes > 24 * 60) {
      return minutes / (24 * 60) + "d";
    }
    return minutes % 60 == 0 ? minutes / 60 + "h" : minutes + "m";
  }

  /**
   * Only for clusters whose layers say something about upgrades: other outputs stay as they were.
   */
  private static void flattenUpgrades(Upgrades u, Map<String, String> out) {
    out.put("upgrades.method", u.method().id());
    out.put("upgrades.workers.concurrency", Integer.toString(u.workerConcurrency()));
    out.put("upgrades.workers.drain.enabled", Boolean.toString(u.drain().enabled()));
    if (u.drain().enabled()) {
      out.put("upgrades.workers.drain.timeout", Durations.format(u.drain().timeout()));
      out.put("upgrades.workers.drain.force", Boolean.toString(u.drain().force()));
      out.put(
          "upgrades.workers.drain.deleteEmptyDirData",
          Boolean.toString(u.drain().deleteEmptyDirData()));
    }
    out.put("upgrades.nodeSoak", Durations.format(u.nodeSoak()));
    out.put("upgrades.jobDeadline", Durations.format(u.jobDeadline()));
    u.windowIfAny()
        .ifPresent(
            w -> {
              out.put("upgrades.window.days", String.join(", ", w.days()));
              out.put("upgrades.window.start", w.start());
              out.put("upgrades.window.end", w.end());
              out.put("upgrades.window.timeZone", w.timeZone());
            });
  }

  private static void flattenExtension(String prefix, Object value, Map<String, String> out) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> flattenExtension(prefix + "." + k, v, out));
    } else if (value instanceof java.util.List<?> list) {
      out.put(
          prefix, list.stream().map(String::valueOf).collect(Collectors.joining(", ", "[", "]")));
    } else {
      out.put(prefix, String.valueOf(value));
    }
  }
}
