package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.values.GitBranch;
import dev.fleetc.compiler.values.GitUrl;
import dev.fleetc.compiler.values.KubernetesLabels;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.GitOpsEngine;
import java.util.Map;

/**
 * Applies the validators of {@code dev.fleetc.compiler.values} to the fields they govern, each
 * reported at the value's own position. Kept apart from {@link ClusterBinder} so that the calls
 * there stay one line each.
 */
final class ValueChecks {

  private ValueChecks() {}

  /** gitops.repository and gitops.branch. */
  static void gitops(
      GitOpsEngine engine,
      String repository,
      String branch,
      Settings settings,
      Diagnostics diagnostics) {
    if (!repository.isEmpty()) {
      GitUrl.Result url = GitUrl.check(repository, engine);
      if (url.problem() != null) {
        url.problem().report(diagnostics, settings.position("gitops.repository"));
      } else {
        url.checked()
            .warnings()
            .forEach(w -> w.report(diagnostics, settings.position("gitops.repository")));
      }
    }
    if (settings.string("gitops.branch").isPresent()) {
      GitBranch.check(branch)
          .ifPresent(p -> p.report(diagnostics, settings.position("gitops.branch")));
    }
  }

  /**
   * The cluster's labels and region, which fleetc writes as {@code fleetc.dev/<key>: <value>} and
   * {@code fleetc.dev/region: <region>} (Argo CD cluster registration).
   */
  static Map<String, String> clusterLabels(Settings settings, Diagnostics diagnostics) {
    settings
        .scalar("region")
        .ifPresent(
            r ->
                KubernetesLabels.checkValue(r.text(), "region")
                    .ifPresent(p -> p.report(diagnostics, r.position())));
    settings
        .node("labels")
        .filter(YMap.class::isInstance)
        .map(YMap.class::cast)
        .ifPresent(
            map ->
                map.entries()
                    .forEach(
                        e -> {
                          KubernetesLabels.checkName(e.key(), "cluster label")
                              .ifPresent(p -> p.report(diagnostics, e.keyPosition()));
                          if (e.value() instanceof YScalar s && !s.isNull()) {
                            KubernetesLabels.checkValue(s.text(), "cluster label")
                                .ifPresent(p -> p.report(diagnostics, s.position()));
                          }
                        }));
    return settings.stringMap("labels");
  }

  /** A node's labels and taints, which reach the kubelet's flags and config files. */
  static void nodeLabelsAndTaints(Settings node, Diagnostics diagnostics) {
    node.node("labels")
        .filter(YMap.class::isInstance)
        .map(YMap.class::cast)
        .ifPresent(
            map ->
                map.entries()
                    .forEach(
                        e -> {
                          KubernetesLabels.checkKey(e.key(), "node label")
                              .ifPresent(p -> p.report(diagnostics, e.keyPosition()));
                          if (e.value() instanceof YScalar s && !s.isNull()) {
                            KubernetesLabels.checkValue(s.text(), "node label")
                                .ifPresent(p -> p.report(diagnostics, s.position()));
                          }
                        }));
    node.node("taints")
        .filter(YSeq.class::isInstance)
        .map(YSeq.class::cast)
        .ifPresent(
            seq ->
                seq.items()
                    .forEach(
                        item -> {
                          if (item instanceof YScalar s && !s.isNull()) {
                            KubernetesLabels.checkTaint(s.text())
                                .ifPresent(p -> p.report(diagnostics, s.position()));
                          }
                        }));
  }
}
