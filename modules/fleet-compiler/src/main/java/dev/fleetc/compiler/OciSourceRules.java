package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.values.OciUrl;
import dev.fleetc.model.GitAuth;
import dev.fleetc.model.GitOps;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.OciSource;
import dev.fleetc.model.Release;
import dev.fleetc.model.SecretRef;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code gitops.source} and {@code gitops.registry}: whether the engine syncs the Git repository or
 * pulls the cluster's artifact {@code <registry.url>/<cluster>:<registry.tag>} that {@code fleet
 * publish} pushes; and whether the cluster's engine release can read it. Flux reads an {@code
 * OCIRepository} of {@code source.toolkit.fluxcd.io/v1} from 2.6 on (source-controller v1.6.0
 * promoted it from v1beta2; fleetc writes only served GA APIs); Argo CD reads {@code oci://}
 * application sources from 3.1 on (argoproj/argo-cd v3.1.0 {@code docs/user-guide/oci.md}).
 */
final class OciSourceRules {

  static final String DEFAULT_TAG = "latest";

  private static final Pattern LINE = Pattern.compile("v(\\d+)\\.(\\d+)\\.\\d+");

  private OciSourceRules() {}

  /** The registry source, or {@code null} for {@code source: git} (the default). */
  static OciSource bind(
      String cluster, GitOpsEngine engine, Settings settings, Diagnostics diagnostics) {
    String source = settings.string("gitops.source").orElse("git");
    boolean registryGiven = settings.node("gitops.registry").isPresent();
    if (!source.equals("oci")) {
      // Only when no layer chose git explicitly: a cluster that opts out of a registry its
      // defaults or profile set is not a mistake.
      if (registryGiven
          && engine != GitOpsEngine.NONE
          && settings.string("gitops.source").isEmpty()) {
        diagnostics.warning(
            ErrorCode.OCI_REGISTRY_UNUSED,
            settings.position("gitops.registry"),
            "cluster '" + cluster + "' syncs from Git: gitops.registry is not used",
            "set gitops.source: oci to pull the cluster's artifact from the registry, or remove"
                + " gitops.registry");
      }
      return null;
    }
    if (engine == GitOpsEngine.NONE) {
      return null;
    }
    Optional<String> url = settings.string("gitops.registry.url");
    if (url.isEmpty()) {
      diagnostics.error(
          ErrorCode.OCI_SETTINGS,
          settings.position("gitops.source"),
          "cluster '" + cluster + "' pulls from an OCI registry but names none",
          "set gitops.registry.url to where fleet publish pushes, e.g."
              + " oci://registry.example:5000/fleet");
      return null;
    }
    Optional<dev.fleetc.compiler.values.Problem> urlProblem = OciUrl.check(url.get());
    urlProblem.ifPresent(p -> p.report(diagnostics, settings.position("gitops.registry.url")));
    String tag = settings.string("gitops.registry.tag").orElse(DEFAULT_TAG);
    if (settings.string("gitops.registry.tag").isPresent()) {
      OciUrl.checkTag(tag)
          .ifPresent(p -> p.report(diagnostics, settings.position("gitops.registry.tag")));
    }
    boolean insecure = settings.bool("gitops.registry.insecure").orElse(false);
    Optional<String> username = settings.string("gitops.registry.auth.username");
    Optional<SecretRef> password = settings.secret("gitops.registry.auth.password");
    if (username.isPresent() != password.isPresent()) {
      diagnostics.error(
          ErrorCode.OCI_SETTINGS,
          settings.position("gitops.registry.auth"),
          "gitops.registry.auth has no "
              + (username.isPresent() ? "password" : "username")
              + ": registry access needs both",
          username.isPresent()
              ? "add 'password: {secretRef: env:NAME}' (a password or access token)"
              : "add 'username:' (the registry account, or the name its tokens take)");
    }
    if (insecure && password.isPresent()) {
      diagnostics.warning(
          ErrorCode.OCI_PLAIN_HTTP_CREDENTIALS,
          settings.position("gitops.registry.insecure"),
          "the registry password would cross the network unencrypted (insecure: plain HTTP)",
          "serve the registry over TLS and remove insecure, or use it only for a test registry");
    }
    if (urlProblem.isPresent()) {
      return null;
    }
    return new OciSource(
        url.get(),
        tag,
        insecure,
        username.isPresent() && password.isPresent()
            ? new GitAuth(username.get(), password.get(), null)
            : GitAuth.NONE);
  }

  /**
   * FLEET-E077 when the cluster's engine release cannot read an OCI source: Flux before 2.6, Argo
   * CD before 3.1.
   */
  static void checkEngine(
      GitOps gitops, Release release, Settings settings, Diagnostics diagnostics) {
    if (!gitops.fromOci()) {
      return;
    }
    String tool = gitops.engine().id();
    String version = release.component(tool);
    if (version == null) {
      return;
    }
    Matcher line = LINE.matcher(version);
    if (!line.matches()) {
      return;
    }
    int major = Integer.parseInt(line.group(1));
    int minor = Integer.parseInt(line.group(2));
    boolean flux = gitops.engine() == GitOpsEngine.FLUX;
    int[] first = flux ? new int[] {2, 6} : new int[] {3, 1};
    if (major > first[0] || (major == first[0] && minor >= first[1])) {
      return;
    }
    String name = flux ? "Flux" : "Argo CD";
    String since =
        flux
            ? "Flux serves OCIRepository in source.toolkit.fluxcd.io/v1 from 2.6 on"
            : "Argo CD reads oci:// application sources from 3.1 on";
    boolean pinned = settings.string("gitops.version").isPresent();
    diagnostics.error(
        ErrorCode.OCI_ENGINE_LINE,
        settings.position(pinned ? "gitops.version" : "gitops.source"),
        name + " " + version + " cannot pull the cluster from a registry: " + since,
        (pinned ? "pin " : "raise 'kubernetes' so that the catalog picks ")
            + name
            + " "
            + first[0]
            + "."
            + first[1]
            + " or newer, or set gitops.source: git");
  }
}
