package dev.fleetc.emit.k0s;

import dev.fleetc.model.Durations;
import dev.fleetc.model.UpgradeMethod;
import dev.fleetc.model.Upgrades;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code spec.options} of {@code k0sctl.yaml}: the cluster's {@code upgrades.workers} settings in
 * the terms of k0sctl's {@code Options} struct (k0sproject/k0sctl {@code
 * pkg/apis/k0sctl.k0sproject.io/v1beta1/cluster/options.go} @ v0.32.2, f4005b6b).
 *
 * <p>{@code drain} is always written: the fleet's defaults (10 minutes, no force) are not k0sctl's
 * (5 minutes, force). {@code concurrency} only when more than one worker may upgrade at once:
 * k0sctl's default already upgrades one at a time whatever the worker count (see {@link
 * #concurrency}).
 */
final class K0sctlOptions {

  private K0sctlOptions() {}

  /** The {@code spec.options} map, empty when the cluster is not upgraded by k0sctl. */
  static Map<String, Object> of(Upgrades upgrades) {
    Map<String, Object> options = new LinkedHashMap<>();
    if (upgrades.method() != UpgradeMethod.K0SCTL) {
      return options;
    }
    options.put("drain", drain(upgrades.drain()));
    Map<String, Object> concurrency = concurrency(upgrades.workerConcurrency());
    if (!concurrency.isEmpty()) {
      options.put("concurrency", concurrency);
    }
    return options;
  }

  /**
   * k0sctl's {@code DrainOption}. {@code enabled: false} is k0sctl's {@code --no-drain}: no cordon
   * either (FLEET-W045 says so at compile time). Durations in Go's {@code time.ParseDuration} form,
   * which gopkg.in/yaml.v2 decodes into {@code time.Duration}; {@code gracePeriod}, {@code
   * ignoreDaemonSets} and the rest keep k0sctl's defaults (the fleet has no such settings).
   */
  private static Map<String, Object> drain(Upgrades.Drain drain) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("enabled", drain.enabled());
    out.put("timeout", Durations.format(drain.timeout()));
    out.put("force", drain.force());
    out.put("deleteEmptyDirData", drain.deleteEmptyDirData());
    return out;
  }

  /**
   * k0sctl's {@code ConcurrencyOption} for at most {@code workers} workers at once.
   *
   * <p>{@code phase/upgrade_workers.go} computes the batch as {@code int(math.Floor(float64(n) *
   * float64(WorkerDisruptionPercent/100)))}, raised to 1 when 0, then {@code min(batch, Limit)},
   * where {@code n} is the number of workers that need the upgrade. {@code WorkerDisruptionPercent}
   * is an {@code int}, so {@code /100} is Go's integer division: below 100 the product is 0 and the
   * batch 1; at 100 it is {@code n}. No percentage expresses a batch between 1 and {@code n}; the
   * percentage 100 with {@code limit: workers} gives exactly {@code min(n, workers)} for every
   * {@code n}. {@code limit} is also k0sctl's {@code --concurrency}, the number of hosts every
   * other phase works on at once (default 30).
   */
  static Map<String, Object> concurrency(int workers) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (workers > 1) {
      out.put("limit", workers);
      out.put("workerDisruptionPercent", 100);
    }
    return out;
  }
}
