package dev.fleetc.compiler.upgrades;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.GitOps;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.Release;
import dev.fleetc.model.UpgradeMethod;
import dev.fleetc.model.Upgrades;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Binds a cluster's merged {@code upgrades:} settings. */
public final class UpgradesBinder {

  private static final Pattern CLOCK = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");

  private UpgradesBinder() {}

  /**
   * @param settings the cluster's merged settings (all layers)
   */
  public static Upgrades bind(
      String cluster, Distribution distribution, Settings settings, Diagnostics diagnostics) {
    Upgrades defaults = Upgrades.defaultFor(distribution);
    if (settings.node("upgrades").isEmpty()) {
      return defaults;
    }
    UpgradeMethod method = method(cluster, distribution, settings, diagnostics);
    int concurrency = settings.integer("upgrades.workers.concurrency").orElse(1);
    Upgrades.Drain drain =
        new Upgrades.Drain(
            settings.bool("upgrades.workers.drain.enabled").orElse(true),
            DurationText.read(
                settings,
                "upgrades.workers.drain.timeout",
                Upgrades.DEFAULT_DRAIN_TIMEOUT,
                diagnostics),
            settings.bool("upgrades.workers.drain.force").orElse(false),
            settings.bool("upgrades.workers.drain.deleteEmptyDirData").orElse(true));
    return new Upgrades(
        method,
        concurrency,
        drain,
        DurationText.read(settings, "upgrades.nodeSoak", defaults.nodeSoak(), diagnostics),
        DurationText.read(settings, "upgrades.jobDeadline", defaults.jobDeadline(), diagnostics),
        window(settings, diagnostics).orElse(null));
  }

  /** A Flux release tag: major and minor. */
  private static final Pattern FLUX_LINE = Pattern.compile("^v?(\\d+)\\.(\\d+)\\.");

  /** Whether this Flux release's Kustomization API has {@code spec.healthCheckExprs} (2.5+). */
  public static boolean fluxHasHealthCheckExprs(String fluxVersion) {
    java.util.regex.Matcher m = FLUX_LINE.matcher(fluxVersion);
    if (!m.find()) {
      return true;
    }
    int major = Integer.parseInt(m.group(1));
    int minor = Integer.parseInt(m.group(2));
    return major > 2 || (major == 2 && minor >= 5);
  }

  /**
   * Whether the bound method can be carried out and gated: the system-upgrade-controller's Plans
   * travel through the GitOps path (FLEET-E106 when the method was written out and there is none),
   * and Flux lines before 2.5 cannot check them (FLEET-W042).
   */
  public static void checkDelivery(
      String cluster,
      Upgrades upgrades,
      GitOps gitops,
      Optional<Release> release,
      Settings settings,
      Diagnostics diagnostics) {
    if (upgrades == null || upgrades.method() != UpgradeMethod.SUC) {
      return;
    }
    if (gitops.engine() == GitOpsEngine.NONE) {
      if (settings.string("upgrades.method").filter("suc"::equals).isPresent()) {
        diagnostics.error(
            ErrorCode.UPGRADE_NOT_DELIVERED,
            settings.position("upgrades.method"),
            "cluster '"
                + cluster
                + "' upgrades with the system-upgrade-controller but has no GitOps engine to"
                + " deliver its Plans",
            "set 'gitops' (flux or argocd), or write 'method: manual'");
      }
      return;
    }
    if (gitops.engine() == GitOpsEngine.FLUX) {
      release
          .map(r -> r.components().get("flux"))
          .filter(v -> !fluxHasHealthCheckExprs(v))
          .ifPresent(
              v ->
                  diagnostics.warning(
                      ErrorCode.UPGRADE_GATE_UNCHECKED,
                      settings.position("gitops.engine"),
                      "cluster '"
                          + cluster
                          + "': Flux "
                          + v
                          + " has no Kustomization healthCheckExprs (Flux 2.5 and later), so"
                          + " its system-upgrade-controller Plans count as Ready once applied"
                          + " and nothing is gated on the upgrade",
                      "move the cluster to Kubernetes 1.30 or newer (Flux 2.5+), or watch"
                          + " upgrades with 'fleet status'"));
    }
  }

  /**
   * {@code k0sctl apply} carries out {@code workers.concurrency} and {@code workers.drain} (written
   * into {@code spec.options}), but has no pause between nodes, no per-node deadline, no clock and
   * no cordon without a drain (k0sproject/k0sctl v0.32.2, {@code phase/upgrade_workers.go}): each
   * such setting written for a k0sctl cluster is FLEET-W045, at its own position.
   */
  public static void checkK0sctl(
      String cluster, Upgrades upgrades, Settings settings, Diagnostics diagnostics) {
    if (upgrades == null || upgrades.method() != UpgradeMethod.K0SCTL) {
      return;
    }
    if (!upgrades.drain().enabled()) {
      k0sctlCannot(
          cluster,
          settings,
          "upgrades.workers.drain.enabled",
          "with drain off, k0sctl neither drains nor cordons a worker before its upgrade"
              + " (--no-drain skips both), so new pods may land on it while k0s restarts",
          "keep the drain on (a short 'timeout' bounds it), or accept that workers are not"
              + " cordoned",
          diagnostics);
    }
    if (settings.node("upgrades.nodeSoak").isPresent() && !upgrades.nodeSoak().isZero()) {
      k0sctlCannot(
          cluster,
          settings,
          "upgrades.nodeSoak",
          "k0sctl has no pause between nodes: the next node starts as soon as one is Ready",
          "remove 'nodeSoak' for k0s clusters, or pause between 'k0sctl apply' runs yourself",
          diagnostics);
    }
    if (settings.node("upgrades.jobDeadline").isPresent()) {
      k0sctlCannot(
          cluster,
          settings,
          "upgrades.jobDeadline",
          "k0sctl has no per-node deadline: it waits with its own retry timeouts, and its"
              + " --timeout bounds the whole apply",
          "remove 'jobDeadline' for k0s clusters, or run 'k0sctl apply --timeout' yourself",
          diagnostics);
    }
    if (settings.node("upgrades.window").isPresent()) {
      k0sctlCannot(
          cluster,
          settings,
          "upgrades.window",
          "k0sctl upgrades whenever 'k0sctl apply' runs: nothing holds it to the maintenance"
              + " window (the runbook's Upgrade section checks it before k0sctl apply)",
          "run the k0s upgrade job only inside the window (e.g. a scheduled CI job), or remove"
              + " 'window'",
          diagnostics);
    }
  }

  private static void k0sctlCannot(
      String cluster,
      Settings settings,
      String path,
      String why,
      String hint,
      Diagnostics diagnostics) {
    diagnostics.warning(
        ErrorCode.K0SCTL_UPGRADE_SETTING,
        settings.position(path),
        "cluster '"
            + cluster
            + "' upgrades with k0sctl, which cannot honour '"
            + path
            + "': "
            + why,
        hint);
  }

  private static UpgradeMethod method(
      String cluster, Distribution distribution, Settings settings, Diagnostics diagnostics) {
    String written = settings.string("upgrades.method").orElse("auto");
    if (written.equals("auto")) {
      return UpgradeMethod.defaultFor(distribution);
    }
    Optional<UpgradeMethod> method = UpgradeMethod.fromId(written);
    if (method.isEmpty()) {
      return UpgradeMethod.defaultFor(distribution); // the shape check reported it
    }
    if (!method.get().supports(distribution)) {
      diagnostics.error(
          ErrorCode.UPGRADE_METHOD,
          settings.position("upgrades.method"),
          "cluster '"
              + cluster
              + "' ("
              + distribution.id()
              + ") has no upgrade path with method '"
              + written
              + "'",
          "write 'auto' ("
              + UpgradeMethod.defaultFor(distribution).id()
              + " for "
              + distribution.id()
              + ") or 'manual'");
    }
    return method.get();
  }

  private static Optional<Upgrades.MaintenanceWindow> window(
      Settings settings, Diagnostics diagnostics) {
    if (settings.node("upgrades.window").isEmpty()) {
      return Optional.empty();
    }
    int before = diagnostics.errorCount();
    List<String> days = settings.strings("upgrades.window.days");
    List<String> seen = new ArrayList<>();
    for (String day : days) {
      if (seen.contains(day)) {
        diagnostics.error(
            ErrorCode.MAINTENANCE_WINDOW,
            settings.position("upgrades.window.days"),
            "'upgrades.window.days' lists '" + day + "' twice",
            "list each day once");
      }
      seen.add(day);
    }
    if (settings.node("upgrades.window.days").isPresent() && days.isEmpty()) {
      diagnostics.error(
          ErrorCode.MAINTENANCE_WINDOW,
          settings.position("upgrades.window.days"),
          "'upgrades.window.days' is empty: upgrades could never run",
          "list the days, e.g. [tue, wed, thu]");
    }
    String start = clock(settings, "upgrades.window.start", diagnostics);
    String end = clock(settings, "upgrades.window.end", diagnostics);
    if (!start.isEmpty() && start.equals(end)) {
      diagnostics.error(
          ErrorCode.MAINTENANCE_WINDOW,
          settings.position("upgrades.window.end"),
          "the maintenance window starts and ends at " + start + ": it has no length",
          "an end before the start runs past midnight, e.g. start 22:00, end 04:00");
    }
    String zone = settings.string("upgrades.window.timeZone").orElse("UTC");
    if (!zone.equals("UTC") && !ZoneId.getAvailableZoneIds().contains(zone)) {
      diagnostics.error(
          ErrorCode.MAINTENANCE_WINDOW,
          settings.position("upgrades.window.timeZone"),
          "'" + zone + "' is not an IANA time zone",
          "write a zone like Europe/Berlin, America/New_York or UTC");
    }
    if (diagnostics.errorCount() > before || start.isEmpty() || end.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Upgrades.MaintenanceWindow(days, start, end, zone));
  }

  private static String clock(Settings settings, String path, Diagnostics diagnostics) {
    Optional<String> text = settings.string(path);
    if (text.isEmpty()) {
      return "";
    }
    if (!CLOCK.matcher(text.get()).matches()) {
      diagnostics.error(
          ErrorCode.MAINTENANCE_WINDOW,
          settings.position(path),
          "'" + path + "' is not a time of day: '" + text.get() + "'",
          "write 24-hour HH:MM in quotes, e.g. \"02:00\"");
      return "";
    }
    return text.get();
  }
}
