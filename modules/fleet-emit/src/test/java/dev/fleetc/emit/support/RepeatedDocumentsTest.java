package dev.fleetc.emit.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * writeRepeated reuses the text of an earlier document only when that document is written as the
 * same text: the same entries in the same order. Map equality ignores order, so a memo keyed by it
 * would hand one cluster the text of another cluster's reordered values.
 */
class RepeatedDocumentsTest {

  @Test
  void theSameDocumentBuiltTwiceIsWrittenOnce() {
    String first = YamlWriter.writeRepeated(kustomization("a.yaml", "b.yaml"));
    String second = YamlWriter.writeRepeated(kustomization("a.yaml", "b.yaml"));
    assertThat(second)
        .isSameAs(first)
        .isEqualTo(YamlWriter.write(kustomization("a.yaml", "b.yaml")));
  }

  @Test
  void theSameEntriesInAnotherOrderAreAnotherText() {
    Map<String, Object> ab = new LinkedHashMap<>();
    ab.put("alpha", 1);
    ab.put("beta", 2);
    Map<String, Object> ba = new LinkedHashMap<>();
    ba.put("beta", 2);
    ba.put("alpha", 1);
    assertThat(ab).isEqualTo(ba); // what a plain HashMap key would have confused
    assertThat(YamlWriter.writeRepeated(Map.of("values", ab)))
        .isEqualTo("values:\n  alpha: 1\n  beta: 2\n");
    assertThat(YamlWriter.writeRepeated(Map.of("values", ba)))
        .isEqualTo("values:\n  beta: 2\n  alpha: 1\n");
    assertThat(YamlWriter.writeAllRepeated(List.of(ba, ab)))
        .isEqualTo(YamlWriter.writeAll(List.of(ba, ab)))
        .isNotEqualTo(YamlWriter.writeAllRepeated(List.of(ab, ba)));
  }

  @Test
  void valuesOfDifferentTypesAreDifferentTexts() {
    assertThat(YamlWriter.writeRepeated(Map.of("port", 1))).isEqualTo("port: 1\n");
    assertThat(YamlWriter.writeRepeated(Map.of("port", "1"))).isEqualTo("port: \"1\"\n");
    assertThat(YamlWriter.writeRepeated(Map.of("on", true))).isEqualTo("\"on\": true\n");
    assertThat(YamlWriter.writeRepeated(Map.of("on", "true"))).isEqualTo("\"on\": \"true\"\n");
  }

  @Test
  void kubernetesObjectsCompareByTheirOwnEquality() {
    String first =
        YamlWriter.writeRepeated(
            new NamespaceBuilder().withNewMetadata().withName("x").endMetadata().build());
    String second =
        YamlWriter.writeRepeated(
            new NamespaceBuilder().withNewMetadata().withName("x").endMetadata().build());
    assertThat(second).isSameAs(first);
    assertThat(
            YamlWriter.writeRepeated(
                new NamespaceBuilder().withNewMetadata().withName("y").endMetadata().build()))
        .contains("name: \"y\"");
  }

  @Test
  void documentsBuiltFromEqualInputsAreBuiltAndWrittenOnce() {
    java.util.concurrent.atomic.AtomicInteger built =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.function.Function<List<String>, List<?>> documents =
        resources -> {
          built.incrementAndGet();
          return List.of(kustomization(resources.toArray(String[]::new)));
        };
    String first = YamlWriter.writeAllRepeated(List.of("x.yaml", "y.yaml"), documents);
    String second = YamlWriter.writeAllRepeated(List.of("x.yaml", "y.yaml"), documents);
    String other = YamlWriter.writeAllRepeated(List.of("y.yaml", "x.yaml"), documents);
    assertThat(second).isSameAs(first);
    assertThat(built).hasValue(2); // the reordered inputs are other inputs
    assertThat(first).isEqualTo(YamlWriter.writeAll(List.of(kustomization("x.yaml", "y.yaml"))));
    assertThat(other).isEqualTo(YamlWriter.writeAll(List.of(kustomization("y.yaml", "x.yaml"))));
  }

  /** Whatever was written before, a document's reused text is the text write gives it. */
  @Property(tries = 300)
  void aReusedTextIsAlwaysTheDocumentsOwnText(@ForAll("documents") List<Object> documents) {
    for (Object document : documents) {
      assertThat(YamlWriter.writeRepeated(document)).isEqualTo(YamlWriter.write(document));
    }
    assertThat(YamlWriter.writeAllRepeated(documents)).isEqualTo(YamlWriter.writeAll(documents));
  }

  @Provide
  Arbitrary<List<Object>> documents() {
    // Few keys and values, so that documents with the same entries in other orders, or equal
    // values of other types, come up often.
    Arbitrary<Object> scalar =
        Arbitraries.oneOf(
            Arbitraries.of("a", "b", "1", "true").map(Object.class::cast),
            Arbitraries.of(1, 2).map(Object.class::cast),
            Arbitraries.of(1L).map(Object.class::cast),
            Arbitraries.of(true).map(Object.class::cast));
    Arbitrary<Object> map =
        Arbitraries.of("k", "l", "m")
            .list()
            .ofMaxSize(3)
            .uniqueElements()
            .flatMap(
                keys ->
                    scalar
                        .list()
                        .ofSize(keys.size())
                        .map(
                            values -> {
                              Map<String, Object> ordered = new LinkedHashMap<>();
                              for (int i = 0; i < keys.size(); i++) {
                                ordered.put(keys.get(i), values.get(i));
                              }
                              return (Object) ordered;
                            }));
    Arbitrary<Object> list = scalar.list().ofMaxSize(2).map(ArrayList::new);
    Arbitrary<Object> sorted = map.map(m -> (Object) new TreeMap<>((Map<?, ?>) m));
    return Arbitraries.oneOf(map, list, sorted)
        .map(value -> (Object) Map.of("doc", value))
        .list()
        .ofMinSize(1)
        .ofMaxSize(6);
  }

  private static Map<String, Object> kustomization(String... resources) {
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("apiVersion", "kustomize.config.k8s.io/v1beta1");
    document.put("kind", "Kustomization");
    document.put("resources", List.of(resources));
    return document;
  }
}
