package dev.fleetc.compiler.yaml;

import dev.fleetc.model.SourcePosition;

/**
 * A scalar as written. The text is kept verbatim, so {@code 1.30} stays "1.30" and {@code 0644}
 * stays "0644" whatever a YAML schema would make of them.
 *
 * @param type the YAML 1.2 core-schema type of a plain scalar; quoted scalars are strings
 */
public record YScalar(String text, Type type, SourcePosition position) implements YNode {

  /** YAML 1.2 core schema types. */
  public enum Type {
    STRING("a string"),
    BOOL("a boolean"),
    INT("an integer"),
    FLOAT("a number"),
    NULL("null");

    private final String description;

    Type(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  public boolean isNull() {
    return type == Type.NULL;
  }

  @Override
  public String describe() {
    return type.description();
  }
}
