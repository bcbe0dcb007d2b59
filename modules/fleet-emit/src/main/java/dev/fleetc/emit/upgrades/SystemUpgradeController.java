package dev.fleetc.emit.upgrades;

import static dev.fleetc.emit.support.OrderedMaps.map;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Durations;
import dev.fleetc.model.UpgradeMethod;
import dev.fleetc.model.Upgrades;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rancher's system-upgrade-controller (SUC) for a K3s cluster: the vendored release assets and the
 * server/agent Plan pair of the K3s docs ("Automated Upgrades"), at the cluster's effective
 * version. Every key is cited in {@code docs/targets/system-upgrade-controller.md}.
 */
public final class SystemUpgradeController {

  /** The catalog component (releases.tsv) whose value is the vendored release. */
  public static final String COMPONENT = "system-upgrade-controller";

  /** Where the release manifest puts the controller; Plans must live in the same namespace. */
  public static final String NAMESPACE = "system-upgrade";

  public static final String PLAN_API = "upgrade.cattle.io/v1";
  public static final String SERVER_PLAN = "server-plan";
  public static final String AGENT_PLAN = "agent-plan";

  /**
   * Written on a Plan by the prepare step of each of its node jobs: the version that job applies.
   * SUC's own status cannot tell a plan that upgraded its nodes from one that matched none (both
   * end {@code Complete}); this annotation can.
   */
  public static final String APPLIED_VERSION = "fleetc.dev/applied-version";

  static final String SERVICE_ACCOUNT = "system-upgrade";
  static final String UPGRADE_IMAGE = "rancher/k3s-upgrade";
  static final String CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";

  private static final String RESOURCES = "/dev/fleetc/emit/upgrades/system-upgrade-controller-";
  private static final Map<String, Artifact> VENDORED = new ConcurrentHashMap<>();

  /**
   * The prepare step's witness: annotate the Plan with the version this job applies (the controller
   * sets both variables on every container of the job; the job's service account may patch Plans
   * through the release's ClusterRole).
   */
  private static final String ANNOTATE =
      "/opt/k3s kubectl annotate --overwrite plan -n "
          + NAMESPACE
          + " \"$SYSTEM_UPGRADE_PLAN_NAME\" \""
          + APPLIED_VERSION
          + "=$SYSTEM_UPGRADE_PLAN_LATEST_VERSION\"";

  private SystemUpgradeController() {}

  /** Whether a generated file is a cluster's Plan pair (Flux or Argo CD layout). */
  public static boolean isPlanFile(String path) {
    return path.endsWith("/system-upgrade/plans/plans.yaml")
        || path.endsWith("/system-upgrade/plans.yaml");
  }

  /** Whether this cluster's nodes upgrade through SUC (K3s, {@code upgrades.method: suc}). */
  public static boolean applies(Cluster cluster) {
    return cluster.upgrades().method() == UpgradeMethod.SUC
        && cluster.release().components().containsKey(COMPONENT);
  }

  /** The pinned release, e.g. {@code v0.20.1}. */
  public static String version(Cluster cluster) {
    return cluster.release().component(COMPONENT);
  }

  /** The release asset {@code system-upgrade-controller.yaml} of the pinned version, unchanged. */
  public static String controllerManifest(String version) {
    return vendored(version, "system-upgrade-controller.yaml").content();
  }

  /** The release asset {@code crd.yaml} (the Plan CRD) of the pinned version, unchanged. */
  public static String crdManifest(String version) {
    return vendored(version, "crd.yaml").content();
  }

  /**
   * The release asset {@code system-upgrade-controller.yaml} as a file at {@code path}: every
   * cluster shares one copy of its bytes and digest.
   */
  public static Artifact controllerFile(String version, String path) {
    return vendored(version, "system-upgrade-controller.yaml").copyTo(path, ArtifactKind.MANIFEST);
  }

  /** The release asset {@code crd.yaml} as a file at {@code path}, shared like the controller. */
  public static Artifact crdFile(String version, String path) {
    return vendored(version, "crd.yaml").copyTo(path, ArtifactKind.MANIFEST);
  }

  /**
   * The fleet's one copy of the vendored release, {@code
   * shared/system-upgrade-controller/<version>}: the release assets are the same bytes for every
   * cluster that pins the version (nothing in them depends on the cluster), so each cluster's path
   * references this folder instead of holding a copy (docs/upgrades.md, "What it costs").
   */
  public static String sharedFolder(String version) {
    return OutputLayout.SHARED + "/" + COMPONENT + "/" + version;
  }

  /** Loads the vendored files of every version the catalog may pin (start-up work, once). */
  public static void prepare(String version) {
    controllerManifest(version);
    crdManifest(version);
  }

  private static Artifact vendored(String version, String file) {
    return VENDORED.computeIfAbsent(
        version + "/" + file,
        key -> {
          try (InputStream in =
              SystemUpgradeController.class.getResourceAsStream(RESOURCES + key)) {
            if (in == null) {
              throw new IllegalStateException(
                  "no vendored system-upgrade-controller " + key + " (catalog pin without files)");
            }
            return Artifact.of(
                key, ArtifactKind.MANIFEST, new String(in.readAllBytes(), StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * The Plan pair at the cluster's effective version: servers one at a time, cordoned; agents (when
   * the cluster has workers) after every server reached the version, {@code workers.concurrency} at
   * a time, drained or cordoned.
   */
  public static List<Map<String, Object>> plans(Cluster cluster) {
    return plans(PlanInputs.of(cluster));
  }

  /** Everything of a cluster that its Plans depend on; equal inputs give the same Plans. */
  public record PlanInputs(Upgrades upgrades, String version, boolean withWorkers) {
    public static PlanInputs of(Cluster cluster) {
      return new PlanInputs(
          cluster.upgrades(), cluster.release().version(), !cluster.workers().isEmpty());
    }
  }

  /** The Plans of {@code inputs} alone (so that they can be written once for equal inputs). */
  public static List<Map<String, Object>> plans(PlanInputs inputs) {
    Upgrades upgrades = inputs.upgrades();
    String version = inputs.version();
    // The tag SUC would derive from the version ("+" is not allowed in a tag), written out so the
    // image is pinned in the file itself.
    String image = UPGRADE_IMAGE + ":" + version.replace('+', '-');
    List<Map<String, Object>> plans = new ArrayList<>();
    plans.add(
        plan(
            SERVER_PLAN,
            map(
                "concurrency",
                1,
                "cordon",
                true,
                "nodeSelector",
                selector("In", List.of("true")),
                "serviceAccountName",
                SERVICE_ACCOUNT,
                "version",
                version,
                "jobActiveDeadlineSecs",
                upgrades.jobDeadline().getSeconds(),
                "postCompleteDelay",
                soak(upgrades),
                "window",
                window(upgrades),
                "tolerations",
                List.of(map("operator", "Exists")),
                "prepare",
                map("image", image, "command", List.of("/bin/sh", "-c"), "args", List.of(ANNOTATE)),
                "upgrade",
                map("image", image))));
    if (inputs.withWorkers()) {
      Upgrades.Drain drain = upgrades.drain();
      plans.add(
          plan(
              AGENT_PLAN,
              map(
                  "concurrency",
                  upgrades.workerConcurrency(),
                  "cordon",
                  drain.enabled() ? null : true,
                  "drain",
                  drain.enabled()
                      ? map(
                          "timeout",
                          Durations.format(drain.timeout()),
                          "deleteEmptydirData",
                          drain.deleteEmptyDirData(),
                          "ignoreDaemonSets",
                          true,
                          "force",
                          drain.force() ? true : null)
                      : null,
                  "nodeSelector",
                  selector("DoesNotExist", null),
                  "serviceAccountName",
                  SERVICE_ACCOUNT,
                  "version",
                  version,
                  "jobActiveDeadlineSecs",
                  upgrades.jobDeadline().getSeconds(),
                  "postCompleteDelay",
                  soak(upgrades),
                  "window",
                  window(upgrades),
                  "tolerations",
                  List.of(map("operator", "Exists")),
                  "prepare",
                  map(
                      "image",
                      image,
                      "command",
                      List.of("/bin/sh", "-c"),
                      "args",
                      // k3s-upgrade's own prepare step first: wait until the server plan is done
                      // and every control-plane node runs the version.
                      List.of("/bin/upgrade.sh prepare " + SERVER_PLAN + " && " + ANNOTATE)),
                  "upgrade",
                  map("image", image))));
    }
    return plans;
  }

  private static Map<String, Object> plan(String name, Map<String, Object> spec) {
    return map(
        "apiVersion",
        PLAN_API,
        "kind",
        "Plan",
        "metadata",
        map("name", name, "namespace", NAMESPACE),
        "spec",
        spec);
  }

  private static Map<String, Object> selector(String operator, List<String> values) {
    return map(
        "matchExpressions",
        List.of(map("key", CONTROL_PLANE_LABEL, "operator", operator, "values", values)));
  }

  private static String soak(Upgrades upgrades) {
    return upgrades.nodeSoak().isZero() ? null : Durations.format(upgrades.nodeSoak());
  }

  private static Map<String, Object> window(Upgrades upgrades) {
    Optional<Upgrades.MaintenanceWindow> window = upgrades.windowIfAny();
    return window
        .map(
            w ->
                map(
                    "days",
                    w.days(),
                    "startTime",
                    w.start(),
                    "endTime",
                    w.end(),
                    "timeZone",
                    w.timeZone()))
        .orElse(null);
  }
}
