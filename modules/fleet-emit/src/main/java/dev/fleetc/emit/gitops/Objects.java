package dev.fleetc.emit.gitops;

import dev.fleetc.emit.support.OrderedMaps;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builders for the objects this package writes: fabric8 models for core kinds, ordered maps for
 * custom resources (Flux, Argo CD) and kustomize files, so that field order is fixed.
 */
final class Objects {

  static final String KUSTOMIZE_API = "kustomize.config.k8s.io/v1beta1";
  static final String MANAGED_BY = "app.kubernetes.io/managed-by";
  static final String FLEETC = "fleetc";

  private Objects() {}

  /** An ordered map from alternating keys and values; {@code null} values are left out. */
  static Map<String, Object> map(Object... keysAndValues) {
    return OrderedMaps.map(keysAndValues);
  }

  /** A custom resource: apiVersion, kind, metadata (name, namespace), then spec. */
  static Map<String, Object> resource(
      String apiVersion, String kind, String name, String namespace, Map<String, Object> spec) {
    return map(
        "apiVersion",
        apiVersion,
        "kind",
        kind,
        "metadata",
        map("name", name, "namespace", namespace),
        "spec",
        spec);
  }

  /** A kustomize {@code kustomization.yaml}. */
  static Map<String, Object> kustomization(String namespace, List<String> resources) {
    return map(
        "apiVersion",
        KUSTOMIZE_API,
        "kind",
        "Kustomization",
        "namespace",
        namespace,
        "resources",
        resources);
  }

  static Namespace namespace(String name) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of(MANAGED_BY, FLEETC))
        .endMetadata()
        .build();
  }

  static ConfigMap configMap(String name, String namespace, Map<String, String> data) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(Map.of(MANAGED_BY, FLEETC))
        .endMetadata()
        .withData(new TreeMap<>(data))
        .build();
  }
}
