package dev.fleetc.compiler;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.GitOps;
import dev.fleetc.model.GitOpsEngine;
import java.util.List;
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

  private GitOpsRules() {}

  /** Binds the cluster's GitOps settings; the path defaults to {@code clusters/NAME}. */
  static GitOps bind(String cluster, Settings settings, Diagnostics diagnostics) {
    GitOpsEngine engine =
        settings.string("gitops.engine").flatMap(GitOpsEngine::fromId).orElse(GitOpsEngine.NONE);
    String repository = settings.string("gitops.repository").orElse("");
    if (engine != GitOpsEngine.NONE && repository.isEmpty()) {
      diagnostics.error(
          ErrorCode.MISSING_FIELD,
          settings.position("gitops.engine"),
          "cluster '" + cluster + "' syncs with " + engine.id() + " but names no repository",
          "set gitops.repository to the Git URL the cluster pulls from");
    }
    String path = settings.string("gitops.path").orElse("clusters/" + cluster);
    if (path.startsWith("/")
        || path.contains("\\")
        || List.of(path.split("/")).contains("..")
        || path.isBlank()
        || path.endsWith("/")
        || List.of(path.split("/")).contains(".")) {
      diagnostics.error(
          ErrorCode.INVALID_NAME,
          settings.position("gitops.path"),
          "gitops.path '" + path + "' would leave the output folder",
          "use a relative folder such as clusters/" + cluster);
    }
    return new GitOps(engine, repository, settings.string("gitops.branch").orElse("main"), path);
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
    if (engine.isEmpty() || engine.get() == GitOpsEngine.NONE) {
      return;
    }
    String tool = engine.get().id();
    String known =
        String.join(", ", catalog.rows(tool).values().stream().map(r -> r.value()).toList());
    if (pinned.isEmpty()) {
      if (!components.containsKey(tool)) {
        diagnostics.error(
            ErrorCode.UNSUPPORTED_GITOPS_VERSION,
            settings.position("gitops.engine"),
            "the release catalog has no " + tool + " release for Kubernetes " + kubernetesMinor,
            "known releases: " + known + "; pick another 'kubernetes' minor");
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
          "pin a release of a known line (" + known + ") or leave gitops.version out");
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
  }
}
