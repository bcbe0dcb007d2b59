package dev.fleetc.emit.runbook;

import dev.fleetc.model.SecretRef;

/**
 * Where an install script reads a secret at run time (its {@code read_secret} helper); templates
 * read it inside a section such as {@code {{#token}}}.
 *
 * @param scheme {@code env} or {@code file}
 * @param name the environment variable's name or the file's path
 */
public record SecretSource(String scheme, String name) {

  public static SecretSource of(SecretRef ref) {
    return new SecretSource(ref.scheme().prefix(), ref.name());
  }
}
