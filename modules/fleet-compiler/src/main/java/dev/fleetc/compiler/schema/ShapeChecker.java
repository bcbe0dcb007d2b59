package dev.fleetc.compiler.schema;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.compiler.values.Problem;
import dev.fleetc.compiler.values.SecretPaths;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.SecretRef;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks a YAML tree against a {@link Shape} and reports every mismatch. */
public final class ShapeChecker {

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Diagnostics diagnostics;

  public ShapeChecker(Diagnostics diagnostics) {
    this.diagnostics = diagnostics;
  }

  public void check(YNode node, Shape shape, String path) {
    if (shape instanceof Shape.Obj obj) {
      checkObject(node, obj, path);
    } else if (shape instanceof Shape.Seq seq) {
      checkList(node, seq, path);
    } else if (shape instanceof Shape.Str str) {
      checkString(node, str, path);
    } else if (shape instanceof Shape.Bool) {
      expectScalar(node, YScalar.Type.BOOL, path, "true or false");
    } else if (shape instanceof Shape.Int integer) {
      checkInt(node, integer, path);
    } else if (shape instanceof Shape.Secret) {
      parseSecret(node, path, diagnostics);
    } else if (shape instanceof Shape.NoneOr noneOr) {
      if (!(node instanceof YScalar s && s.text().equals("none"))) {
        check(node, noneOr.shape(), path);
      }
    }
    // Shape.Any: anything goes here; the target's own checks come later.
  }

  private void checkObject(YNode node, Shape.Obj obj, String path) {
    if (!(node instanceof YMap map)) {
      wrongType(node, path, "a mapping");
      return;
    }
    for (YMap.Entry entry : map.entries()) {
      String childPath = path.isEmpty() ? entry.key() : path + "." + entry.key();
      Shape field = obj.fields().get(entry.key());
      if (field == null && obj.freeKeys()) {
        field = obj.values();
      }
      if (field == null) {
        unknownKey(entry, path, obj.fields().keySet());
        continue;
      }
      check(entry.value(), field, childPath);
    }
    for (String key : obj.required()) {
      if (map.get(key).isEmpty()) {
        diagnostics.error(
            ErrorCode.MISSING_FIELD,
            map.position(),
            (path.isEmpty() ? "the fleet" : "'" + path + "'") + " needs '" + key + "'",
            obj.fields().get(key).description());
      }
    }
  }

  private void unknownKey(YMap.Entry entry, String path, Collection<String> known) {
    String where = path.isEmpty() ? "at the top level" : "in '" + path + "'";
    Optional<String> suggestion = Suggestions.closest(entry.key(), known);
    String hint =
        suggestion
            .map(s -> "did you mean '" + s + "'?")
            .orElse("known keys here: " + String.join(", ", known));
    if (FleetSchema.CLUSTER_ONLY.contains(entry.key())) {
      hint = "'" + entry.key() + "' describes one cluster: set it in the cluster's entry";
    }
    diagnostics.error(
        ErrorCode.UNKNOWN_KEY,
        entry.keyPosition(),
        "unknown key '" + entry.key() + "' " + where,
        hint);
  }

  private void checkList(YNode node, Shape.Seq seq, String path) {
    if (!(node instanceof YSeq list)) {
      wrongType(node, path, "a list");
      return;
    }
    for (int i = 0; i < list.items().size(); i++) {
      check(list.items().get(i), seq.items(), path + "[" + i + "]");
    }
  }

  private void checkString(YNode node, Shape.Str str, String path) {
    if (!(node instanceof YScalar scalar) || scalar.isNull()) {
      wrongType(node, path, "a string");
      return;
    }
    if (!str.allowed().isEmpty() && !str.allowed().contains(scalar.text())) {
      diagnostics.error(
          ErrorCode.INVALID_VALUE,
          scalar.position(),
          "'" + path + "' cannot be '" + scalar.text() + "'",
          Suggestions.closest(scalar.text(), str.allowed())
                  .map(s -> "did you mean '" + s + "'? ")
                  .orElse("")
              + "allowed: "
              + String.join(", ", str.allowed()));
    }
  }

  private void checkInt(YNode node, Shape.Int shape, String path) {
    if (expectScalar(node, YScalar.Type.INT, path, "a whole number")) {
      long value;
      try {
        value = Long.parseLong(((YScalar) node).text());
      } catch (NumberFormatException e) {
        value = Long.MIN_VALUE;
      }
      if (value < shape.min() || value > shape.max()) {
        diagnostics.error(
            ErrorCode.INVALID_VALUE,
            node.position(),
            "'" + path + "' must be between " + shape.min() + " and " + shape.max(),
            shape.description());
      }
    }
  }

  private boolean expectScalar(YNode node, YScalar.Type type, String path, String expected) {
    if (node instanceof YScalar scalar && scalar.type() == type) {
      return true;
    }
    wrongType(node, path, expected);
    return false;
  }

  private void wrongType(YNode node, String path, String expected) {
    String hint = "write " + expected;
    if (node instanceof YScalar s
        && s.type() != YScalar.Type.STRING
        && expected.equals("a string")) {
      hint = "quote the value";
    }
    diagnostics.error(
        ErrorCode.WRONG_TYPE,
        node.position(),
        "'" + path + "' must be " + expected + ", not " + node.describe(),
        hint);
  }

  /**
   * Reads {@code {secretRef: env:NAME}} or {@code {secretRef: file:PATH}}; a plain value where a
   * reference belongs is an inline secret.
   */
  public static Optional<SecretRef> parseSecret(YNode node, String path, Diagnostics diagnostics) {
    if (node instanceof YScalar scalar) {
      // Its use makes it a secret, whatever its key or column is called: never print it.
      markSecret(scalar, diagnostics);
      diagnostics.error(
          ErrorCode.INLINE_SECRET,
          scalar.position(),
          "'" + path + "' holds a secret written inline",
          "never put secret values in the fleet file: write {secretRef: env:NAME} or"
              + " {secretRef: file:PATH} and supply the value where the generated files run");
      return Optional.empty();
    }
    if (!(node instanceof YMap map)
        || map.entries().size() != 1
        || map.get("secretRef").isEmpty()
        || !(map.get("secretRef").get() instanceof YScalar ref)) {
      markSecret(node, diagnostics); // a value pasted where the reference belongs
      diagnostics.error(
          ErrorCode.INVALID_SECRET_REF,
          node.position(),
          "'" + path + "' must be a secret reference",
          "write {secretRef: env:NAME} or {secretRef: file:PATH}");
      return Optional.empty();
    }
    String text = ref.text();
    if (text.startsWith("env:") && ENV_NAME.matcher(text.substring(4)).matches()) {
      return Optional.of(SecretRef.env(text.substring(4)));
    }
    if (text.startsWith("file:") && text.length() > 5 && !text.substring(5).contains("\n")) {
      Optional<Problem> badPath = SecretPaths.check(text.substring(5));
      badPath.ifPresent(p -> p.report(diagnostics, ref.position()));
      return badPath.isPresent()
          ? Optional.empty()
          : Optional.of(SecretRef.file(text.substring(5)));
    }
    if (!text.startsWith("env:") && !text.startsWith("file:")) {
      markSecret(ref, diagnostics); // a value pasted where the reference belongs
    }
    diagnostics.error(
        ErrorCode.INVALID_SECRET_REF,
        ref.position(),
        "'" + text + "' is not a secret reference",
        "write env:NAME (an environment variable, letters, digits and _) or file:PATH");
    return Optional.empty();
  }

  /**
   * Records every scalar under {@code node} as a secret by its use: no diagnostic prints it,
   * whatever its key or inventory column is called ({@link
   * dev.fleetc.compiler.diagnostics.Redactions}).
   */
  public static void markSecret(YNode node, Diagnostics diagnostics) {
    if (node instanceof YScalar scalar) {
      if (!scalar.isNull()) {
        diagnostics.secret(scalar.position(), scalar.text());
      }
    } else if (node instanceof YSeq seq) {
      seq.items().forEach(item -> markSecret(item, diagnostics));
    } else if (node instanceof YMap map) {
      map.entries().forEach(e -> markSecret(e.value(), diagnostics));
    }
  }
}
