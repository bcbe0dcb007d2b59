package dev.fleetc.emit;

import dev.fleetc.emit.support.JsonWriter;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads {@code fleet.lock.json} as untrusted input. A lock decides which files a compile may
 * replace or delete, so every field is checked for its type and every path must be a plain,
 * normalized path inside the output folder; anything else is refused with a message naming the
 * entry ({@code clusters[1].artifacts[3].path}).
 */
public final class LockReader {

  /**
   * The largest lock read: a bound against a hostile file, far above honest fleets (the lock of
   * 10,000 clusters of five nodes is 63 MB; it is read as a stream, keeping only paths).
   */
  public static final int MAX_BYTES = 512 * 1024 * 1024;

  /**
   * Names at the top of the output folder that fleetc keeps for itself while it writes (staging,
   * journal, the advisory lock file); a lock may not own them.
   */
  public static final String RESERVED_PREFIX = ".fleetc-";

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private LockReader() {}

  /** Why a lock cannot be used; the message names the entry and the problem. */
  public static final class InvalidLockException extends RuntimeException {
    public InvalidLockException(String message) {
      super(message);
    }
  }

  /** Parses and checks a lock. */
  public static Lock read(String json) {
    if (json.length() > MAX_BYTES) {
      throw new InvalidLockException("larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
    }
    List<Lock.LockCluster> clusters = new ArrayList<>();
    Lock header;
    try (JsonParser parser = STRICT.createParser(json)) {
      header = read(parser, clusters::add);
    }
    return new Lock(header.fleet(), header.generator(), header.files(), clusters);
  }

  /**
   * Parses and checks a lock from a stream, one cluster at a time: each cluster's entry, once
   * checked, goes to {@code each} and is not kept, so that a 10,000-cluster lock (60 MB) is never
   * whole in memory, as text or as a tree. The caller bounds the stream's size.
   *
   * @return the lock without its clusters
   * @throws IOException when reading fails
   * @throws InvalidLockException naming the bad entry (after {@code each} may have seen clusters)
   */
  public static Lock read(Reader in, Consumer<Lock.LockCluster> each) throws IOException {
    try (JsonParser parser = STRICT.createParser(in)) {
      return read(parser, each);
    } catch (JacksonIOException e) {
      throw e.getCause() != null ? e.getCause() : new IOException(e.getMessage(), e);
    }
  }

  /** The checks of the whole lock, made as its parts stream past; clusters go to {@code each}. */
  private static Lock read(JsonParser parser, Consumer<Lock.LockCluster> each) {
    try {
      JsonToken first = parser.nextToken();
      if (first != JsonToken.START_OBJECT) {
        if (first != null) {
          parser.readValueAsTree(); // invalid JSON is reported as such
          trailing(parser);
        }
        throw new InvalidLockException("not a JSON object");
      }
      ObjectNode header = JsonWriter.mapper().createObjectNode();
      Set<String> names = new HashSet<>();
      Map<String, Long> owners = new TreeMap<>(); // path -> the entry that listed it first
      List<Lock.LockArtifact> rootFiles = null;
      boolean clustersSeen = false;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("clusters") && value == JsonToken.START_ARRAY) {
          clustersSeen = true;
          // Fleetc writes these fields first: check them before any cluster, as a whole read would.
          checkHeader(header, false);
          if (rootFiles == null && header.has("files")) {
            rootFiles = artifacts(header.get("files"), "files", -1, owners);
          }
          int c = 0;
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            each.accept(cluster(parser.readValueAsTree(), c++, names, owners));
          }
        } else {
          header.set(field, parser.readValueAsTree());
        }
      }
      trailing(parser);
      checkHeader(header, true);
      if (!clustersSeen) {
        throw new InvalidLockException(
            "clusters: must be a list, got " + describe(header.get("clusters")));
      }
      if (rootFiles == null) {
        // Files of the whole fleet (FLEET.md); absent from locks written before they existed.
        JsonNode fleetFiles = header.get("files");
        rootFiles = fleetFiles == null ? List.of() : artifacts(fleetFiles, "files", -1, owners);
      }
      checkNoFileIsAFolder(owners);
      return new Lock(
          text(header, "fleet", "fleet", true),
          text(header, "generator", "generator", true),
          rootFiles,
          List.of());
    } catch (JacksonIOException e) {
      throw e;
    } catch (JacksonException e) {
      throw new InvalidLockException("not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static void trailing(JsonParser parser) {
    if (parser.nextToken() != null) {
      throw new InvalidLockException(
          "not valid JSON: more content after the end of the object ("
              + parser.currentToken()
              + ")");
    }
  }

  /**
   * {@code fleet} and {@code generator}: checked when present, and when {@code whole}, required.
   */
  private static void checkHeader(ObjectNode header, boolean whole) {
    for (String field : List.of("fleet", "generator")) {
      if (whole || header.has(field)) {
        text(header, field, field, true);
      }
    }
  }

  private static Lock.LockCluster cluster(
      JsonNode cluster, int c, Set<String> names, Map<String, Long> owners) {
    String at = "clusters[" + c + "]";
    if (!cluster.isObject()) {
      throw new InvalidLockException(at + ": must be an object, got " + describe(cluster));
    }
    String name = text(cluster, "name", at + ".name", true);
    if (!names.add(name)) {
      throw new InvalidLockException(at + ".name: cluster '" + name + "' is listed twice");
    }
    List<Lock.LockArtifact> files =
        artifacts(cluster.get("artifacts"), at + ".artifacts", c, owners);
    return new Lock.LockCluster(
        name,
        text(cluster, "distribution", at + ".distribution", true),
        text(cluster, "version", at + ".version", true),
        text(cluster, "datastore", at + ".datastore", false),
        text(cluster, "gitops", at + ".gitops", false),
        text(cluster, "gitopsPath", at + ".gitopsPath", false),
        text(cluster, "wave", at + ".wave", false),
        text(cluster, "targetVersion", at + ".targetVersion", false),
        text(cluster, "effectiveVersion", at + ".effectiveVersion", false),
        files);
  }

  /** An entry's name, kept as two numbers until a message needs it: a lock has 270,000 entries. */
  private static long entry(int cluster, int artifact) {
    return ((long) cluster << 32) | (artifact & 0xffffffffL);
  }

  private static String entryName(long entry) {
    int cluster = (int) (entry >> 32);
    int artifact = (int) entry;
    return (cluster < 0 ? "files" : "clusters[" + cluster + "].artifacts") + "[" + artifact + "]";
  }

  /** A list of file entries, each path safe and listed once across the whole lock. */
  private static List<Lock.LockArtifact> artifacts(
      JsonNode artifacts, String at, int cluster, Map<String, Long> owners) {
    if (artifacts == null || !artifacts.isArray()) {
      throw new InvalidLockException(at + ": must be a list, got " + describe(artifacts));
    }
    List<Lock.LockArtifact> files = new ArrayList<>();
    for (int a = 0; a < artifacts.size(); a++) {
      String entry = at + "[" + a + "]";
      JsonNode artifact = artifacts.get(a);
      if (!artifact.isObject()) {
        throw new InvalidLockException(entry + ": must be an object, got " + describe(artifact));
      }
      String path = text(artifact, "path", entry + ".path", true);
      String problem = unsafe(path);
      if (problem != null) {
        throw new InvalidLockException(entry + ".path: " + quote(path) + " " + problem);
      }
      Long first = owners.putIfAbsent(path, entry(cluster, a));
      if (first != null) {
        throw new InvalidLockException(
            entry + ".path: " + quote(path) + " is already listed by " + entryName(first));
      }
      String sha256 = text(artifact, "sha256", entry + ".sha256", true);
      if (!SHA256.matcher(sha256).matches()) {
        throw new InvalidLockException(
            entry + ".sha256: " + quote(sha256) + " is not a sha256 digest (64 hex digits)");
      }
      files.add(
          new Lock.LockArtifact(
              path,
              text(artifact, "kind", entry + ".kind", true),
              text(artifact, "node", entry + ".node", false),
              text(artifact, "role", entry + ".role", false),
              sha256));
    }
    return files;
  }

  /**
   * Why {@code path} is not a plain relative path inside the output folder, or {@code null} when it
   * is one: segments separated by {@code /}, none empty, {@code .} or {@code ..}; no backslash,
   * colon (drive letters, alternate streams), NUL or other control character; not a name fleetc
   * reserves for itself.
   */
  public static String unsafe(String path) {
    if (path.isEmpty()) {
      return "is empty";
    }
    if (path.startsWith("/")) {
      return "is absolute";
    }
    for (int i = 0; i < path.length(); i++) {
      char ch = path.charAt(i);
      if (ch == '\\') {
        return "contains a backslash";
      }
      if (ch == ':') {
        return "contains a colon (a drive letter?)";
      }
      if (ch < 0x20 || ch == 0x7f) {
        return "contains a control character";
      }
    }
    String[] segments = path.split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        return "has an empty segment";
      }
      if (segment.equals(".") || segment.equals("..")) {
        return "is not normalized ('" + segment + "')";
      }
    }
    if (segments[0].startsWith(RESERVED_PREFIX) || path.equals(OutputLayout.LOCK_FILE)) {
      return "is a name fleetc reserves for itself";
    }
    return null;
  }

  /** A path that is also another path's folder ({@code a} and {@code a/b}) cannot be a file. */
  private static void checkNoFileIsAFolder(Map<String, Long> owners) {
    for (String path : owners.keySet()) {
      int slash = path.lastIndexOf('/');
      while (slash > 0) {
        String parent = path.substring(0, slash);
        if (owners.containsKey(parent)) {
          throw new InvalidLockException(
              entryName(owners.get(parent))
                  + ".path: "
                  + quote(parent)
                  + " is listed as a file and as the folder of "
                  + quote(path));
        }
        slash = parent.lastIndexOf('/');
      }
    }
  }

  private static String text(JsonNode object, String field, String at, boolean required) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new InvalidLockException(at + ": is missing");
      }
      return null;
    }
    if (!value.isString()) {
      throw new InvalidLockException(at + ": must be a string, got " + describe(value));
    }
    return value.asString();
  }

  private static String describe(JsonNode node) {
    if (node == null || node.isMissingNode()) {
      return "nothing";
    }
    if (node.isNull()) {
      return "null";
    }
    if (node.isObject()) {
      return "an object";
    }
    if (node.isArray()) {
      return "a list";
    }
    if (node.isNumber()) {
      return "the number " + node;
    }
    if (node.isBoolean()) {
      return node.toString();
    }
    return "a string";
  }

  /** A path or digest as shown in messages: quoted, control characters escaped, shortened. */
  private static String quote(String value) {
    StringBuilder out = new StringBuilder("'");
    int limit = Math.min(value.length(), 200);
    for (int i = 0; i < limit; i++) {
      char ch = value.charAt(i);
      if (ch < 0x20 || ch == 0x7f) {
        out.append(String.format("\\x%02x", (int) ch));
      } else {
        out.append(ch);
      }
    }
    if (value.length() > limit) {
      out.append("...");
    }
    return out.append('\'').toString();
  }
}
