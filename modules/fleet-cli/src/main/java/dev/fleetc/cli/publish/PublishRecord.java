package dev.fleetc.cli.publish;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code fleet.publish.json}, beside the lock: the destination, the tag and each cluster's manifest
 * digest, sorted by cluster, so that {@code fleet publish --check} (and later {@code fleet diff})
 * can say which clusters' artifacts change without asking the registry. Read as untrusted input: a
 * file that does not parse or does not hold digests counts as no record.
 */
public record PublishRecord(String to, String tag, Map<String, String> digests) {

  /** The file name, at the top of the compiled folder. */
  public static final String FILE = "fleet.publish.json";

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  public PublishRecord {
    digests = new TreeMap<>(digests);
  }

  /** The deterministic text: fixed key order, clusters sorted, a final newline. */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("to", to);
    root.put("tag", tag);
    ArrayNode clusters = root.putArray("clusters");
    digests.forEach((name, digest) -> clusters.addObject().put("name", name).put("digest", digest));
    return JSON.writeValueAsString(root) + "\n";
  }

  /**
   * Parses a record.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static PublishRecord parse(String text) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String to = text(root, "to");
    String tag = text(root, "tag");
    JsonNode clusters = root.get("clusters");
    if (clusters == null || !clusters.isArray()) {
      throw new IllegalArgumentException("clusters: not a list");
    }
    Map<String, String> digests = new TreeMap<>();
    for (int i = 0; i < clusters.size(); i++) {
      JsonNode cluster = clusters.get(i);
      String name = cluster.isObject() ? text(cluster, "name") : null;
      String digest = cluster.isObject() ? text(cluster, "digest") : null;
      if (name == null || digest == null || !DIGEST.matcher(digest).matches()) {
        throw new IllegalArgumentException("clusters[" + i + "]: needs a name and a sha256 digest");
      }
      if (digests.put(name, digest) != null) {
        throw new IllegalArgumentException("clusters[" + i + "]: " + name + " listed twice");
      }
    }
    if (to == null || tag == null) {
      throw new IllegalArgumentException("needs 'to' and 'tag'");
    }
    return new PublishRecord(to, tag, digests);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? value.asString() : null;
  }
}
