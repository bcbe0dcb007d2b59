package dev.fleetc.emit.runbook;

import dev.fleetc.emit.support.ShellQuote;
import dev.fleetc.model.SecretRef;

/**
 * What a runbook needs to tell the operator how to create Velero's credentials Secret (key {@code
 * cloud}) from the fleet's reference; templates read it inside {@code {{#velero}}}.
 *
 * @param secret the Secret's name in namespace {@code velero}
 * @param ref the fleet's reference, as written in the fleet ({@code env:NAME} or {@code file:PATH})
 * @param env the environment variable's name, or {@code null} for a file reference
 * @param file the file's path, or {@code null} for an environment reference
 * @param fileArg the file's path shell-quoted (one word in a shell block), or {@code null}
 */
public record VeleroSecret(String secret, String ref, String env, String file, String fileArg) {

  public static VeleroSecret of(SecretRef ref, String secret) {
    if (ref != null && ref.scheme() == SecretRef.Scheme.ENV) {
      return new VeleroSecret(secret, String.valueOf(ref), ref.name(), null, null);
    }
    if (ref != null) {
      return new VeleroSecret(
          secret, String.valueOf(ref), null, ref.name(), ShellQuote.quote(ref.name()));
    }
    return new VeleroSecret(secret, String.valueOf(ref), null, null, null);
  }
}
