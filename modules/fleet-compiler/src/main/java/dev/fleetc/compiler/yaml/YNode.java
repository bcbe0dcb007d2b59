package dev.fleetc.compiler.yaml;

import dev.fleetc.model.SourcePosition;

/** A YAML node with the place it was written. */
public sealed interface YNode permits YMap, YSeq, YScalar {

  SourcePosition position();

  /** The YAML word for this node's kind, for messages ("a mapping", "a list", "a string"). */
  String describe();
}
