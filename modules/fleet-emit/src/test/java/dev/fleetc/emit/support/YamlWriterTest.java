package dev.fleetc.emit.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * The writer's SnakeYAML settings are built once instead of by Jackson for every document; this
 * checks they are the very settings Jackson would derive, by writing the same documents both ways,
 * but for the one added on purpose: no raw character outside printable ASCII (YamlOneOneTest).
 */
class YamlWriterTest {

  /** Configured as YamlWriter is, minus the prebuilt settings: Jackson derives them itself. */
  private static final ObjectMapper JACKSON_DERIVED =
      YAMLMapper.builder(YAMLFactory.builder().stringQuotingChecker(YamlWriter.KEY_QUOTING).build())
          .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
          .disable(YAMLWriteFeature.MINIMIZE_QUOTES)
          .disable(YAMLWriteFeature.SPLIT_LINES)
          .enable(YAMLWriteFeature.INDENT_ARRAYS_WITH_INDICATOR)
          .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
          .build();

  @Test
  void writesWhatJacksonsOwnSettingsWrite() {
    for (Object document : documents()) {
      assertThat(YamlWriter.write(document))
          .as("%s", document)
          .isEqualTo(JACKSON_DERIVED.writeValueAsString(document));
    }
  }

  @Test
  void literalBlocksToo() {
    ObjectMapper ours =
        ((YAMLMapper) YamlWriter.mapper())
            .rebuild()
            .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .build();
    ObjectMapper derived =
        ((YAMLMapper) JACKSON_DERIVED)
            .rebuild()
            .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
            .build();
    for (Object document : documents()) {
      assertThat(ours.writeValueAsString(document)).isEqualTo(derived.writeValueAsString(document));
    }
  }

  @Test
  void theSettingsAreTheOnesThatMatter() {
    // Guards the test itself: a list under a key is where the indicator indent shows.
    assertThat(YamlWriter.write(Map.of("k", List.of("a")))).isEqualTo("k:\n  - \"a\"\n");
  }

  @Test
  void everyCharacterOutsidePrintableAsciiIsWrittenAsAnEscape() {
    assertThat(YamlWriter.write(Map.of("unicode", "gr\u00fc\u00dfe \u2013 \u2713 \u2028")))
        .isEqualTo("unicode: \"gr\\xfc\\xdfe \\u2013 \\u2713 \\u2028\"\n");
    assertThat(YamlWriter.write(Map.of("k\u00e9y", "line\n\u2029\n")))
        .isEqualTo("\"k\\xe9y\": \"line\\n\\u2029\\n\"\n");
  }

  private static List<Object> documents() {
    List<Object> documents = new ArrayList<>();
    Map<String, Object> nested = new LinkedHashMap<>();
    nested.put("string", "plain");
    nested.put("octal", "0644");
    nested.put("yes", "on");
    nested.put("number", 42);
    nested.put("boolean", true);
    nested.put("empty-list", List.of());
    nested.put("empty-map", Map.of());
    nested.put("list", List.of("a", Map.of("k", "v"), List.of(1, 2)));
    nested.put(
        "script", "#!/usr/bin/env bash\nset -euo pipefail\necho \"$HOME\" 'x'\n\n  indented\n");
    nested.put("long", "x".repeat(300) + " " + "y".repeat(300));
    nested.put("specials", ": - ? # & * ! | > ' \" % @ `");
    nested.put("trailing-space", "a ");
    nested.put("no-final-newline", "a\nb");
    documents.add(nested);
    documents.add(Map.of("list-of-maps", List.of(nested, nested)));
    documents.add(List.of("top", "level", List.of("list")));
    documents.add(
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("cluster-vars")
            .withNamespace("flux-system")
            .addToLabels("app.kubernetes.io/part-of", "fleetc")
            .endMetadata()
            .addToData("script", "line one\nline two\n")
            .build());
    documents.add(
        new ServiceBuilder()
            .withNewMetadata()
            .withName("ingress")
            .endMetadata()
            .withNewSpec()
            .withType("ClusterIP")
            .addNewPort()
            .withName("http")
            .withPort(80)
            .endPort()
            .endSpec()
            .build());
    return documents;
  }
}
