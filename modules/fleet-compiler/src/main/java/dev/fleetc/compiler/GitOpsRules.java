package dev.fleetc.compiler;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.catalog.SupportWindows;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.values.SafePaths;
import dev.fleetc.model.GitOps;
import dev.fleetc.model.GitOpsEngine;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A cluster's GitOps settings: the engine, repository, branch and path (a relative folder that
 * stays inside the output), and the engine release: the catalog's choice for its Kubernetes minor,
 * or the release pinned with {@code gitops.version}, which must be a release the catalog knows to
 * support that minor.
 */
final class GitOpsRules {

  private static final Pattern TAG = Pattern.compile("v\\d+\\.\\d+\\.\\d+");
  private static final Pattern LINE = Pattern.compile("v(\\d+\\.\\d+)\\.\\d+");

  private GitOpsRules() {}

  /** Binds the cluster's GitOps settings; the path defaults to {@code clusters/NAME}. */
  static GitOps bind(String cluster, Settings settings, Diagnostics diagnostics) {
    GitOpsEngine engine =
        settings.string("gitops.engine").flatMap(GitOpsEngine::fromId).orElse(GitOpsEngine.NONE);
    String repository = settings.string("gitops.repository").orElse("");
    boolean oci = settings.string("gitops.source").orElse("git").equals("oci");
    if (engine != GitOpsEngine.NONE && repository.isEmpty() && !oci) {
      diagnostics.error(
          ErrorCode.MISSING_FIELD,
          settings.position("gitops.engine"),
          "cluster '" + cluster + "' syncs with " + engine.id() + " but names no repository",
          "set gitops.repository to the Git URL the cluster pulls from");
    }
    String path = settings.string("gitops.path").orElse("clusters/" + cluster);
    if (settings.string("gitops.path").isPresent()) { // the default is made of a checked name
      SafePaths.checkOutput("gitops.path", path, "clusters/" + cluster)
          .ifPresent(problem -> problem.report(diagnostics, settings.position("gitops.path")));
    }
    String branch = settings.string("gitops.branch").orElse("main");
    ValueChecks.gitops(engine, repository, branch, settings, diagnostics);
    return new GitOps(
        engine,
        repository,
        branch,
        path,
        GitAuthRules.bind(settings, engine, repository, diagnostics),
        OciSourceRules.bind(cluster, engine, settings, diagnostics));
  }

  /** The catalog's releases of a GitOps tool, for a message (built only when one is written). */
  private static String knownReleases(ReleaseCatalog catalog, String tool) {
    return String.join(", ", catalog.rows(tool).values().stream().map(r -> r.value()).toList());
  }

  /**
   * Replaces the catalog's pick of the cluster's engine in {@code components} by the pinned
   * release, reporting a pin that is malformed or outside the engine's supported range.
   */
  static void pinEngine(
      Settings settings,
      ReleaseCatalog catalog,
      String kubernetesMinor,
      Map<String, String> components,
      Diagnostics diagnostics) {
    Optional<GitOpsEngine> engine = settings.string("gitops.engine").flatMap(GitOpsEngine::fromId);
    Optional<String> pinned = settings.string("gitops.version");
    // Only the cluster's own engine is pinned: a plan must not report an Argo CD upgrade for a
    // Flux cluster because the catalog's Argo CD pick moved with the minor.
    String own = engine.map(GitOpsEngine::id).orElse("");
    for (GitOpsEngine other : GitOpsEngine.values()) {
      if (!other.id().equals(own)) {
        components.remove(other.id());
      }
    }
    if (engine.isEmpty() || engine.get() == GitOpsEngine.NONE) {
      return;
    }
    String tool = engine.get().id();
    if (pinned.isEmpty()) {
      if (!components.containsKey(tool)) {
        diagnostics.error(
            ErrorCode.UNSUPPORTED_GITOPS_VERSION,
            settings.position("gitops.engine"),
            "the release catalog has no " + tool + " release for Kubernetes " + kubernetesMinor,
            "known releases: "
                + knownReleases(catalog, tool)
                + "; pick another 'kubernetes' minor");
      } else {
        warnUnstated(settings, catalog, tool, components.get(tool), kubernetesMinor, diagnostics);
        warnEndOfSupport(
            settings, catalog, tool, components.get(tool), kubernetesMinor, diagnostics);
      }
      return;
    }
    String version = pinned.get();
    if (!TAG.matcher(version).matches()) {
      diagnostics.error(
          ErrorCode.UNSUPPORTED_GITOPS_VERSION,
          settings.position("gitops.version"),
          "gitops.version '" + version + "' is not a " + tool + " release tag",
          "write the tag with its v, e.g. " + components.getOrDefault(tool, "v2.9.6"));
      return;
    }
    Optional<ReleaseCatalog.SupportRange> range = catalog.supportRange(tool, version);
    if (range.isEmpty()) {
      diagnostics.error(
          ErrorCode.UNSUPPORTED_GITOPS_VERSION,
          settings.position("gitops.version"),
          "the release catalog knows no " + tool + " release line of " + version,
          "pin a release of a known line ("
              + knownReleases(catalog, tool)
              + ") or leave gitops.version out");
      return;
    }
    if (!range.get().contains(kubernetesMinor)) {
      diagnostics.error(
          ErrorCode.UNSUPPORTED_GITOPS_VERSION,
          settings.position("gitops.version"),
          tool
              + " "
              + version
              + " supports Kubernetes "
              + range.get().describe()
              + ", not "
              + kubernetesMinor,
          catalog
              .toolFor(tool, kubernetesMinor)
              .map(v -> "leave gitops.version out to get " + v + ", or raise 'kubernetes'")
              .orElse("raise 'kubernetes' into the supported range"));
      return;
    }
    components.put(tool, version);
    warnUnstated(settings, catalog, tool, version, kubernetesMinor, diagnostics);
    warnEndOfSupport(settings, catalog, tool, version, kubernetesMinor, diagnostics);
  }

  /**
   * FLEET-W026 when the engine's release line is past upstream support at the catalog's date,
   * naming the first line still supported and the Kubernetes minor that both it and upstream
   * Kubernetes support.
   */
  private static void warnEndOfSupport(
      Settings settings,
      ReleaseCatalog catalog,
      String tool,
      String version,
      String kubernetesMinor,
      Diagnostics diagnostics) {
    java.util.regex.Matcher line = LINE.matcher(version);
    if (!line.matches()) {
      return;
    }
    SupportWindows windows = catalog.supportWindows();
    Optional<SupportWindows.Ended> ended = windows.ended(tool, line.group(1));
    if (ended.isEmpty()) {
      return;
    }
    Optional<String> firstSupported = windows.oldestSupported(tool);
    String name = tool.equals("argocd") ? "Argo CD" : "Flux";
    String hint =
        firstSupported
            .map(
                first -> {
                  Optional<ReleaseCatalog.SupportRange> range =
                      catalog.supportRange(tool, "v" + first + ".0");
                  Optional<String> moveTo = range.flatMap(r -> oldestSupportedMinorIn(catalog, r));
                  return "the first supported "
                      + name
                      + " line is "
                      + first
                      + range
                          .filter(r -> r.stated())
                          .map(r -> " (Kubernetes " + r.describe() + ")")
                          .orElse("")
                      + moveTo
                          .map(m -> ": move the cluster to Kubernetes " + m + " to get it")
                          .orElse("; no Kubernetes minor still supported upstream is in its range");
                })
            .orElse("no " + name + " line is supported at the catalog's date");
    diagnostics.warning(
        ErrorCode.ENGINE_END_OF_SUPPORT,
        settings.position(
            settings.string("gitops.version").isPresent() ? "gitops.version" : "gitops.engine"),
        name
            + " "
            + line.group(1)
            + " ("
            + version
            + ", for Kubernetes "
            + kubernetesMinor
            + ") is past upstream support "
            + ended.get().when(windows.asOf())
            + "; "
            + name
            + " supports its last three minor lines (catalog of "
            + windows.asOf()
            + ")",
        hint);
  }

  /** The oldest minor of a range that upstream Kubernetes still supports at the catalog's date. */
  private static Optional<String> oldestSupportedMinorIn(
      ReleaseCatalog catalog, ReleaseCatalog.SupportRange range) {
    if (!range.stated()) {
      return catalog.supportWindows().oldestSupported("kubernetes");
    }
    return catalog
        .supportWindows()
        .oldestSupported("kubernetes")
        .filter(range::contains)
        .or(
            () -> {
              int from = Integer.parseInt(range.oldest().split("\\.")[1]);
              for (int minor = from; minor < from + 20; minor++) {
                String candidate = "1." + minor;
                if (!range.contains(candidate)) {
                  break;
                }
                if (catalog.supportWindows().ended("kubernetes", candidate).isEmpty()) {
                  return Optional.of(candidate);
                }
              }
              return Optional.empty();
            });
  }

  /** FLEET-W010 when no source states that the engine release supports the minor. */
  private static void warnUnstated(
      Settings settings,
      ReleaseCatalog catalog,
      String tool,
      String version,
      String kubernetesMinor,
      Diagnostics diagnostics) {
    boolean stated = catalog.supportRange(tool, version).map(r -> r.stated()).orElse(false);
    if (!stated) {
      diagnostics.warning(
          ErrorCode.SUPPORT_NOT_STATED,
          settings.position(
              settings.string("gitops.version").isPresent() ? "gitops.version" : "gitops.engine"),
          "no upstream source states that "
              + tool
              + " "
              + version
              + " supports Kubernetes "
              + kubernetesMinor,
          "fleetc installs it anyway; check the engine's release notes before relying on it");
    }
  }

  /**
   * FLEET-W010 for an add-on chart whose stated Kubernetes range excludes the cluster's minor (see
   * {@code tool-support.tsv}); the chart is still delivered.
   */
  static void checkAddonCharts(
      Settings settings,
      ReleaseCatalog catalog,
      String kubernetesMinor,
      Map<String, String> components,
      Diagnostics diagnostics) {
    Map<String, String> used = new java.util.LinkedHashMap<>();
    settings
        .string("addons.ingress")
        .filter(i -> i.equals("traefik") || i.equals("ingress-nginx"))
        .ifPresent(i -> used.put(i, "addons.ingress"));
    if (settings.node("addons.backup.velero").isPresent()) {
      used.put("velero", "addons.backup.velero");
    }
    used.forEach(
        (chart, at) -> {
          String version = components.get("chart/" + chart);
          if (version == null) {
            return;
          }
          catalog
              .supportRange("chart/" + chart, version)
              .filter(r -> r.stated() && !r.contains(kubernetesMinor))
              .ifPresent(
                  r ->
                      diagnostics.warning(
                          ErrorCode.SUPPORT_NOT_STATED,
                          settings.position(at),
                          "chart "
                              + chart
                              + " "
                              + version
                              + " supports Kubernetes "
                              + r.describe()
                              + ", not "
                              + kubernetesMinor,
                          "fleetc delivers it anyway; test it on this minor or choose another"
                              + " add-on"));
        });
  }
}
