package dev.fleetc.emit.addons;

import static dev.fleetc.emit.support.OrderedMaps.map;

import dev.fleetc.model.Cluster;
import dev.fleetc.model.IngressController;
import dev.fleetc.model.StorageProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The add-ons of a cluster as Helm releases, whatever the engine and the distribution. Versions
 * come from the cluster's pinned components (the release catalog); cluster-specific values are
 * asked from a resolver, which returns {@code ${name}} under Flux (substituted from {@code
 * cluster-vars}) and the value itself under Argo CD and the distributions' native mechanisms
 * ({@link #resolved}). Public so that the K3s and k0s emitters deliver the same charts with the
 * same values when no GitOps engine runs.
 */
public final class AddonReleases {

  /** Names of the variables in {@code cluster-vars}. */
  public static final String CLUSTER_NAME = "cluster_name";

  public static final String CLUSTER_REGION = "cluster_region";
  public static final String VELERO_BUCKET = "velero_bucket";
  public static final String VELERO_REGION = "velero_region";
  public static final String VELERO_SCHEDULE = "velero_schedule";

  /** The kubelet root directory, where Velero's node agent reads pod volumes. */
  public static final String KUBELET_ROOT_DIR = "kubelet_root_dir";

  /** A node address where a hostPort Traefik answers, reported in Ingress status. */
  public static final String INGRESS_ADDRESS = "ingress_address";

  /** The Secret (namespace velero, key {@code cloud}) the operator creates; never written. */
  public static final String VELERO_CREDENTIALS_SECRET = "velero-credentials";

  public static final String STORAGE_CLASS = "local-path";

  /** The volume type the {@code local-path} class creates ({@code defaultVolumeType}). */
  public static final String LOCAL_VOLUME_TYPE = "local";

  /**
   * The local-path provisioner's helper pod image (creates and removes volume folders), pinned by
   * tag: the chart defaults to {@code busybox:latest} and the plain manifests to an untagged {@code
   * busybox}. 1.37.0 is the busybox K3s ships beside the same provisioner (k3s-io/k3s#13237, in
   * v1.35.0+k3s1); no upstream copy confirmed a digest, so it is not pinned by digest.
   */
  public static final String LOCAL_PATH_HELPER_REPOSITORY = "docker.io/library/busybox";

  public static final String LOCAL_PATH_HELPER_TAG = "1.37.0";

  public static final String LOCAL_PATH_HELPER_IMAGE =
      LOCAL_PATH_HELPER_REPOSITORY + ":" + LOCAL_PATH_HELPER_TAG;

  /**
   * Where a chart comes from.
   *
   * @param sourceName the name of the Flux source object
   * @param url a Helm repository URL, or a Git URL when {@code gitPath} is set
   * @param chart the chart name in a Helm repository, or {@code null} for Git
   * @param version the chart version, or the Git tag
   * @param gitPath the chart's folder inside the Git repository, or {@code null}
   */
  public record ChartSource(
      String sourceName, String url, String chart, String version, String gitPath) {

    public boolean git() {
      return gitPath != null;
    }
  }

  /**
   * One add-on.
   *
   * @param role {@code ingress}, {@code storage} or {@code backup}: the file name under the add-ons
   *     folder, so clusters that choose different products still share file names
   */
  public record AddonRelease(
      String role, String name, String namespace, ChartSource source, Map<String, Object> values) {}

  private AddonReleases() {}

  /** The values that differ between clusters, by variable name, sorted. */
  public static Map<String, String> clusterVars(Cluster cluster) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.put(CLUSTER_NAME, cluster.name());
    vars.put(CLUSTER_REGION, cluster.region());
    if (cluster.addons().ingress() == IngressController.TRAEFIK
        && IngressExposure.of(cluster) == IngressExposure.HOST_PORT) {
      IngressExposure.nodeAddress(cluster).ifPresent(a -> vars.put(INGRESS_ADDRESS, a));
    }
    cluster
        .addons()
        .backupIfAny()
        .ifPresent(
            v -> {
              vars.put(VELERO_BUCKET, v.bucket());
              vars.put(VELERO_REGION, v.region());
              vars.put(VELERO_SCHEDULE, v.schedule());
              vars.put(KUBELET_ROOT_DIR, KubeletPaths.rootDir(cluster));
            });
    return vars;
  }

  /** The add-ons with every cluster-specific value filled in (no variables). */
  public static List<AddonRelease> resolved(Cluster cluster) {
    Map<String, String> vars = clusterVars(cluster);
    return of(cluster, vars::get);
  }

  public static List<AddonRelease> of(Cluster cluster, UnaryOperator<String> var) {
    List<AddonRelease> addons = new ArrayList<>();
    Map<String, String> pinned = cluster.release().components();
    if (cluster.addons().ingress() == IngressController.TRAEFIK) {
      addons.add(
          new AddonRelease(
              "ingress",
              "traefik",
              "traefik",
              new ChartSource(
                  "traefik",
                  "https://traefik.github.io/charts",
                  "traefik",
                  pinned.get("chart/traefik"),
                  null),
              traefikValues(cluster, var)));
    } else if (cluster.addons().ingress() == IngressController.INGRESS_NGINX) {
      addons.add(
          new AddonRelease(
              "ingress",
              "ingress-nginx",
              "ingress-nginx",
              new ChartSource(
                  "ingress-nginx",
                  "https://kubernetes.github.io/ingress-nginx",
                  "ingress-nginx",
                  pinned.get("chart/ingress-nginx"),
                  null),
              ingressNginxValues(IngressExposure.of(cluster))));
    }
    if (cluster.addons().storage() == StorageProvider.LOCAL_PATH) {
      // No Helm repository is published: the chart is read from the release tag in Git.
      addons.add(
          new AddonRelease(
              "storage",
              "local-path-provisioner",
              "local-path-storage",
              new ChartSource(
                  "local-path-provisioner",
                  "https://github.com/rancher/local-path-provisioner.git",
                  null,
                  pinned.get("local-path-provisioner"),
                  "deploy/chart/local-path-provisioner"),
              map(
                  "image",
                  map(
                      "repository",
                      "rancher/local-path-provisioner",
                      "tag",
                      pinned.get("local-path-provisioner")),
                  "helperImage",
                  map("repository", LOCAL_PATH_HELPER_REPOSITORY, "tag", LOCAL_PATH_HELPER_TAG),
                  "storageClass",
                  map(
                      "create",
                      true,
                      "name",
                      STORAGE_CLASS,
                      "defaultClass",
                      true,
                      // Velero's file-system backup skips hostPath volumes, the provisioner's
                      // default; "local" volumes are backed up (rancher/local-path-provisioner
                      // README "Volume Types", provisioner.go).
                      "defaultVolumeType",
                      LOCAL_VOLUME_TYPE,
                      "reclaimPolicy",
                      "Delete"))));
    }
    cluster.addons().backupIfAny().ifPresent(velero -> addons.add(velero(pinned, var)));
    return addons;
  }

  private static Map<String, Object> traefikValues(Cluster cluster, UnaryOperator<String> var) {
    Map<String, Object> values =
        map("ingressClass", map("enabled", true, "isDefaultClass", true, "name", "traefik"));
    if (IngressExposure.of(cluster) == IngressExposure.HOST_PORT) {
      // traefik/traefik-helm-chart traefik/values.yaml: deployment.kind, ports.<name>.hostPort,
      // service.spec (the Service type), updateStrategy. A DaemonSet that holds hostPorts cannot
      // surge: the new pod would wait for the ports the old one holds.
      values.put("deployment", map("kind", "DaemonSet"));
      values.put("ports", map("web", map("hostPort", 80), "websecure", map("hostPort", 443)));
      values.put("service", map("spec", map("type", "ClusterIP")));
      values.put(
          "updateStrategy",
          map("type", "RollingUpdate", "rollingUpdate", map("maxUnavailable", 1, "maxSurge", 0)));
      // Ingress status: a node address instead of the ClusterIP Service, which Traefik would
      // report as no address at all (providers.kubernetesIngress.ingressEndpoint). None on a
      // cluster whose controller runs on no node of the fleet (acknowledge: [no-ingress-node]).
      IngressExposure.nodeAddress(cluster)
          .ifPresent(
              address ->
                  values.put(
                      "providers",
                      map(
                          "kubernetesIngress",
                          map(
                              "publishedService",
                              map("enabled", false),
                              "ingressEndpoint",
                              map(
                                  IngressExposure.isIp(address) ? "ip" : "hostname",
                                  var.apply(INGRESS_ADDRESS))))));
    }
    return values;
  }

  private static Map<String, Object> ingressNginxValues(IngressExposure exposure) {
    Map<String, Object> controller =
        map("ingressClassResource", map("name", "nginx", "enabled", true, "default", true));
    if (exposure == IngressExposure.HOST_PORT) {
      // kubernetes/ingress-nginx charts/ingress-nginx/values.yaml: controller.kind,
      // controller.hostPort, controller.service.type; Ingress status from the nodes' internal
      // addresses instead of a Service that has none (docs/deploy/baremetal.md).
      controller.put("kind", "DaemonSet");
      controller.put("hostPort", map("enabled", true));
      controller.put("service", map("type", "ClusterIP"));
      controller.put("publishService", map("enabled", false));
      controller.put("reportNodeInternalIp", true);
    }
    return map("controller", controller);
  }

  private static AddonRelease velero(Map<String, String> pinned, UnaryOperator<String> var) {
    String plugin = pinned.get("velero-plugin-for-aws");
    Map<String, Object> values =
        map(
            "image",
            map("repository", "velero/velero", "tag", pinned.get("velero")),
            "initContainers",
            List.of(
                map(
                    "name",
                    "velero-plugin-for-aws",
                    "image",
                    "velero/velero-plugin-for-aws:" + plugin,
                    "imagePullPolicy",
                    "IfNotPresent",
                    "volumeMounts",
                    List.of(map("mountPath", "/target", "name", "plugins")))),
            "credentials",
            map("useSecret", true, "existingSecret", VELERO_CREDENTIALS_SECRET),
            // Bare metal has no cloud volume snapshots: volume data goes to the bucket through
            // the node agent's file-system backup (kopia), for every pod volume by default.
            "snapshotsEnabled",
            false,
            "deployNodeAgent",
            true,
            "nodeAgent",
            map(
                "podVolumePath",
                var.apply(KUBELET_ROOT_DIR) + "/pods",
                "pluginVolumePath",
                var.apply(KUBELET_ROOT_DIR) + "/plugins",
                // The node agent backs up the volumes of pods on its own node: it must run on
                // tainted nodes too, or their pods' volumes are silently skipped.
                "tolerations",
                List.of(map("operator", "Exists"))),
            "configuration",
            map(
                "backupStorageLocation",
                List.of(
                    map(
                        "name",
                        "default",
                        "provider",
                        "aws",
                        "default",
                        true,
                        "bucket",
                        var.apply(VELERO_BUCKET),
                        // Clusters share a bucket: each writes under its own prefix.
                        "prefix",
                        var.apply(CLUSTER_NAME),
                        "config",
                        map("region", var.apply(VELERO_REGION)))),
                "defaultVolumesToFsBackup",
                true),
            "schedules",
            map(
                "fleet-daily",
                map(
                    "disabled",
                    false,
                    "schedule",
                    var.apply(VELERO_SCHEDULE),
                    "useOwnerReferencesInBackup",
                    false,
                    "template",
                    map("ttl", "720h0m0s", "storageLocation", "default"))));
    return new AddonRelease(
        "backup",
        "velero",
        "velero",
        new ChartSource(
            "vmware-tanzu",
            "https://vmware-tanzu.github.io/helm-charts",
            "velero",
            pinned.get("chart/velero"),
            null),
        values);
  }
}
