package dev.fleetc.emit.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ExampleFleets;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * What the one YAML writer writes reads back as the same tree in YAML 1.1 (PyYAML, as cloud-init,
 * K3s's and MicroK8s's Go parsers read it) and YAML 1.2 (SnakeYAML Engine), and as the tree it was
 * given: for keys and values that YAML 1.1 resolves differently, for every Unicode line and format
 * character, and for every YAML file every example fleet and golden case compiles to.
 */
class YamlOneOneTest {

  /** The line, control and format characters a value may bring from a CSV cell or a fleet file. */
  static final List<String> LINE_AND_FORMAT_CHARACTERS =
      List.of(
          "\u0000",
          "\u0007",
          "\u0008",
          "\t",
          "\n",
          "\u000b",
          "\u000c",
          "\r",
          "\u001b",
          "\u007f",
          "\u0085",
          "\u009b",
          "\u00a0",
          "\u00ad",
          "\u061c",
          "\u200b",
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
          "\ud83d\ude00");

  /** Plain scalars that YAML 1.1 (yaml.org/type) reads as something else than YAML 1.2. */
  static final List<String> ONE_ONE_WORDS =
      List.of(
          "y",
          "Y",
          "n",
          "N",
          "yes",
          "No",
          "on",
          "OFF",
          "true",
          "null",
          "Null",
          "~",
          "",
          "<<",
          "=",
          "0644",
          "0o644",
          "0x1F",
          "0b101",
          "1_000",
          "1:20",
          "190:20:30",
          "-1:20",
          "1e3",
          "1.5e+3",
          ".inf",
          "-.Inf",
          ".NaN",
          "2001-12-14",
          "2001-12-14t21:59:43.10-05:00",
          "+12",
          ".5",
          "0.",
          "-",
          "?",
          "#",
          "@x",
          "`x",
          "%x",
          "!x",
          "&x",
          "*x",
          "|",
          ">",
          "'",
          "\"",
          "a: b",
          "a #b",
          "[x]",
          "{x}",
          "- x",
          " x",
          "x ");

  @BeforeAll
  static void pyYaml() {
    PyYaml.assumeAvailable();
  }

  @Test
  void everyWordYamlOneOneReadsOtherwiseIsWrittenSoBothReadTheSameString() {
    Map<String, Object> document = new LinkedHashMap<>();
    int i = 0;
    for (String word : ONE_ONE_WORDS) {
      document.put(word, word);
      document.put("v" + i++, List.of(word, Map.of(word, List.of(word))));
    }
    assertSameTree(List.of(document));
  }

  @Test
  void everyLineAndFormatCharacterIsWrittenSoBothReadTheSameString() {
    List<Object> documents = new ArrayList<>();
    for (String c : LINE_AND_FORMAT_CHARACTERS) {
      Map<String, Object> document = new LinkedHashMap<>();
      document.put("plain" + c + "key", "a" + c + "b");
      document.put("alone", c);
      // As the end of a line of a multi-line string: the attack on a literal block (issue 18).
      document.put(
          "script", "echo one" + c + "bootcmd:" + c + "- touch /tmp/x" + c + "\necho two\n");
      document.put("list", List.of(c + "x", "x" + c, c + "\n" + c));
      documents.add(document);
    }
    assertSameTree(documents);
  }

  // Each document written by the writer and by its literal-block variant (cloud-init user-data):
  // YAML 1.2 and YAML 1.1 must both read back the very tree that was written.
  private static void assertSameTree(List<Object> documents) {
    ObjectMapper literal =
        ((YAMLMapper) YamlWriter.mapper())
            .rebuild()
            .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .build();
    List<String> texts = new ArrayList<>();
    for (Object document : documents) {
      texts.add(YamlWriter.write(document));
      texts.add(literal.writeValueAsString(document));
    }
    List<JsonNode> oneOne = PyYaml.readAsYaml11(texts);
    for (int i = 0; i < texts.size(); i++) {
      JsonNode written = YamlWriter.mapper().valueToTree(List.of(documents.get(i / 2)));
      assertThat(PyYaml.readAsYaml12(texts.get(i)))
          .as("YAML 1.2 of:\n%s", texts.get(i))
          .isEqualTo(written);
      assertThat(oneOne.get(i)).as("YAML 1.1 of:\n%s", texts.get(i)).isEqualTo(written);
    }
  }

  @Test
  void everyYamlFileOfEveryExampleAndGoldenReadsTheSameInBothVersions() throws IOException {
    List<String> names = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (Path fleet : fleets()) {
      CompileResult result = ExampleFleets.compile(fleet);
      assertThat(result.fleet()).as(fleet.toString()).isPresent();
      for (Artifact a :
          FleetEmitter.standard().emit(result.fleet().get(), c -> true, "fleetc test").files()) {
        if (a.path().endsWith(".yaml") || a.path().endsWith(".yml")) {
          names.add(fleet + ": " + a.path());
          texts.add(a.content());
        }
      }
    }
    assertThat(texts).hasSizeGreaterThan(100);
    List<JsonNode> oneOne = PyYaml.readAsYaml11(texts);
    for (int i = 0; i < texts.size(); i++) {
      JsonNode oneTwo = PyYaml.readAsYaml12(texts.get(i));
      assertThat(oneTwo.isArray()).as(names.get(i) + " reads as YAML 1.2: " + oneTwo).isTrue();
      assertThat(oneOne.get(i)).as(names.get(i)).isEqualTo(oneTwo);
    }
  }

  private static List<Path> fleets() throws IOException {
    List<Path> fleets = new ArrayList<>();
    try (Stream<Path> examples = Files.list(Path.of("..", "..", "fleet-examples"))) {
      examples.filter(p -> p.toString().endsWith(".fleet.yaml")).sorted().forEach(fleets::add);
    }
    try (Stream<Path> golden = Files.list(Path.of("src", "test", "resources", "golden"))) {
      golden
          .sorted()
          .map(d -> d.resolve("fleet.yaml"))
          .filter(Files::isRegularFile)
          .forEach(fleets::add);
    }
    return fleets;
  }
}
