package dev.fleetc.emit.k0s;

import dev.fleetc.emit.addons.AddonReleases;
import dev.fleetc.emit.addons.AddonReleases.AddonRelease;
import dev.fleetc.emit.support.YamlWriter;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.GitOpsEngine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The add-ons of a k0s cluster without a GitOps engine: the same charts, versions and values as
 * {@link AddonReleases}, installed by k0s itself through {@code spec.extensions.helm} of the
 * ClusterConfig. local-path-provisioner publishes no Helm repository (its chart lives in Git), so
 * it comes as plain manifests ({@link LocalPathStorage}) that k0sctl applies after the cluster is
 * up.
 *
 * @param releases the resolved add-ons when k0s delivers them itself, else none
 */
record K0sAddons(List<AddonRelease> releases) {

  K0sAddons {
    releases = List.copyOf(releases);
  }

  /**
   * The cluster's add-ons, resolved once for the whole emit: the k0sctl document, its extra
   * documents and the runbook all read this one list.
   */
  static K0sAddons of(Cluster cluster) {
    return new K0sAddons(deliversItself(cluster) ? AddonReleases.resolved(cluster) : List.of());
  }

  /** Whether k0s delivers the add-ons itself. */
  static boolean deliversItself(Cluster cluster) {
    return cluster.gitops().engine() == GitOpsEngine.NONE;
  }

  /** The add-ons that go through the Helm extension, in install order. */
  List<AddonRelease> charts() {
    return releases.stream().filter(a -> !a.source().git()).toList();
  }

  /** The add-ons that k0sctl applies as manifests. */
  List<AddonRelease> manifests() {
    return releases.stream().filter(a -> a.source().git()).toList();
  }

  /** {@code spec.extensions} of the ClusterConfig, or an empty map when there is nothing to add. */
  Map<String, Object> extensions() {
    List<AddonRelease> charts = charts();
    if (charts.isEmpty()) {
      return Map.of();
    }
    Map<String, Map<String, Object>> repositories = new LinkedHashMap<>();
    List<Map<String, Object>> chartList = new ArrayList<>();
    for (AddonRelease addon : charts) {
      repositories.computeIfAbsent(
          addon.source().sourceName(),
          name -> {
            Map<String, Object> repository = new LinkedHashMap<>();
            repository.put("name", name);
            repository.put("url", addon.source().url());
            return repository;
          });
      Map<String, Object> chart = new LinkedHashMap<>();
      chart.put("name", addon.name());
      chart.put("chartname", addon.source().sourceName() + "/" + addon.source().chart());
      chart.put("version", addon.source().version());
      chart.put("namespace", addon.namespace());
      // k0s takes the values as one YAML string.
      chart.put("values", YamlWriter.writeRepeated(addon.values()));
      // k0s installs with --wait: a Velero or ingress roll-out on fresh nodes takes a while.
      chart.put("timeout", "10m");
      chart.put("order", chartList.size() + 1);
      chartList.add(chart);
    }
    Map<String, Object> helm = new LinkedHashMap<>();
    helm.put("repositories", List.copyOf(repositories.values()));
    helm.put("charts", chartList);
    Map<String, Object> extensions = new LinkedHashMap<>();
    extensions.put("helm", helm);
    return extensions;
  }

  /** Kubernetes objects that k0sctl applies on the leader at the end of {@code apply}. */
  List<Map<String, Object>> extraDocuments() {
    List<Map<String, Object>> documents = new ArrayList<>();
    for (AddonRelease addon : manifests()) {
      if (addon.role().equals("storage")) {
        documents.addAll(LocalPathStorage.objects(addon));
      } else {
        throw new IllegalStateException("no manifest form for add-on " + addon.name());
      }
    }
    return documents;
  }
}
