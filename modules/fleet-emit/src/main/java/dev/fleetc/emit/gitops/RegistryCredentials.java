package dev.fleetc.emit.gitops;

import dev.fleetc.emit.support.ShellQuote;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.OciSource;
import dev.fleetc.model.SecretRef;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The GitOps runbook's view of {@code gitops.source: oci}: the artifact, and the commands that
 * create the engine's registry Secret from the fleet's references (values are never written, and
 * never in a process's argv: they reach kubectl on its standard input through {@code printf}, a
 * shell builtin).
 *
 * <ul>
 *   <li>Flux: a Secret of type {@code kubernetes.io/dockerconfigjson} named by the OCIRepository's
 *       {@code secretRef} (source-controller {@code docs/spec/v1/ocirepositories.md}, "Secret
 *       reference": the {@code imagePullSecrets} format), {@code auths.<host>.auth} being base64 of
 *       {@code user:password}.
 *   <li>Argo CD: a repository Secret with {@code type: oci}, {@code url}, {@code username}, {@code
 *       password} and, for plain HTTP, {@code insecureOCIForceHttp: "true"} (argoproj/argo-cd
 *       v3.1.0 {@code util/db/repository_secrets.go}).
 * </ul>
 */
final class RegistryCredentials {

  private RegistryCredentials() {}

  static Map<String, Object> scope(Cluster cluster) {
    OciSource registry = cluster.gitops().registry();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("artifact", registry.artifact(cluster.name()));
    scope.put("tag", registry.tag());
    scope.put("urlArg", ShellQuote.quote(registry.url()));
    scope.put("artifactArg", ShellQuote.quote(registry.artifact(cluster.name())));
    scope.put("tagArg", ShellQuote.quote(registry.tag()));
    scope.put("insecure", registry.insecure());
    scope.put("insecureFlag", registry.insecure() ? " --insecure" : "");
    scope.put("argoSecret", registry.insecure() || registry.authenticated());
    scope.put("secretName", FluxBootstrap.REGISTRY_SECRET);
    if (registry.authenticated()) {
      SecretRef password = registry.auth().password();
      String user = ShellQuote.quote(registry.auth().username());
      Map<String, Object> auth = new LinkedHashMap<>();
      auth.put("passwordRef", password.toString());
      auth.put(
          "dockerConfig",
          "{ printf '{\"auths\":{\"%s\":{\"auth\":\"' "
              + ShellQuote.quote(registry.server())
              + "; printf '%s:%s' "
              + user
              + " "
              + passwordWord(password)
              + " | base64 | tr -d '\\n'; printf '\"}}}'; }");
      auth.put("username", "--from-literal=username=" + user);
      auth.put(
          "argoPassword",
          password.scheme() == SecretRef.Scheme.ENV
              ? "--from-file=password=/dev/stdin"
              : "--from-file=password=" + ShellQuote.quote(password.name()));
      auth.put(
          "argoStdin",
          password.scheme() == SecretRef.Scheme.ENV
              ? "printf '%s' \"${" + password.name() + "}\" | "
              : "");
      scope.put("auth", auth);
    }
    return scope;
  }

  /** The password as one shell word, expanded only when the command runs. */
  private static String passwordWord(SecretRef password) {
    return password.scheme() == SecretRef.Scheme.ENV
        ? "\"${" + password.name() + "}\""
        : "\"$(cat " + ShellQuote.quote(password.name()) + ")\"";
  }
}
