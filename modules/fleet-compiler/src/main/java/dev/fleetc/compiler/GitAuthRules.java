package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.values.GitUrl;
import dev.fleetc.model.GitAuth;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.SecretRef;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the GitOps repository URL and binds {@code gitops.auth}. The URL's scheme decides which
 * credentials apply, as in both engines: Flux's Git Secret takes {@code username}/{@code password}
 * for http(s) and {@code identity}/{@code known_hosts} for ssh; an Argo CD repository Secret takes
 * {@code username}/{@code password} or {@code sshPrivateKey}.
 */
final class GitAuthRules {

  /** Flux's GitRepository {@code spec.url} pattern, plus a host and a path. */
  private static final Pattern URL = Pattern.compile("(https|http|ssh)://[^/\\s]+/\\S+");

  private static final Pattern SCP_LIKE = Pattern.compile("([^@/\\s]+@)?([^:/\\s]+):(\\S+)");

  private GitAuthRules() {}

  static GitAuth bind(
      Settings settings, GitOpsEngine engine, String repository, Diagnostics diagnostics) {
    if (engine == GitOpsEngine.NONE
        || repository.isEmpty()
        || GitUrl.check(repository, engine).problem() != null) {
      return GitAuth.NONE; // a malformed URL is reported by ValueChecks
    }
    if (!URL.matcher(repository).matches()) {
      var scp = SCP_LIKE.matcher(repository);
      diagnostics.error(
          ErrorCode.GIT_URL_FORM,
          settings.position("gitops.repository"),
          "gitops.repository '" + repository + "' is not an https://, http:// or ssh:// URL",
          scp.matches()
              ? "write it as ssh://"
                  + (scp.group(1) == null ? "" : scp.group(1))
                  + scp.group(2)
                  + "/"
                  + scp.group(3)
                  + " (Flux accepts no scp-like address)"
              : "Flux and Argo CD clone https://host/path or ssh://user@host/path");
      return GitAuth.NONE;
    }
    String scheme = repository.substring(0, repository.indexOf("://"));
    Optional<String> username = settings.string("gitops.auth.username");
    Optional<SecretRef> password = settings.secret("gitops.auth.password");
    Optional<SecretRef> sshKey = settings.secret("gitops.auth.sshKey");
    if (scheme.equals("ssh")) {
      for (String key : new String[] {"username", "password"}) {
        if (settings.node("gitops.auth." + key).isPresent()) {
          diagnostics.error(
              ErrorCode.GIT_AUTH_SCHEME,
              settings.position("gitops.auth." + key),
              "gitops.auth." + key + " does not apply to an ssh:// repository",
              "ssh authenticates with a deploy key: 'sshKey: {secretRef: file:PATH}'; or use an"
                  + " https:// URL");
        }
      }
      return new GitAuth(null, null, sshKey.orElse(null));
    }
    if (settings.node("gitops.auth.sshKey").isPresent()) {
      diagnostics.error(
          ErrorCode.GIT_AUTH_SCHEME,
          settings.position("gitops.auth.sshKey"),
          "gitops.auth.sshKey does not apply to an " + scheme + ":// repository",
          "give 'username' and 'password: {secretRef: ...}' (a token), or use an ssh:// URL");
    }
    if (username.isPresent() != password.isPresent()) {
      String missing = username.isPresent() ? "password" : "username";
      diagnostics.error(
          ErrorCode.GIT_AUTH_INCOMPLETE,
          settings.position("gitops.auth"),
          "gitops.auth has no " + missing + ": " + scheme + " access needs both",
          username.isPresent()
              ? "add 'password: {secretRef: env:NAME}' (a password or access token)"
              : "add 'username:' (for a token, any name the Git server accepts, e.g. git)");
    }
    if (scheme.equals("http") && password.isPresent()) {
      diagnostics.warning(
          ErrorCode.PLAIN_HTTP_CREDENTIALS,
          settings.position("gitops.repository"),
          "the repository password would cross the network unencrypted (http://)",
          "use https:// or ssh://");
    }
    return new GitAuth(username.orElse(null), password.orElse(null), null);
  }
}
