package dev.fleetc.compiler.yaml;

import dev.fleetc.model.SourcePosition;
import java.util.List;

/** A YAML sequence. */
public record YSeq(List<YNode> items, SourcePosition position) implements YNode {

  public YSeq {
    items = List.copyOf(items);
  }

  @Override
  public String describe() {
    return "a list";
  }
}
