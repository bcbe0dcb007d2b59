package dev.fleetc.emit.k0s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.model.Distribution;
import dev.fleetc.model.UpgradeMethod;
import dev.fleetc.model.Upgrades;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@code spec.options} against k0sctl's own code (k0sproject/k0sctl v0.32.2, f4005b6b): the worker
 * batch its {@code phase/upgrade_workers.go} computes from what fleetc writes is the one the fleet
 * promises, and every key written is a yaml tag of {@code
 * pkg/apis/k0sctl.k0sproject.io/v1beta1/cluster/options.go} with the Go type behind it (k0sctl
 * decodes its Cluster document strictly: an unknown key fails the apply).
 */
class K0sctlOptionsTest {

  /** The yaml tags of {@code Options} and its members at f4005b6b. */
  private static final Map<String, Set<String>> OPTION_KEYS =
      Map.of(
          "wait", Set.of("enabled"),
          "drain",
              Set.of(
                  "enabled",
                  "gracePeriod",
                  "timeout",
                  "force",
                  "ignoreDaemonSets",
                  "deleteEmptyDirData",
                  "podSelector",
                  "skipWaitForDeleteTimeout"),
          "concurrency", Set.of("limit", "workerDisruptionPercent", "uploads"),
          "evictTaint", Set.of("enabled", "taint", "effect", "controllerWorkers"));

  /** The {@code *bool}, {@code time.Duration} and {@code int} fields among them. */
  private static final Set<String> BOOLEANS =
      Set.of("enabled", "force", "ignoreDaemonSets", "deleteEmptyDirData", "controllerWorkers");

  private static final Set<String> DURATIONS =
      Set.of("gracePeriod", "timeout", "skipWaitForDeleteTimeout");
  private static final Set<String> INTEGERS = Set.of("limit", "workerDisruptionPercent", "uploads");

  /** What Go's {@code time.ParseDuration} takes of the forms fleetc writes. */
  private static final Pattern GO_DURATION = Pattern.compile("0s|(\\d+h)?(\\d+m)?(\\d+s)?");

  /**
   * k0sctl's worker batch, {@code UpgradeWorkers.Run}: {@code int(math.Floor(float64(len(p.hosts))
   * * float64(WorkerDisruptionPercent/100)))}, with Go's integer division inside, 0 raised to 1,
   * then {@code min(batch, Limit)}; the defaults of {@code ConcurrencyOption} (10 %, limit 30) for
   * keys not written.
   */
  static int k0sctlBatch(int workersToUpgrade, Map<String, Object> options) {
    @SuppressWarnings("unchecked")
    Map<String, Object> concurrency =
        (Map<String, Object>) options.getOrDefault("concurrency", Map.of());
    int percent = (Integer) concurrency.getOrDefault("workerDisruptionPercent", 10);
    int limit = (Integer) concurrency.getOrDefault("limit", 30);
    int batch = (int) Math.floor((double) workersToUpgrade * (double) (percent / 100));
    if (batch == 0) {
      batch = 1;
    }
    return Math.min(batch, limit);
  }

  private static Upgrades withConcurrency(int concurrency) {
    Upgrades d = Upgrades.defaultFor(Distribution.K0S);
    return new Upgrades(
        d.method(), concurrency, d.drain(), d.nodeSoak(), d.jobDeadline(), d.window());
  }

  @Property(tries = 3000)
  void k0sctlUpgradesExactlyTheRequestedWorkersAtOnce(
      @ForAll @IntRange(min = 1, max = 1000) int workersToUpgrade,
      @ForAll @IntRange(min = 1, max = 1000) int concurrency) {
    Map<String, Object> options = K0sctlOptions.of(withConcurrency(concurrency));
    assertThat(k0sctlBatch(workersToUpgrade, options))
        .isEqualTo(Math.min(workersToUpgrade, concurrency));
  }

  @Test
  void noPercentageBelowAHundredGivesMoreThanOneWorker() {
    // Why fleetc writes 100 and a limit: k0sctl's integer division leaves no percentage between.
    for (int percent = 0; percent < 100; percent++) {
      Map<String, Object> options =
          Map.of("concurrency", Map.of("workerDisruptionPercent", percent));
      assertThat(k0sctlBatch(1000, options)).isEqualTo(1);
    }
    assertThat(k0sctlBatch(1000, Map.of("concurrency", Map.of("workerDisruptionPercent", 100))))
        .isEqualTo(30);
  }

  @Test
  void theFleetDefaultsAreWrittenWhereK0sctlDiffers() {
    Map<String, Object> options = K0sctlOptions.of(Upgrades.defaultFor(Distribution.K0S));
    // k0sctl's own defaults are a 5m timeout and force: the fleet's are 10m and no force.
    assertThat(options)
        .isEqualTo(
            Map.of(
                "drain",
                Map.of(
                    "enabled",
                    true,
                    "timeout",
                    "10m",
                    "force",
                    false,
                    "deleteEmptyDirData",
                    true)));
  }

  @Test
  void theDrainSettingsMapOneToOne() {
    Upgrades d = Upgrades.defaultFor(Distribution.K0S);
    Upgrades set =
        new Upgrades(
            UpgradeMethod.K0SCTL,
            1,
            new Upgrades.Drain(false, Duration.ofMinutes(90), true, false),
            d.nodeSoak(),
            d.jobDeadline(),
            null);
    assertThat(K0sctlOptions.of(set).get("drain"))
        .isEqualTo(
            Map.of(
                "enabled", false, "timeout", "1h30m", "force", true, "deleteEmptyDirData", false));
  }

  @Test
  void nothingForAClusterUpgradedByHand() {
    Upgrades d = Upgrades.defaultFor(Distribution.K0S);
    Upgrades manual =
        new Upgrades(UpgradeMethod.MANUAL, 4, d.drain(), d.nodeSoak(), d.jobDeadline(), d.window());
    assertThat(K0sctlOptions.of(manual)).isEmpty();
  }

  @Property(tries = 500)
  void everyKeyWrittenIsAFieldOfK0sctlsOptionsStruct(
      @ForAll @IntRange(min = 1, max = 1000) int concurrency,
      @ForAll boolean enabled,
      @ForAll @IntRange(min = 1, max = 366 * 24 * 3600) int timeoutSeconds,
      @ForAll boolean force,
      @ForAll boolean deleteEmptyDirData) {
    Upgrades d = Upgrades.defaultFor(Distribution.K0S);
    Map<String, Object> options =
        K0sctlOptions.of(
            new Upgrades(
                UpgradeMethod.K0SCTL,
                concurrency,
                new Upgrades.Drain(
                    enabled, Duration.ofSeconds(timeoutSeconds), force, deleteEmptyDirData),
                d.nodeSoak(),
                d.jobDeadline(),
                null));
    assertThat(OPTION_KEYS).containsKeys(options.keySet().toArray(String[]::new));
    options.forEach(
        (section, value) -> {
          @SuppressWarnings("unchecked")
          Map<String, Object> fields = (Map<String, Object>) value;
          assertThat(OPTION_KEYS.get(section)).containsAll(fields.keySet());
          fields.forEach(
              (key, field) -> {
                if (BOOLEANS.contains(key)) {
                  assertThat(field).as(key).isInstanceOf(Boolean.class);
                } else if (DURATIONS.contains(key)) {
                  assertThat(field).as(key).isInstanceOf(String.class);
                  assertThat(GO_DURATION.matcher((String) field).matches()).as(key).isTrue();
                  assertThat((String) field).isNotEmpty();
                } else if (INTEGERS.contains(key)) {
                  assertThat((Integer) field).as(key).isPositive();
                } else {
                  throw new AssertionError("no type known for " + key);
                }
              });
        });
  }
}
