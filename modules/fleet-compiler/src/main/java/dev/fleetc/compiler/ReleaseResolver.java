package dev.fleetc.compiler;

import dev.fleetc.compiler.catalog.KnownBuilds;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.catalog.SupportWindows;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Provenance;
import dev.fleetc.model.Release;
import dev.fleetc.model.SourcePosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves a cluster's release: the Kubernetes minor, the exact build (pinned with {@code version}
 * and checked against the distribution's build pattern, or taken from the catalog) and the
 * component versions of that minor.
 */
final class ReleaseResolver {

  private static final Pattern MINOR = Pattern.compile("1\\.(\\d{1,2})");

  private final String cluster;
  private final SourcePosition at;
  private final Settings settings;
  private final Map<String, Provenance> provenance;
  private final ReleaseCatalog catalog;
  private final Diagnostics diagnostics;

  /**
   * @param at the cluster entry's position, for a missing {@code kubernetes}
   * @param provenance the cluster's provenance; a version from the catalog is recorded in it
   */
  ReleaseResolver(
      String cluster,
      SourcePosition at,
      Settings settings,
      Map<String, Provenance> provenance,
      ReleaseCatalog catalog,
      Diagnostics diagnostics) {
    this.cluster = cluster;
    this.at = at;
    this.settings = settings;
    this.provenance = provenance;
    this.catalog = catalog;
    this.diagnostics = diagnostics;
  }

  Optional<Release> resolve(DistributionRules rules) {
    Distribution distribution = rules.distribution();
    Optional<String> minor = settings.string("kubernetes");
    if (minor.isEmpty()) {
      if (settings.node("kubernetes").isEmpty()) {
        diagnostics.error(
            ErrorCode.MISSING_FIELD,
            at,
            "cluster '" + cluster + "' has no Kubernetes version",
            "set 'kubernetes: \"1.31\"' in the cluster, its profile or defaults");
      }
      return Optional.empty();
    }
    if (!MINOR.matcher(minor.get()).matches()) {
      diagnostics.error(
          ErrorCode.INVALID_VALUE,
          settings.position("kubernetes"),
          "'kubernetes' must be a minor version such as \"1.31\", not '" + minor.get() + "'",
          "write the minor only and quote it; pin an exact build with 'version'");
      return Optional.empty();
    }
    String version;
    Optional<String> pinned = settings.string("version");
    if (pinned.isPresent()) {
      Matcher build = rules.buildPattern().matcher(pinned.get());
      if (!build.matches()) {
        diagnostics.error(
            ErrorCode.VERSION_MISMATCH,
            settings.position("version"),
            "'" + pinned.get() + "' is not a " + distribution.id() + " build",
            "a " + distribution.id() + " version looks like " + rules.buildExample());
        return Optional.empty();
      }
      if (!build.group(1).equals(minor.get())) {
        diagnostics.error(
            ErrorCode.VERSION_MISMATCH,
            settings.position("version"),
            "version "
                + pinned.get()
                + " is Kubernetes "
                + build.group(1)
                + " but 'kubernetes' is "
                + minor.get()
                + ", set by "
                + provenance.getOrDefault("kubernetes", Provenance.BUILT_IN).describe(),
            "set 'kubernetes: \""
                + build.group(1)
                + "\"' next to the pin, or pin a "
                + minor.get()
                + " build");
        return Optional.empty();
      }
      version = pinned.get();
      if (!checkReleased(distribution, minor.get(), version)) {
        return Optional.empty();
      }
    } else {
      Optional<String> fromCatalog = catalog.build(distribution, minor.get());
      if (fromCatalog.isEmpty()) {
        diagnostics.error(
            ErrorCode.UNKNOWN_KUBERNETES,
            settings.position("kubernetes"),
            "the release catalog has no "
                + distribution.id()
                + " build for Kubernetes "
                + minor.get(),
            "known minors for "
                + distribution.id()
                + ": "
                + String.join(", ", catalog.minors(distribution))
                + "; or pin an exact build with 'version'");
        return Optional.empty();
      }
      version = fromCatalog.get();
      provenance.put("version", Provenance.CATALOG);
    }
    warnEndOfSupport(minor.get());
    Map<String, String> components = components(minor.get());
    if (distribution == Distribution.K3S) {
      // K3s clusters upgrade in-cluster through the system-upgrade-controller (upgrades: suc).
      catalog
          .row("system-upgrade-controller", "latest")
          .ifPresent(r -> components.put("system-upgrade-controller", r.value()));
    }
    return Optional.of(new Release(minor.get(), version, components));
  }

  /**
   * Checks a pinned build against every released build the catalog lists: an error for a build that
   * was never released, a warning for one the catalog cannot confirm. False on an error.
   */
  private boolean checkReleased(Distribution distribution, String minor, String version) {
    KnownBuilds known = catalog.knownBuilds();
    String id = distribution.id();
    // A MicroK8s channel is TRACK/RISK[/BRANCH]; the catalog lists tracks.
    String build = distribution == Distribution.MICROK8S ? version.split("/")[0] : version;
    KnownBuilds.Verdict verdict = known.check(id, minor, build);
    SourcePosition at = settings.position("version");
    String asOf = catalog.supportWindows().asOf();
    if (verdict instanceof KnownBuilds.NeverReleased never) {
      diagnostics.error(
          ErrorCode.UNRELEASED_BUILD,
          at,
          id + " " + version + " was never released",
          "pin a released build; the nearest are " + String.join(", ", never.nearest()));
      return false;
    }
    if (verdict instanceof KnownBuilds.NewerThanKnown newer) {
      diagnostics.warning(
          ErrorCode.BUILD_NEWER_THAN_CATALOG,
          at,
          id
              + " "
              + version
              + " is newer than every "
              + id
              + " "
              + minor
              + " build the catalog knows"
              + newer.newestKnown().map(n -> " (newest: " + n + ")").orElse("")
              + "; its "
              + id
              + " releases were read on "
              + newer.knownThrough()
              + ", catalog of "
              + asOf,
          "fleetc cannot confirm the build exists: check the "
              + id
              + " release page before rolling out"
              + newer.newestKnown().map(n -> ", or pin " + n).orElse(""));
    } else if (verdict instanceof KnownBuilds.Unconfirmed unconfirmed) {
      List<String> listed = known.builds(id, minor);
      diagnostics.warning(
          ErrorCode.BUILD_UNCONFIRMED,
          at,
          "fleetc cannot confirm that "
              + id
              + " "
              + version
              + " was released: "
              + unconfirmed.why(),
          "check the "
              + id
              + " release page before rolling out"
              + (listed.isEmpty() ? "" : ", or pin a listed build such as " + listed.get(0)));
    }
    return true;
  }

  /** FLEET-W025 when the minor is past upstream support at the catalog's date. */
  private void warnEndOfSupport(String minor) {
    SupportWindows windows = catalog.supportWindows();
    windows
        .ended("kubernetes", minor)
        .ifPresent(
            ended ->
                diagnostics.warning(
                    ErrorCode.KUBERNETES_END_OF_SUPPORT,
                    settings.position("kubernetes"),
                    "Kubernetes "
                        + minor
                        + " is past upstream support "
                        + ended.when(windows.asOf())
                        + " (catalog of "
                        + windows.asOf()
                        + ")",
                    windows
                        .oldestSupported("kubernetes")
                        .map(m -> "move to Kubernetes " + m + ", the oldest minor still supported")
                        .orElse("move to a supported Kubernetes minor")));
  }

  private Map<String, String> components(String minor) {
    Map<String, String> components = new TreeMap<>();
    catalog.toolFor("flux", minor).ifPresent(v -> components.put("flux", v));
    catalog.toolFor("argocd", minor).ifPresent(v -> components.put("argocd", v));
    catalog.rows("chart").forEach((chart, row) -> components.put("chart/" + chart, row.value()));
    catalog.row("velero", "latest").ifPresent(r -> components.put("velero", r.value()));
    catalog
        .row("local-path-provisioner", "latest")
        .ifPresent(r -> components.put("local-path-provisioner", r.value()));
    catalog
        .row("velero-plugin-for-aws", "latest")
        .ifPresent(r -> components.put("velero-plugin-for-aws", r.value()));
    GitOpsRules.pinEngine(settings, catalog, minor, components, diagnostics);
    GitOpsRules.checkAddonCharts(settings, catalog, minor, components, diagnostics);
    return components;
  }
}
