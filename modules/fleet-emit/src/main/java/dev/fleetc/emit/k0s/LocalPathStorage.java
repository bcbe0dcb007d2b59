package dev.fleetc.emit.k0s;

import dev.fleetc.emit.addons.AddonReleases;
import dev.fleetc.emit.addons.AddonReleases.AddonRelease;
import dev.fleetc.emit.support.JsonWriter;
import dev.fleetc.emit.support.YamlWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * local-path-provisioner as plain Kubernetes objects, for k0s without a GitOps engine (the project
 * publishes its Helm chart in Git only, which k0s Helm extensions cannot read). Image, namespace,
 * StorageClass name and reclaim policy come from the chart values of {@link AddonRelease}, so a
 * workload finds the same default StorageClass {@code local-path} (provisioner {@code
 * rancher.io/local-path}, volumes under {@code /opt/local-path-provisioner}) as on K3s or under a
 * GitOps engine.
 */
final class LocalPathStorage {

  static final String NAME = "local-path-provisioner";
  static final String SERVICE_ACCOUNT = "local-path-provisioner-service-account";
  static final String CONFIG_MAP = "local-path-config";
  static final String PROVISIONER = "rancher.io/local-path";
  static final String DATA_PATH = "/opt/local-path-provisioner";

  private LocalPathStorage() {}

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> objects(AddonRelease addon) {
    String namespace = addon.namespace();
    Map<String, Object> image = (Map<String, Object>) addon.values().get("image");
    Map<String, Object> storageClass = (Map<String, Object>) addon.values().get("storageClass");
    String imageRef = image.get("repository") + ":" + image.get("tag");
    return List.of(
        object("v1", "Namespace", namespace, null),
        object("v1", "ServiceAccount", SERVICE_ACCOUNT, namespace),
        with(
            object("rbac.authorization.k8s.io/v1", "Role", NAME, namespace),
            "rules",
            List.of(rule("", List.of("pods"), ALL_VERBS))),
        with(
            object("rbac.authorization.k8s.io/v1", "ClusterRole", NAME, null),
            "rules",
            List.of(
                rule(
                    "",
                    List.of("nodes", "persistentvolumeclaims", "configmaps", "pods", "pods/log"),
                    List.of("get", "list", "watch")),
                rule("", List.of("persistentvolumes"), ALL_VERBS),
                rule("", List.of("events"), List.of("create", "patch")),
                rule(
                    "storage.k8s.io", List.of("storageclasses"), List.of("get", "list", "watch")))),
        binding("RoleBinding", "Role", namespace),
        binding("ClusterRoleBinding", "ClusterRole", namespace),
        deployment(namespace, imageRef),
        storageClass(
            String.valueOf(storageClass.get("name")),
            String.valueOf(storageClass.get("defaultVolumeType")),
            String.valueOf(storageClass.get("reclaimPolicy"))),
        configMap(namespace));
  }

  private static final List<String> ALL_VERBS =
      List.of("get", "list", "watch", "create", "patch", "update", "delete");

  private static Map<String, Object> object(
      String apiVersion, String kind, String name, String namespace) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    metadata.put("labels", map("app.kubernetes.io/managed-by", "fleetc"));
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    object.put("metadata", metadata);
    return object;
  }

  /** An ordered map from alternating keys and values (Map.of would order them at random). */
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  private static Map<String, Object> with(Map<String, Object> object, String key, Object value) {
    object.put(key, value);
    return object;
  }

  private static Map<String, Object> rule(
      String group, List<String> resources, List<String> verbs) {
    Map<String, Object> rule = new LinkedHashMap<>();
    rule.put("apiGroups", List.of(group));
    rule.put("resources", resources);
    rule.put("verbs", verbs);
    return rule;
  }

  private static Map<String, Object> binding(String kind, String roleKind, String namespace) {
    Map<String, Object> binding =
        object(
            "rbac.authorization.k8s.io/v1",
            kind,
            NAME,
            kind.equals("RoleBinding") ? namespace : null);
    binding.put(
        "roleRef", map("apiGroup", "rbac.authorization.k8s.io", "kind", roleKind, "name", NAME));
    binding.put(
        "subjects",
        List.of(map("kind", "ServiceAccount", "name", SERVICE_ACCOUNT, "namespace", namespace)));
    return binding;
  }

  private static Map<String, Object> deployment(String namespace, String imageRef) {
    Map<String, Object> labels = map("app", NAME);
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", NAME);
    container.put("image", imageRef);
    container.put("imagePullPolicy", "IfNotPresent");
    container.put("command", List.of(NAME, "start", "--config", "/etc/config/config.json"));
    container.put(
        "volumeMounts", List.of(map("name", "config-volume", "mountPath", "/etc/config/")));
    container.put(
        "env",
        List.of(
            map(
                "name",
                "POD_NAMESPACE",
                "valueFrom",
                map("fieldRef", map("fieldPath", "metadata.namespace"))),
            map("name", "CONFIG_MOUNT_PATH", "value", "/etc/config/")));
    Map<String, Object> podSpec = new LinkedHashMap<>();
    podSpec.put("serviceAccountName", SERVICE_ACCOUNT);
    podSpec.put("containers", List.of(container));
    podSpec.put(
        "volumes", List.of(map("name", "config-volume", "configMap", map("name", CONFIG_MAP))));
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("replicas", 1);
    spec.put("selector", map("matchLabels", labels));
    spec.put("template", map("metadata", map("labels", labels), "spec", podSpec));
    return with(object("apps/v1", "Deployment", NAME, namespace), "spec", spec);
  }

  /**
   * As the chart's storageclass.yaml writes it: the provisioner reads the {@code defaultVolumeType}
   * annotation of the class (provisioner.go), "local" so that Velero's file-system backup, which
   * skips hostPath volumes, backs the volumes up.
   */
  private static Map<String, Object> storageClass(
      String name, String volumeType, String reclaimPolicy) {
    Map<String, Object> object = object("storage.k8s.io/v1", "StorageClass", name, null);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata = (Map<String, Object>) object.get("metadata");
    metadata.put(
        "annotations",
        map(
            "defaultVolumeType",
            volumeType,
            "storageclass.kubernetes.io/is-default-class",
            "true"));
    object.put("provisioner", PROVISIONER);
    object.put("volumeBindingMode", "WaitForFirstConsumer");
    object.put("reclaimPolicy", reclaimPolicy);
    return object;
  }

  private static Map<String, Object> configMap(String namespace) {
    Map<String, Object> config =
        map(
            "nodePathMap",
            List.of(map("node", "DEFAULT_PATH_FOR_NON_LISTED_NODES", "paths", List.of(DATA_PATH))));
    Map<String, Object> helperPod = new LinkedHashMap<>();
    helperPod.put("apiVersion", "v1");
    helperPod.put("kind", "Pod");
    helperPod.put("metadata", map("name", "helper-pod"));
    helperPod.put(
        "spec",
        map(
            "priorityClassName",
            "system-node-critical",
            "tolerations",
            List.of(
                map(
                    "key",
                    "node.kubernetes.io/disk-pressure",
                    "operator",
                    "Exists",
                    "effect",
                    "NoSchedule")),
            "containers",
            List.of(
                map(
                    "name",
                    "helper-pod",
                    "image",
                    AddonReleases.LOCAL_PATH_HELPER_IMAGE,
                    "imagePullPolicy",
                    "IfNotPresent"))));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("config.json", JsonWriter.write(config));
    data.put("setup", "#!/bin/sh\nset -eu\nmkdir -m 0777 -p \"$VOL_DIR\"\n");
    data.put("teardown", "#!/bin/sh\nset -eu\nrm -rf \"$VOL_DIR\"\n");
    data.put("helperPod.yaml", YamlWriter.writeRepeated(helperPod));
    return with(object("v1", "ConfigMap", CONFIG_MAP, namespace), "data", data);
  }
}
