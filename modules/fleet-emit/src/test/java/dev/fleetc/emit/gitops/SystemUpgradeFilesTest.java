package dev.fleetc.emit.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.upgrades.SystemUpgradeController;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The K3s upgrade machinery under the GitOps path: the vendored system-upgrade-controller release
 * is the one the catalog records (version and sha256), the Plans validate against the vendored
 * CRD's OpenAPI v3 schema, the pair follows the K3s docs and the {@code upgrades:} settings, every
 * new folder builds with {@code kubectl kustomize}, and nothing else waits for the plans.
 */
class SystemUpgradeFilesTest {

  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");
  private final GitOpsEmitter emitter = new GitOpsEmitter();

  private static Path vendored(String version) {
    return Path.of(
        "src",
        "main",
        "resources",
        "dev",
        "fleetc",
        "emit",
        "upgrades",
        "system-upgrade-controller-" + version);
  }

  private static String sucVersion() {
    return ReleaseCatalog.builtIn()
        .row("system-upgrade-controller", "latest")
        .orElseThrow()
        .value();
  }

  private Map<String, String> gitopsFiles(Cluster cluster) {
    String prefix = cluster.gitops().path() + "/";
    Map<String, String> files = new TreeMap<>();
    for (Artifact a : emitter.emit(cluster)) {
      if (a.path().startsWith(prefix)) {
        files.put(a.path().substring(prefix.length()), a.content());
      }
    }
    return files;
  }

  private static Cluster golden(String name, String cluster) throws Exception {
    return GitOpsEmitterTest.compile(GOLDEN.resolve(name).resolve("fleet.yaml"))
        .cluster(cluster)
        .orElseThrow();
  }

  @Test
  void theVendoredReleaseIsTheOneTheCatalogRecords() throws Exception {
    String version = sucVersion();
    ReleaseCatalog catalog = ReleaseCatalog.builtIn();
    Map<String, String> assets =
        Map.of(
            "system-upgrade-controller",
            SystemUpgradeController.controllerManifest(version),
            "system-upgrade-controller-crd",
            SystemUpgradeController.crdManifest(version));
    for (Map.Entry<String, String> asset : assets.entrySet()) {
      ReleaseCatalog.Row row = catalog.row("manifest", asset.getKey()).orElseThrow();
      assertThat(row.value())
          .startsWith(
              "https://github.com/rancher/system-upgrade-controller/releases/download/<tag>/");
      Matcher sha = Pattern.compile("sha256:([0-9a-f]{64})").matcher(row.notes());
      assertThat(sha.find()).as(row.notes()).isTrue();
      String digest =
          HexFormat.of()
              .formatHex(
                  MessageDigest.getInstance("SHA-256")
                      .digest(asset.getValue().getBytes(StandardCharsets.UTF_8)));
      assertThat(digest).as(asset.getKey()).isEqualTo(sha.group(1));
    }
    // The release assets, not the repository's kustomization (which pins an older image).
    assertThat(SystemUpgradeController.controllerManifest(version))
        .contains("image: rancher/system-upgrade-controller:" + version + "\n")
        .doesNotContain("v0.14.0");
  }

  @Test
  void everyPlanMatchesTheVendoredCrd() throws Exception {
    CrdSchemas plans = new CrdSchemas(vendored(sucVersion()));
    int checked = 0;
    List<Cluster> clusters = new ArrayList<>(GitOpsEmitterTest.clusters());
    for (Cluster cluster : clusters) {
      if (!SystemUpgradeController.applies(cluster)) {
        continue;
      }
      for (Map<String, Object> plan : SystemUpgradeController.plans(cluster)) {
        assertThat(plans.problems(plan)).as("%s %s", cluster.name(), plan).isEmpty();
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(4);
    // The schema is strict: a day SUC does not know or a misspelled key is refused.
    Map<String, Object> bad =
        SystemUpgradeController.plans(golden("k3s-suc-upgrades", "shop")).get(1);
    @SuppressWarnings("unchecked")
    Map<String, Object> spec = new LinkedHashMap<>((Map<String, Object>) bad.get("spec"));
    spec.put("window", Map.of("days", List.of("someday"), "startTime", "02:00"));
    spec.put("drain", Map.of("deleteEmptyDirData", true));
    Map<String, Object> copy = new LinkedHashMap<>(bad);
    copy.put("spec", spec);
    assertThat(plans.problems(copy)).hasSizeGreaterThanOrEqualTo(2);
  }

  @Test
  @SuppressWarnings("unchecked")
  void thePlanPairFollowsTheK3sDocsAndTheUpgradeSettings() throws Exception {
    Cluster shop = golden("k3s-suc-upgrades", "shop");
    List<Map<String, Object>> plans = SystemUpgradeController.plans(shop);
    assertThat(plans).hasSize(2);
    Map<String, Object> server = (Map<String, Object>) plans.get(0).get("spec");
    Map<String, Object> agent = (Map<String, Object>) plans.get(1).get("spec");
    assertThat(((Map<String, Object>) plans.get(0).get("metadata")).get("name"))
        .isEqualTo("server-plan");
    assertThat(server)
        .containsEntry("concurrency", 1)
        .containsEntry("cordon", true)
        .containsEntry("version", shop.release().version())
        .containsEntry("serviceAccountName", "system-upgrade")
        .containsEntry("jobActiveDeadlineSecs", 1800L)
        .containsEntry("postCompleteDelay", "3m")
        .containsEntry(
            "window",
            Map.of(
                "days", List.of("tue", "wed", "thu"),
                "startTime", "02:00",
                "endTime", "05:00",
                "timeZone", "Europe/Berlin"));
    assertThat(server.get("nodeSelector").toString())
        .isEqualTo(
            "{matchExpressions=[{key=node-role.kubernetes.io/control-plane, operator=In,"
                + " values=[true]}]}");
    assertThat(server.get("upgrade"))
        .isEqualTo(
            Map.of("image", "rancher/k3s-upgrade:" + shop.release().version().replace('+', '-')));
    assertThat(agent)
        .containsEntry("concurrency", 2)
        .doesNotContainKey("cordon")
        .containsEntry(
            "drain",
            Map.of(
                "timeout",
                "20m",
                "deleteEmptydirData",
                false,
                "ignoreDaemonSets",
                true,
                "force",
                true));
    assertThat(agent.get("nodeSelector").toString()).contains("operator=DoesNotExist");
    assertThat(((Map<String, Object>) agent.get("prepare")).get("args").toString())
        .startsWith("[/bin/upgrade.sh prepare server-plan && ")
        .contains("fleetc.dev/applied-version=$SYSTEM_UPGRADE_PLAN_LATEST_VERSION");

    Cluster legacy = golden("k3s-suc-upgrades", "legacy");
    Map<String, Object> legacyAgent =
        (Map<String, Object>) SystemUpgradeController.plans(legacy).get(1).get("spec");
    assertThat(legacyAgent)
        .containsEntry("cordon", true)
        .doesNotContainKeys("drain", "window", "postCompleteDelay");

    // One server, no workers: no agent plan (it could only complete vacuously).
    assertThat(SystemUpgradeController.plans(golden("gitops-argocd", "lab"))).hasSize(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void fluxWaitsForThePlansAndNothingWaitsForThem() throws Exception {
    Map<String, String> shop = gitopsFiles(golden("k3s-suc-upgrades", "shop"));
    assertThat(shop.get("kustomization.yaml")).contains("- \"system-upgrade.yaml\"");
    List<Object> docs = CrdSchemas.documents(shop.get("system-upgrade.yaml"));
    Map<String, Object> controller = (Map<String, Object>) ((Map<?, ?>) docs.get(0)).get("spec");
    Map<String, Object> plans = (Map<String, Object>) ((Map<?, ?>) docs.get(1)).get("spec");
    assertThat(controller).containsEntry("wait", true).doesNotContainKey("dependsOn");
    assertThat(plans)
        .containsEntry("wait", true)
        .containsEntry("dependsOn", List.of(Map.of("name", "system-upgrade-controller")))
        .containsKey("healthCheckExprs");
    assertThat(plans.get("path").toString()).endsWith("/system-upgrade/plans");
    for (String file : List.of("infrastructure.yaml", "apps.yaml")) {
      assertThat(shop.get(file)).as(file).doesNotContain("system-upgrade");
    }
    // Flux 2.4 (Kubernetes 1.29) has no healthCheckExprs: the field is left out, not dropped
    // silently by the API server.
    Map<String, String> legacy = gitopsFiles(golden("k3s-suc-upgrades", "legacy"));
    assertThat(legacy.get("flux-system/kustomization.yaml")).contains("Flux Version: v2.4.");
    assertThat(legacy.get("system-upgrade.yaml"))
        .contains("wait: true")
        .doesNotContain("healthCheckExprs");
  }

  @Test
  void fluxLinesWithHealthCheckExpressions() {
    assertThat(FluxBootstrap.hasHealthCheckExprs("v2.4.0")).isFalse();
    assertThat(FluxBootstrap.hasHealthCheckExprs("v2.3.0")).isFalse();
    assertThat(FluxBootstrap.hasHealthCheckExprs("v2.5.1")).isTrue();
    assertThat(FluxBootstrap.hasHealthCheckExprs("v2.10.0")).isTrue();
  }

  @Test
  void everyNewFolderBuildsWithKustomize(@TempDir Path tmp) throws Exception {
    assumeTrue(Kustomize.available(), "kubectl not on PATH: kustomize build skipped");
    int built = 0;
    for (Cluster cluster : GitOpsEmitterTest.clusters()) {
      if (!SystemUpgradeController.applies(cluster)) {
        continue;
      }
      Map<String, String> files = gitopsFiles(cluster);
      List<String> folders =
          files.containsKey("flux-system/gotk-sync.yaml")
              ? List.of("system-upgrade/controller", "system-upgrade/plans")
              : List.of("system-upgrade");
      // The path and the shared folder it references, at their places in the output tree.
      Map<String, String> tree = new TreeMap<>();
      String root = cluster.gitops().path();
      files.forEach((path, content) -> tree.put(root + "/" + path, content));
      SharedFolders.files(List.of(cluster)).forEach(a -> tree.put(a.path(), a.content()));
      for (String folder : folders) {
        String[] error = new String[1];
        Optional<String> out =
            Kustomize.build(tmp.resolve(cluster.name() + built), tree, root + "/" + folder, error);
        assertThat(out)
            .as("kubectl kustomize %s/%s: %s", cluster.name(), folder, error[0])
            .isPresent();
        assertThat(out.get())
            .contains(folder.endsWith("controller") ? "kind: Deployment" : "kind: Plan");
        built++;
      }
    }
    assertThat(built).isGreaterThan(3);
  }

  /**
   * The Argo CD patch reaches {@code argocd-cm}: the folder built with a stand-in for the remote
   * install.yaml's ConfigMap carries the Lua script under the Plan's key.
   */
  @Test
  void argoCdConfigMapGetsThePlanHealthScript(@TempDir Path tmp) throws Exception {
    assumeTrue(Kustomize.available(), "kubectl not on PATH: kustomize build skipped");
    Map<String, String> lab = gitopsFiles(golden("gitops-argocd", "lab"));
    assertThat(lab.get("kustomization.yaml")).contains("- \"system-upgrade.yaml\"");
    assertThat(lab.get("system-upgrade.yaml"))
        .contains("kind: \"Application\"", "path: \"clusters/lab/system-upgrade\"");
    Map<String, String> argocd = new TreeMap<>();
    lab.forEach(
        (path, content) -> {
          if (path.startsWith("argocd/")) {
            argocd.put(path.substring("argocd/".length()), content);
          }
        });
    @SuppressWarnings("unchecked")
    Map<String, Object> kustomization =
        new LinkedHashMap<>(
            (Map<String, Object>) CrdSchemas.documents(argocd.get("kustomization.yaml")).get(0));
    List<Object> resources = new ArrayList<>((List<?>) kustomization.get("resources"));
    resources.add("stand-in.yaml");
    kustomization.put("resources", resources);
    argocd.put("kustomization.yaml", CrdSchemas.YAML.writeValueAsString(kustomization));
    argocd.put(
        "stand-in.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: argocd-cm\n  labels:\n"
            + "    app.kubernetes.io/part-of: argocd\n");
    String[] error = new String[1];
    Optional<String> out = Kustomize.build(tmp, argocd, error);
    assertThat(out).as("kubectl kustomize: %s", error[0]).isPresent();
    Map<?, ?> cm =
        CrdSchemas.documents(out.get()).stream()
            .map(d -> (Map<?, ?>) d)
            .filter(d -> "ConfigMap".equals(d.get("kind")))
            .findFirst()
            .orElseThrow();
    assertThat(((Map<?, ?>) cm.get("metadata")).get("namespace")).isEqualTo("argocd");
    assertThat(
            (String)
                ((Map<?, ?>) cm.get("data"))
                    .get("resource.customizations.health.upgrade.cattle.io_Plan"))
        .contains("fleetc.dev/applied-version", "hs.status = \"Healthy\"");
  }

  @Test
  void clustersWithoutSucGetNoUpgradeFiles() throws Exception {
    Fleet acme = GitOpsEmitterTest.acme();
    for (Cluster cluster : acme.clusters()) {
      boolean suc = SystemUpgradeController.applies(cluster);
      assertThat(suc).as(cluster.name()).isEqualTo(cluster.distribution().id().equals("k3s"));
      assertThat(
              gitopsFiles(cluster).keySet().stream().anyMatch(f -> f.startsWith("system-upgrade")))
          .as(cluster.name())
          .isEqualTo(suc && cluster.gitops().engine() != dev.fleetc.model.GitOpsEngine.NONE);
    }
  }
}
