package dev.fleetc.emit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code fleet.lock.json} as untrusted input. A lock decides which files a compile may
 * replace or delete, so every field is checked for its type and every path must be a plain,
 * normalized path inside the output folder; anything else is refused with a message naming the
 * entry ({@code clusters[1].artifacts[3].path}).
 */
public final class LockReader {

  /** The largest lock read (a 1,000-cluster fleet's lock is about 2 MiB). */
  public static final int MAX_BYTES = 64 * 1024 * 1024;

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
    JsonNode root;
    try {
      root = STRICT.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidLockException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidLockException("not a JSON object");
    }
    String fleet = text(root, "fleet", "fleet", true);
    String generator = text(root, "generator", "generator", true);
    JsonNode clusters = root.get("clusters");
    if (clusters == null || !clusters.isArray()) {
      throw new InvalidLockException("clusters: must be a list, got " + describe(clusters));
    }
    List<Lock.LockCluster> parsed = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Map<String, String> owners = new TreeMap<>(); // path -> the entry that listed it first
    // Files of the whole fleet (FLEET.md); absent from locks written before they existed.
    JsonNode fleetFiles = root.get("files");
    List<Lock.LockArtifact> rootFiles =
        fleetFiles == null ? List.of() : artifacts(fleetFiles, "files", owners);
    for (int c = 0; c < clusters.size(); c++) {
      String at = "clusters[" + c + "]";
      JsonNode cluster = clusters.get(c);
      if (!cluster.isObject()) {
        throw new InvalidLockException(at + ": must be an object, got " + describe(cluster));
      }
      String name = text(cluster, "name", at + ".name", true);
      if (!names.add(name)) {
        throw new InvalidLockException(at + ".name: cluster '" + name + "' is listed twice");
      }
      List<Lock.LockArtifact> files =
          artifacts(cluster.get("artifacts"), at + ".artifacts", owners);
      parsed.add(
          new Lock.LockCluster(
              name,
              text(cluster, "distribution", at + ".distribution", true),
              text(cluster, "version", at + ".version", true),
              text(cluster, "datastore", at + ".datastore", false),
              text(cluster, "gitops", at + ".gitops", false),
              text(cluster, "gitopsPath", at + ".gitopsPath", false),
              files));
    }
    checkNoFileIsAFolder(owners);
    return new Lock(fleet, generator, rootFiles, parsed);
  }

  /** A list of file entries, each path safe and listed once across the whole lock. */
  private static List<Lock.LockArtifact> artifacts(
      JsonNode artifacts, String at, Map<String, String> owners) {
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
      String first = owners.putIfAbsent(path, entry);
      if (first != null) {
        throw new InvalidLockException(
            entry + ".path: " + quote(path) + " is already listed by " + first);
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
  private static void checkNoFileIsAFolder(Map<String, String> owners) {
    for (String path : owners.keySet()) {
      int slash = path.lastIndexOf('/');
      while (slash > 0) {
        String parent = path.substring(0, slash);
        if (owners.containsKey(parent)) {
          throw new InvalidLockException(
              owners.get(parent)
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
