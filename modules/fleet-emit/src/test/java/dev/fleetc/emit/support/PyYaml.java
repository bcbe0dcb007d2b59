package dev.fleetc.emit.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads YAML texts as a YAML 1.1 parser does (PyYAML's {@code safe_load_all}, the parser cloud-init
 * uses) and as a YAML 1.2 parser does (SnakeYAML Engine, core schema), each as a JSON tree, so that
 * tests can require both to read the same thing. Non-string keys and values JSON has no type for (a
 * YAML 1.1 date) are written as {@code "!type:text"}, so they never compare equal to a string.
 */
public final class PyYaml {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static final String SCRIPT =
      """
      import json, sys, yaml
      def norm(v):
          if isinstance(v, dict):
              return {(k if isinstance(k, str) else '!%s:%s' % (type(k).__name__, k)): norm(x)
                      for k, x in v.items()}
          if isinstance(v, list):
              return [norm(x) for x in v]
          if v is None or isinstance(v, (str, bool, int, float)):
              return v
          return '!%s:%s' % (type(v).__name__, v)
      out = []
      for text in json.load(sys.stdin):
          try:
              out.append([norm(d) for d in yaml.safe_load_all(text)])
          except yaml.YAMLError as e:
              out.append('!error:' + str(e).replace('\\n', ' '))
      json.dump(out, sys.stdout)
      """;

  private PyYaml() {}

  /** Skips the calling test, loudly, when python3 with PyYAML is missing (.ci/run installs it). */
  public static void assumeAvailable() {
    boolean available;
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "import yaml").redirectErrorStream(true).start();
      available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      available = false;
    }
    if (!available) {
      System.err.println(
          "PyYaml: SKIPPED the YAML 1.1 read-back: python3 with PyYAML is not installed"
              + " (apt-get install python3-yaml; .ci/run installs it)");
    }
    assumeTrue(available, "python3 with PyYAML is not installed");
  }

  /** Each text's documents as PyYAML reads them, or {@code "!error:..."} when it cannot. */
  public static List<JsonNode> readAsYaml11(List<String> texts) {
    try {
      Process p = new ProcessBuilder("python3", "-c", SCRIPT).start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(JSON.writeValueAsBytes(texts));
      }
      byte[] out = p.getInputStream().readAllBytes();
      String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("python3 failed: " + err);
      }
      List<JsonNode> results = new ArrayList<>();
      JSON.readTree(out).forEach(results::add);
      return results;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The text's documents as a YAML 1.2 parser (SnakeYAML Engine, core schema) reads them. */
  public static JsonNode readAsYaml12(String text) {
    List<Object> documents = new ArrayList<>();
    try {
      new Load(LoadSettings.builder().build())
          .loadAllFromString(text)
          .forEach(d -> documents.add(normalize(d)));
    } catch (RuntimeException e) {
      return JSON.valueToTree("!error:" + e.getMessage());
    }
    return JSON.valueToTree(documents);
  }

  private static Object normalize(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      map.forEach(
          (k, v) -> out.put(k instanceof String s ? s : "!" + typeName(k) + ":" + k, normalize(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(PyYaml::normalize).toList();
    }
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Number) {
      return value;
    }
    return "!" + typeName(value) + ":" + value;
  }

  private static String typeName(Object value) {
    return value == null ? "NoneType" : value.getClass().getSimpleName();
  }
}
