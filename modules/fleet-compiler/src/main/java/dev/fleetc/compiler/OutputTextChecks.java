package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.schema.FleetSchema;
import dev.fleetc.compiler.schema.Shape;
import dev.fleetc.compiler.values.OutputText;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.SourcePosition;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Applies {@link OutputText}'s rule to every key and string of a fleet, once its cluster sets are
 * expanded: so the fleet file's own values and every inventory cell that a template uses (a stamped
 * string stands at its cell) pass through this one place before anything reaches a writer. The
 * language's shape ({@link FleetSchema}) tells where a value may span lines: only under an escape
 * hatch ({@link Shape.Any}).
 */
final class OutputTextChecks {

  private final Diagnostics diagnostics;
  // A template's own text is stamped into every member: report each place once.
  private final Set<SourcePosition> reported = new HashSet<>();

  private OutputTextChecks(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  /**
   * Reports every key and string of {@code expanded} that holds a refused character, then those of
   * the written fleet's cluster-set declarations that expansion leaves out (a set's name, its
   * inventory path, inline members' cells that no template uses).
   */
  static void check(YMap written, YMap expanded, Diagnostics diagnostics) {
    OutputTextChecks checks = new OutputTextChecks(diagnostics);
    checks.walk(expanded, FleetSchema.FLEET, "", false);
    written
        .entry("clusterSets")
        .ifPresent(
            sets ->
                checks.walk(
                    sets.value(),
                    FleetSchema.FLEET.fields().get("clusterSets"),
                    "clusterSets",
                    false));
  }

  // shape: what the schema expects here (null where the key is unknown: checked strictly).
  private void walk(YNode node, Shape shape, String path, boolean multiLine) {
    if (shape instanceof Shape.NoneOr noneOr) {
      shape = noneOr.shape();
    }
    boolean free = multiLine || shape instanceof Shape.Any;
    if (node instanceof YScalar scalar) {
      text(scalar.text(), scalar.position(), path, free);
    } else if (node instanceof YSeq seq) {
      Shape items =
          shape instanceof Shape.Seq s ? s.items() : shape instanceof Shape.Any ? shape : null;
      for (int i = 0; i < seq.items().size(); i++) {
        walk(seq.items().get(i), items, path + "[" + i + "]", free);
      }
    } else if (node instanceof YMap map) {
      for (YMap.Entry e : map.entries()) {
        String childPath = path.isEmpty() ? e.key() : path + "." + e.key();
        // A key is a name: one line, wherever it stands.
        text(e.key(), e.keyPosition(), childPath, false);
        walk(e.value(), fieldShape(shape, e.key()), childPath, free);
      }
    }
  }

  private static Shape fieldShape(Shape shape, String key) {
    if (shape instanceof Shape.Obj obj) {
      Shape field = obj.fields().get(key);
      return field != null ? field : obj.values();
    }
    if (shape instanceof Shape.Secret) {
      return null;
    }
    return shape instanceof Shape.Any ? shape : null;
  }

  private void text(String text, SourcePosition at, String path, boolean multiLine) {
    Optional<OutputText.Forbidden> found = OutputText.firstForbidden(text, multiLine);
    if (found.isEmpty() || !reported.add(at)) {
      return;
    }
    int c = found.get().codePoint();
    boolean lineInField = c == '\n' || c == '\t';
    diagnostics.error(
        ErrorCode.UNSAFE_CHARACTER,
        at,
        "'"
            + path
            + "' holds "
            + found.get().describe()
            + " at character "
            + (found.get().index() + 1),
        lineInField
            ? "this value is a single line; only values under an escape hatch (k3s, k0s,"
                + " microk8s) may span lines"
            : "remove it: text that reaches generated files or a terminal holds no control,"
                + " line-separator or invisible format characters (docs/output-safety.md)");
  }
}
