package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.compiler.schema.FleetSchema;
import dev.fleetc.compiler.schema.Shape;
import dev.fleetc.compiler.sets.InventoryFiles;
import dev.fleetc.compiler.values.OutputText;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.emit.support.PyYaml;
import dev.fleetc.emit.support.YamlWriter;
import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.TerminalText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18: every Unicode line, control and format character, put into every string-valued field of
 * the language (keys of free mappings and escape-hatch values included) and into every inventory
 * column, gives either a located error (FLEET-E065 where the rule refuses the character, at the
 * inventory cell for a cell) or output whose every YAML file reads back as the same tree in YAML
 * 1.1 (PyYAML) and YAML 1.2. The fields come from the language's one description ({@link
 * FleetSchema}), not from a list: {@link #theBaseFleetSetsEveryStringFieldOfTheLanguage} fails when
 * a new field is missing from the base fleet, so a new field cannot go untested. Whatever happens,
 * no diagnostic prints such a character raw.
 */
class OutputTextPropertyTest {

  private static final Path BASE = Path.of("src", "test", "resources", "hostile");
  private static final String FLEET_FILE = "every-field.fleet.yaml";
  private static final String CSV_FILE = "every-field.csv";

  static final List<String> CHARACTERS =
      List.of(
          "\u0000",
          "\u0007",
          "\b",
          "\t",
          "\n",
          "\u000b",
          "\f",
          "\r",
          "\u001b",
          "\u007f",
          "\u0085",
          "\u009b",
          "\u00ad",
          "\u061c",
          "\u200b",
          "\u200d",
          "\u200e",
          "\u200f",
          "\u2028",
          "\u2029",
          "\u202a",
          "\u202b",
          "\u202c",
          "\u202d",
          "\u202e",
          "\u2066",
          "\u2067",
          "\u2068",
          "\u2069",
          "\ufeff",
          // A lone surrogate is refused at entry too (OutputText), but cannot be put here:
          // SnakeYAML
          // writes one joined with the next character, so the fleet would not hold it.
          "\udb40\udc01");

  /** Where a character can go: a value or a key of the fleet, or an inventory cell. */
  record Slot(
      List<Object> route, boolean key, boolean multiLine, Shape shape, int csvRow, int csvColumn) {
    boolean inCsv() {
      return csvRow > 0;
    }

    @Override
    public String toString() {
      return inCsv()
          ? CSV_FILE + " row " + csvRow + " column " + csvColumn
          : route + (key ? " (key)" : "");
    }
  }

  private static final Object FLEET = load();
  private static final List<List<String>> CSV = csv();
  private static final List<Slot> SLOTS = slots();
  private static final List<String> YAML_OUTPUTS = Collections.synchronizedList(new ArrayList<>());

  @Example
  void theBaseFleetSetsEveryStringFieldOfTheLanguage() {
    Set<Shape> inSchema = Collections.newSetFromMap(new IdentityHashMap<>());
    stringShapes(FleetSchema.FLEET, inSchema, Collections.newSetFromMap(new IdentityHashMap<>()));
    Set<Shape> inBase = Collections.newSetFromMap(new IdentityHashMap<>());
    SLOTS.stream().filter(s -> s.shape() != null).forEach(s -> inBase.add(s.shape()));
    List<String> missing =
        inSchema.stream().filter(s -> !inBase.contains(s)).map(Shape::description).toList();
    assertThat(missing).as("fields of FleetSchema that " + FLEET_FILE + " never sets").isEmpty();
    assertThat(CSV.get(0)).hasSize(4);
  }

  @Example
  void everyFieldAndEveryCharacterAtLeastOnce() {
    int rounds = Math.max(SLOTS.size(), CHARACTERS.size());
    for (int i = 0; i < rounds; i++) {
      check(SLOTS.get(i % SLOTS.size()), CHARACTERS.get(i % CHARACTERS.size()), i % 3);
    }
  }

  @Property(tries = 200)
  void anyCharacterAnywhere(
      @ForAll("slotIndexes") int slot,
      @ForAll("characters") String character,
      @ForAll @IntRange(min = 0, max = 2) int where) {
    check(SLOTS.get(slot), character, where);
  }

  @Provide
  Arbitrary<Integer> slotIndexes() {
    return Arbitraries.integers().between(0, SLOTS.size() - 1);
  }

  @Provide
  Arbitrary<String> characters() {
    return Arbitraries.of(CHARACTERS);
  }

  @AfterContainer
  static void yamlOutputsReadTheSameInYaml11AndYaml12() {
    List<String> texts = List.copyOf(YAML_OUTPUTS);
    if (texts.isEmpty() || !pyYamlAvailable()) {
      return;
    }
    System.err.println(
        "OutputTextPropertyTest: " + texts.size() + " YAML files read back with PyYAML");
    List<JsonNode> oneOne = PyYaml.readAsYaml11(texts);
    for (int i = 0; i < texts.size(); i++) {
      assertThat(oneOne.get(i)).as(texts.get(i)).isEqualTo(PyYaml.readAsYaml12(texts.get(i)));
    }
  }

  private static void check(Slot slot, String character, int where) {
    Object fleet = deepCopy(FLEET);
    List<List<String>> csv = new ArrayList<>();
    CSV.forEach(row -> csv.add(new ArrayList<>(row)));
    String original;
    if (slot.inCsv()) {
      original = csv.get(slot.csvRow()).get(slot.csvColumn());
      csv.get(slot.csvRow()).set(slot.csvColumn(), insert(original, character, where));
    } else {
      original = mutate(fleet, slot, character, where);
    }
    String text = YamlWriter.write(fleet);
    String inventory = csvText(csv);
    InventoryFiles files =
        (path, max) -> {
          if (!path.equals(CSV_FILE)) {
            throw new InventoryFiles.Unreadable("no such file");
          }
          return inventory;
        };
    CompileResult result = new FleetCompiler().compile(FLEET_FILE, text, files);
    String rendered =
        new DiagnosticRenderer(text, result.sources()).renderAll(result.diagnostics());
    String what = slot + " '" + original + "' + U+" + Integer.toHexString(character.codePointAt(0));
    rendered
        .codePoints()
        .forEach(
            c ->
                assertThat(TerminalText.mustEscape(c))
                    .as("raw in %s:%n%s", what, rendered)
                    .isFalse());
    boolean refused =
        character
            .codePoints()
            .anyMatch(c -> OutputText.isForbidden(c, slot.multiLine() && !slot.key()));
    List<Diagnostic> unsafe =
        result.diagnostics().stream().filter(d -> d.code().equals("FLEET-E065")).toList();
    if (refused) {
      assertThat(result.fleet()).as(what).isEmpty();
      assertThat(unsafe).as("%s:%n%s", what, rendered).isNotEmpty();
      if (slot.inCsv()) {
        assertThat(unsafe)
            .as(what)
            .anySatisfy(
                d -> {
                  assertThat(d.position().file()).isEqualTo(CSV_FILE);
                  assertThat(d.position().line()).isEqualTo(slot.csvRow() + 1);
                });
      } else {
        assertThat(unsafe)
            .as(what)
            .allSatisfy(d -> assertThat(d.position().file()).isEqualTo(FLEET_FILE));
      }
    }
    if (result.fleet().isEmpty()) {
      assertThat(result.diagnostics())
          .as(what)
          .filteredOn(Diagnostic::isError)
          .isNotEmpty()
          .allSatisfy(d -> assertThat(d.position().line()).isPositive());
      return;
    }
    FleetEmitter.standard()
        .emit(result.fleet().get(), c -> true, "fleetc test")
        .files()
        .forEach(
            a -> {
              if (a.path().endsWith(".yaml")) {
                YAML_OUTPUTS.add(a.content());
              }
            });
  }

  private static String insert(String value, String character, int where) {
    return switch (where) {
      case 0 -> character + value;
      case 1 ->
          value.substring(0, value.length() / 2) + character + value.substring(value.length() / 2);
      default -> value + character;
    };
  }

  // Puts the character into the value or key the slot names; returns the original text.
  @SuppressWarnings("unchecked")
  private static String mutate(Object fleet, Slot slot, String character, int where) {
    Object parent = fleet;
    List<Object> route = slot.route();
    for (int i = 0; i < route.size() - 1; i++) {
      parent = step(parent, route.get(i));
    }
    Object last = route.get(route.size() - 1);
    if (parent instanceof List<?> list) {
      String value = (String) list.get((Integer) last);
      ((List<Object>) list).set((Integer) last, insert(value, character, where));
      return value;
    }
    Map<String, Object> map = (Map<String, Object>) parent;
    if (!slot.key()) {
      String value = (String) map.get(last);
      map.put((String) last, insert(value, character, where));
      return value;
    }
    Map<String, Object> renamed = new LinkedHashMap<>();
    map.forEach((k, v) -> renamed.put(k.equals(last) ? insert(k, character, where) : k, v));
    map.clear();
    map.putAll(renamed);
    return (String) last;
  }

  private static Object step(Object node, Object token) {
    return node instanceof List<?> list ? list.get((Integer) token) : ((Map<?, ?>) node).get(token);
  }

  private static List<Slot> slots() {
    List<Slot> slots = new ArrayList<>();
    walk(FLEET, FleetSchema.FLEET, new ArrayList<>(), null, slots);
    for (int row = 1; row < CSV.size(); row++) {
      for (int column = 0; column < CSV.get(row).size(); column++) {
        slots.add(new Slot(List.of(), false, false, null, row, column));
      }
    }
    return List.copyOf(slots);
  }

  // Every string of the data, with the schema shape it stands for (inside an escape hatch: the
  // hatch's Any shape).
  private static void walk(
      Object node, Shape shape, List<Object> route, Shape.Any hatch, List<Slot> out) {
    if (shape instanceof Shape.NoneOr noneOr && !"none".equals(node)) {
      shape = noneOr.shape();
    }
    if (hatch == null && shape instanceof Shape.Any any) {
      hatch = any;
    }
    boolean multiLine = hatch != null;
    Shape owner = hatch != null ? hatch : shape;
    if (node instanceof String) {
      out.add(new Slot(List.copyOf(route), false, multiLine, owner, 0, 0));
    } else if (node instanceof List<?> list) {
      Shape items = shape instanceof Shape.Seq seq ? seq.items() : shape;
      for (int i = 0; i < list.size(); i++) {
        route.add(i);
        walk(list.get(i), items, route, hatch, out);
        route.remove(route.size() - 1);
      }
    } else if (node instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = (String) e.getKey();
        Shape field = shape;
        if (shape instanceof Shape.Obj obj) {
          field = obj.fields().containsKey(key) ? obj.fields().get(key) : obj.values();
        }
        route.add(key);
        if (hatch != null || shape instanceof Shape.Obj obj && obj.freeKeys()) {
          out.add(new Slot(List.copyOf(route), true, false, owner, 0, 0));
        }
        walk(e.getValue(), field, route, hatch, out);
        route.remove(route.size() - 1);
      }
    }
  }

  // The shapes that hold text: strings, secret references, escape hatches, free-key mappings.
  private static void stringShapes(Shape shape, Set<Shape> out, Set<Shape> seen) {
    if (shape == null || !seen.add(shape)) {
      return;
    }
    if (shape instanceof Shape.Str || shape instanceof Shape.Secret || shape instanceof Shape.Any) {
      out.add(shape);
    } else if (shape instanceof Shape.NoneOr n) {
      stringShapes(n.shape(), out, seen);
    } else if (shape instanceof Shape.Seq s) {
      stringShapes(s.items(), out, seen);
    } else if (shape instanceof Shape.Obj o) {
      if (o.freeKeys()) {
        out.add(o);
        stringShapes(o.values(), out, seen);
      }
      o.fields().values().forEach(f -> stringShapes(f, out, seen));
    }
  }

  @SuppressWarnings("unchecked")
  private static Object deepCopy(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, deepCopy(v)));
      return copy;
    }
    if (node instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(deepCopy(v)));
      return copy;
    }
    return node;
  }

  private static Object load() {
    try {
      return new Load(LoadSettings.builder().build())
          .loadFromString(Files.readString(BASE.resolve(FLEET_FILE), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<List<String>> csv() {
    try {
      List<List<String>> rows = new ArrayList<>();
      for (String line : Files.readAllLines(BASE.resolve(CSV_FILE), StandardCharsets.UTF_8)) {
        rows.add(List.of(line.split(",", -1)));
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Every field quoted (RFC 4180), so any character can stand in one.
  private static String csvText(List<List<String>> rows) {
    StringBuilder out = new StringBuilder();
    for (List<String> row : rows) {
      List<String> quoted = row.stream().map(c -> "\"" + c.replace("\"", "\"\"") + "\"").toList();
      out.append(String.join(",", quoted)).append('\n');
    }
    return out.toString();
  }

  private static boolean pyYamlAvailable() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import yaml").start();
      return p.waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
