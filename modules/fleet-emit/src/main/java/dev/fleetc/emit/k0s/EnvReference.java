package dev.fleetc.emit.k0s;

/**
 * A value k0sctl takes from its own environment when it reads the file: written as {@code ${NAME}},
 * the one place where a {@code $} is not escaped.
 */
record EnvReference(String variable) {

  EnvReference {
    if (!variable.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not an environment variable name: " + variable);
    }
  }

  String expansion() {
    return "${" + variable + "}";
  }
}
