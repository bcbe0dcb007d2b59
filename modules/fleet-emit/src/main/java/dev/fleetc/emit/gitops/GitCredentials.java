package dev.fleetc.emit.gitops;

import dev.fleetc.emit.support.ShellQuote;
import dev.fleetc.model.GitAuth;
import dev.fleetc.model.GitOps;
import dev.fleetc.model.SecretRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The repository credentials an engine needs, chosen by the URL's scheme, and the shell arguments
 * the GitOps runbook gives to create them from the fleet's references (values are never written).
 *
 * <ul>
 *   <li>ssh: a private key and the server's host key. Flux's Git Secret takes {@code identity} and
 *       {@code known_hosts} (fluxcd/flux2 pkg/manifestgen/sourcesecret/options.go); an Argo CD
 *       repository Secret takes {@code sshPrivateKey}, and Argo CD checks host keys against the
 *       ConfigMap {@code argocd-ssh-known-hosts-cm}, which ships keys for {@link
 *       #ARGOCD_KNOWN_HOSTS} only (argoproj/argo-cd manifests/base/config/
 *       argocd-ssh-known-hosts-cm.yaml).
 *   <li>http(s) with {@code gitops.auth}: {@code username} and {@code password} in both engines.
 *   <li>http(s) without: a public repository; no Secret at all.
 * </ul>
 */
final class GitCredentials {

  /** Hosts whose SSH keys Argo CD's install ships in argocd-ssh-known-hosts-cm (port 22). */
  static final Set<String> ARGOCD_KNOWN_HOSTS =
      Set.of(
          "bitbucket.org",
          "github.com",
          "gitlab.com",
          "ssh.dev.azure.com",
          "vs-ssh.visualstudio.com");

  /** The ConfigMap holding Argo CD's SSH known hosts. */
  static final String ARGOCD_KNOWN_HOSTS_CONFIGMAP = "argocd-ssh-known-hosts-cm";

  private GitCredentials() {}

  /** Whether the engine needs a credentials Secret at all. */
  static boolean needed(GitOps gitops) {
    return gitops.overSsh() || gitops.auth().password() != null;
  }

  /** An ssh repository whose host key Argo CD does not ship: the operator must add it. */
  static boolean argoCdNeedsKnownHost(GitOps gitops) {
    if (!gitops.overSsh()) {
      return false;
    }
    int port = gitops.port();
    return (port != -1 && port != 22) || !ARGOCD_KNOWN_HOSTS.contains(gitops.host());
  }

  /** The runbook's view: scheme flags, host, and ready-to-paste kubectl arguments. */
  static Map<String, Object> scope(GitOps gitops) {
    Map<String, Object> scope = new LinkedHashMap<>();
    GitAuth auth = gitops.auth();
    if (gitops.overSsh()) {
      Map<String, Object> ssh = new LinkedHashMap<>();
      ssh.put("host", gitops.host());
      int port = gitops.port();
      ssh.put(
          "keyscan",
          "ssh-keyscan " + (port > 0 ? "-p " + port + " " : "") + ShellQuote.quote(gitops.host()));
      ssh.put("fluxIdentity", fromRef("identity", auth.sshKey(), "./deploy-key"));
      ssh.put("argoKey", fromRef("sshPrivateKey", auth.sshKey(), "./deploy-key"));
      ssh.put("keyRef", auth.sshKey() == null ? null : auth.sshKey().toString());
      ssh.put("stdin", stdin(auth.sshKey()));
      scope.put("ssh", ssh);
    } else if (auth.password() != null) {
      Map<String, Object> https = new LinkedHashMap<>();
      https.put("username", "--from-literal=username=" + ShellQuote.quote(auth.username()));
      https.put("password", fromRef("password", auth.password(), null));
      https.put("passwordRef", auth.password().toString());
      https.put("stdin", stdin(auth.password()));
      scope.put("https", https);
    } else {
      scope.put("public", Boolean.TRUE);
    }
    scope.put("argoKnownHost", argoCdNeedsKnownHost(gitops));
    return scope;
  }

  /**
   * {@code --from-file=KEY=PATH} for a file reference, {@code --from-file=KEY=/dev/stdin} for an
   * environment reference (fed by {@link #stdin}): never {@code --from-literal=KEY=VALUE}, which
   * puts the secret in kubectl's argv, readable by every user of the machine in /proc.
   */
  private static String fromRef(String key, SecretRef ref, String placeholderFile) {
    if (ref == null) {
      return "--from-file=" + key + "=" + placeholderFile;
    }
    return ref.scheme() == SecretRef.Scheme.ENV
        ? "--from-file=" + key + "=/dev/stdin"
        : "--from-file=" + key + "=" + ShellQuote.quote(ref.name());
  }

  /**
   * The pipe that feeds an environment reference to kubectl's standard input ({@code printf} is a
   * shell builtin, so the value is in no process's argv), or nothing.
   */
  private static String stdin(SecretRef ref) {
    return ref != null && ref.scheme() == SecretRef.Scheme.ENV
        ? "printf '%s' \"${" + ref.name() + "}\" | "
        : "";
  }
}
