package dev.fleetc.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How one cluster's nodes are upgraded when its effective version changes.
 *
 * @param method resolved ({@code auto} already replaced by the distribution's default)
 * @param workerConcurrency how many workers upgrade at once (control-plane nodes: always one)
 * @param drain whether and how a node is drained before it upgrades
 * @param nodeSoak how long to wait after a node upgraded before the next one starts
 * @param jobDeadline how long one node's upgrade may take before it counts as failed
 * @param window when upgrades may run, or {@code null} for any time
 */
public record Upgrades(
    UpgradeMethod method,
    int workerConcurrency,
    Drain drain,
    Duration nodeSoak,
    Duration jobDeadline,
    MaintenanceWindow window) {

  public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_JOB_DEADLINE = Duration.ofMinutes(15);

  /** What a cluster that says nothing about upgrades gets. */
  public static Upgrades defaultFor(Distribution distribution) {
    return new Upgrades(
        UpgradeMethod.defaultFor(distribution),
        1,
        new Drain(true, DEFAULT_DRAIN_TIMEOUT, false, true),
        Duration.ZERO,
        DEFAULT_JOB_DEADLINE,
        null);
  }

  public Optional<MaintenanceWindow> windowIfAny() {
    return Optional.ofNullable(window);
  }

  /**
   * Draining a node before its upgrade.
   *
   * @param enabled whether to drain at all (else the node is only cordoned)
   * @param timeout how long eviction may take
   * @param force also delete pods that no controller manages
   * @param deleteEmptyDirData allow evicting pods with emptyDir volumes (their data is lost)
   */
  public record Drain(
      boolean enabled, Duration timeout, boolean force, boolean deleteEmptyDirData) {}

  /**
   * When upgrades may start: on these days, from {@code start} until {@code end} (24-hour {@code
   * HH:MM}; an end before the start runs past midnight), in {@code timeZone} (an IANA zone).
   */
  public record MaintenanceWindow(List<String> days, String start, String end, String timeZone) {
    public MaintenanceWindow {
      days = List.copyOf(days);
    }
  }
}
