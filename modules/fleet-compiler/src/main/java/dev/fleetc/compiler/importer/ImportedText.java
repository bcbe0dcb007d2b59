package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.values.OutputText;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link OutputText}'s rule at the door of {@code fleet import}: every key and string of an
 * imported file, and every name and address given on the command line, is checked before any of it
 * becomes part of a fleet. A value may span lines (a k0s Helm values block), a key may not; the
 * fleet written is compiled again, where the language's own shape says which values may.
 */
final class ImportedText {

  private ImportedText() {}

  /** Reports each key or string of {@code documents} that holds a refused character. */
  static void check(String file, List<Object> documents, ImportReport report) {
    for (int i = 0; i < documents.size(); i++) {
      walk(file, documents.get(i), documents.size() == 1 ? "" : "document " + (i + 1), report);
    }
  }

  /** Reports a value given on the command line (a cluster or node name, an address). */
  static void checkArgument(String what, String value, ImportReport report) {
    if (value != null) {
      text("(command line)", what, value, false, report);
    }
  }

  private static void walk(String file, Object node, String path, ImportReport report) {
    if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        String child = path.isEmpty() ? key : path + "." + key;
        text(file, child, key, false, report);
        walk(file, e.getValue(), child, report);
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(file, list.get(i), path + "[" + i + "]", report);
      }
    } else if (node instanceof String s) {
      text(file, path, s, true, report);
    }
  }

  private static void text(
      String file, String path, String value, boolean multiLine, ImportReport report) {
    Optional<OutputText.Forbidden> found = OutputText.firstForbidden(value, multiLine);
    found.ifPresent(
        f ->
            report.unsafe(
                file,
                "'"
                    + path
                    + "' holds "
                    + f.describe()
                    + "; nothing is imported: remove it from the file (text that reaches generated"
                    + " files or a terminal holds no control, line-separator or invisible format"
                    + " characters)"));
  }
}
