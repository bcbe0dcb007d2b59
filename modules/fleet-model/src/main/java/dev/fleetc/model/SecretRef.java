package dev.fleetc.model;

import java.util.Objects;

/**
 * A reference to a secret that is read where the generated artifact runs, never its value.
 *
 * @param scheme {@code env} (an environment variable) or {@code file} (a path on the machine that
 *     runs the artifact)
 * @param name the variable's name or the file's path
 */
public record SecretRef(Scheme scheme, String name) {

  public enum Scheme {
    ENV("env"),
    FILE("file");

    private final String prefix;

    Scheme(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  public SecretRef {
    Objects.requireNonNull(scheme);
    Objects.requireNonNull(name);
  }

  public static SecretRef env(String variable) {
    return new SecretRef(Scheme.ENV, variable);
  }

  public static SecretRef file(String path) {
    return new SecretRef(Scheme.FILE, path);
  }

  /** The form used in fleet files: {@code env:NAME} or {@code file:PATH}. */
  @Override
  public String toString() {
    return scheme.prefix() + ":" + name;
  }
}
