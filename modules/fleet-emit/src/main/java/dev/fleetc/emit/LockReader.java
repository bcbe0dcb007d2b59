package dev.fleetc.emit;

import dev.fleetc.emit.support.JsonWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

  /**
   * Why a lock cannot be used; the message names the entry and the problem, and, when the problem
   * is in a part of a parted lock, the part ({@code fleet.lock.d/3.json: clusters[2].name: ...}).
   */
  public static final class InvalidLockException extends RuntimeException {
    private final String file;

    public InvalidLockException(String message) {
      this(OutputLayout.LOCK_FILE, message);
    }

    /**
     * @param file the lock's file the problem is in, relative to the output folder
     */
    public InvalidLockException(String file, String message) {
      super(file.equals(OutputLayout.LOCK_FILE) ? message : file + ": " + message);
      this.file = file;
    }

    /** The lock's file the problem is in: {@code fleet.lock.json} or one of its parts. */
    public String file() {
      return file;
    }
  }

  /**
   * Where the parts of a parted lock are read from (the output folder, a git tree): the caller's
   * I/O. It refuses what is not a regular file (a link, a folder) and what is larger than {@code
   * maxBytes} with an {@link InvalidLockException} naming the part; the reader bounds what it reads
   * again.
   */
  @FunctionalInterface
  public interface PartSource {
    InputStream open(String path, long maxBytes) throws IOException;
  }

  /** For a lock that must be a single file: a parted one is refused. */
  public static final PartSource NO_PARTS =
      (path, maxBytes) -> {
        throw new InvalidLockException(
            "parts: lists its clusters in parts under "
                + LockFiles.PARTS_FOLDER
                + "/, which cannot be read here");
      };

  /** The largest part read: four times what fleetc writes ({@link LockFiles#PART_TARGET_BYTES}). */
  public static final int MAX_PART_BYTES = 64 << 20;

  /** Parses and checks a lock that is one file (a parted one is refused). */
  public static Lock read(String json) {
    return read(json, NO_PARTS);
  }

  /**
   * Parses and checks a lock, single or parted (its parts from {@code parts}), whole: its clusters
   * in name order.
   */
  public static Lock read(String json, PartSource parts) {
    if (json.length() > MAX_BYTES) {
      throw new InvalidLockException("larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
    }
    List<Lock.LockCluster> clusters = new ArrayList<>();
    Header header;
    try (JsonParser parser = STRICT.createParser(json)) {
      header = read(parser, parts, clusters::add);
    } catch (JacksonIOException e) {
      throw new java.io.UncheckedIOException(
          e.getCause() != null ? e.getCause() : new IOException(e.getMessage(), e));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (header.parted()) {
      clusters.sort(java.util.Comparator.comparing(Lock.LockCluster::name));
    }
    Lock lock = header.lock();
    return new Lock(lock.fleet(), lock.generator(), lock.files(), clusters);
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
    return read(in, NO_PARTS, each).lock();
  }

  /**
   * Like {@link #read(Reader, Consumer)}, for a single or a parted lock: a parted lock's clusters
   * come from its parts, read from {@code parts} one after the other, in the order of the parts.
   *
   * @return the lock without its clusters, and its parts
   */
  public static Header read(Reader in, PartSource parts, Consumer<Lock.LockCluster> each)
      throws IOException {
    try (JsonParser parser = STRICT.createParser(in)) {
      return read(parser, parts, each);
    } catch (JacksonIOException e) {
      throw e.getCause() != null ? e.getCause() : new IOException(e.getMessage(), e);
    }
  }

  /**
   * A lock as read, without its clusters (they went to the consumer).
   *
   * @param parts a parted lock's parts as its root lists them, in order; empty for a single lock
   */
  public record Header(Lock lock, List<LockFiles.PartRef> parts) {
    public Header {
      parts = List.copyOf(parts);
    }

    public boolean parted() {
      return !parts.isEmpty();
    }

    /** The paths of the parts: files of the lock itself, which a compile owns like the root. */
    public List<String> partPaths() {
      return parts.stream().map(LockFiles.PartRef::path).toList();
    }
  }

  /** What the reader keeps across the root and the parts: every path and who listed it first. */
  private static final class Owners {
    final Map<String, Long> paths = new TreeMap<>();
    final Set<String> names = new HashSet<>();

    /** The first cluster number of each part read so far, and its path. */
    final List<Integer> partStarts = new ArrayList<>();

    final List<String> partPaths = new ArrayList<>();
    int clusters;

    /** An entry's name, for a message that it is listed twice. */
    String name(long entry) {
      int cluster = (int) (entry >> 32);
      int artifact = (int) entry;
      if (cluster < 0) {
        return "files[" + artifact + "]";
      }
      if (partStarts.isEmpty()) {
        return "clusters[" + cluster + "].artifacts[" + artifact + "]";
      }
      int part = partStarts.size() - 1;
      while (partStarts.get(part) > cluster) {
        part--;
      }
      return partPaths.get(part)
          + " clusters["
          + (cluster - partStarts.get(part))
          + "] (its file "
          + artifact
          + ")";
    }
  }

  /** The checks of the whole lock, made as its parts stream past; clusters go to {@code each}. */
  private static Header read(JsonParser parser, PartSource source, Consumer<Lock.LockCluster> each)
      throws IOException {
    Owners owners = new Owners();
    Header header = readRoot(parser, owners, each);
    if (header.parted()) {
      readParts(header.parts(), source, owners, each);
    }
    checkNoFileIsAFolder(owners);
    return header;
  }

  /** The root file; a single lock's clusters go to {@code each}, a parted lock's part list kept. */
  private static Header readRoot(
      JsonParser parser, Owners owners, Consumer<Lock.LockCluster> each) {
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
      List<Lock.LockArtifact> rootFiles = null;
      boolean clustersSeen = false;
      List<JsonNode> parts = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("clusters") && value == JsonToken.START_ARRAY) {
          clustersSeen = true;
          // Fleetc writes these fields first: check them before any cluster, as a whole read would.
          checkHeader(header, false);
          if (header.has("format") || parts != null) {
            throw new InvalidLockException(
                "clusters: a lock in parts (format " + LockFiles.PARTED_FORMAT + ") has none");
          }
          if (rootFiles == null && header.has("files")) {
            rootFiles = artifacts(header.get("files"), "files", -1, owners);
          }
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            each.accept(cluster(parser.readValueAsTree(), owners.clusters++, owners));
          }
        } else if (field.equals("parts") && value == JsonToken.START_ARRAY) {
          parts = new ArrayList<>();
          while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parts.size() == 1 << (4 * LockFiles.MAX_DIGITS)) {
              throw new InvalidLockException(
                  "parts: more than " + (1 << (4 * LockFiles.MAX_DIGITS)) + " parts");
            }
            parts.add(parser.readValueAsTree());
          }
        } else {
          header.set(field, parser.readValueAsTree());
        }
      }
      trailing(parser);
      checkHeader(header, true);
      boolean parted = format(header.get("format")) == LockFiles.PARTED_FORMAT;
      if (parted && clustersSeen) {
        throw new InvalidLockException(
            "clusters: a lock in parts (format " + LockFiles.PARTED_FORMAT + ") has none");
      }
      if (!parted && parts != null) {
        throw new InvalidLockException(
            "parts: only a lock of format " + LockFiles.PARTED_FORMAT + " has parts");
      }
      if (parted && parts == null) {
        throw new InvalidLockException(
            "parts: must be a list, got " + describe(header.get("parts")));
      }
      if (!parted && !clustersSeen) {
        throw new InvalidLockException(
            "clusters: must be a list, got " + describe(header.get("clusters")));
      }
      if (rootFiles == null) {
        // Files of the whole fleet (FLEET.md); absent from locks written before they existed.
        JsonNode fleetFiles = header.get("files");
        rootFiles = fleetFiles == null ? List.of() : artifacts(fleetFiles, "files", -1, owners);
      }
      Lock lock =
          new Lock(
              text(header, "fleet", "fleet", true),
              text(header, "generator", "generator", true),
              rootFiles,
              List.of());
      return new Header(lock, parted ? partRefs(parts) : List.of());
    } catch (JacksonIOException e) {
      throw e;
    } catch (JacksonException e) {
      throw new InvalidLockException("not valid JSON: " + e.getOriginalMessage());
    }
  }

  /** The lock's format: absent or 1 for a single file, 2 for a lock in parts. */
  private static int format(JsonNode format) {
    if (format == null) {
      return 1;
    }
    if (!format.isIntegralNumber()) {
      throw new InvalidLockException("format: must be a whole number, got " + describe(format));
    }
    if (!format.canConvertToInt()
        || (format.asInt() != 1 && format.asInt() != LockFiles.PARTED_FORMAT)) {
      throw new InvalidLockException(
          "format: "
              + quote(format.toString())
              + " is not a lock format this fleetc reads (1 or "
              + LockFiles.PARTED_FORMAT
              + "); a newer fleetc wrote it?");
    }
    return format.asInt();
  }

  /** The part list: 16, 256 or 4,096 entries, each at the one path its place gives it. */
  private static List<LockFiles.PartRef> partRefs(List<JsonNode> parts) {
    int digits = 0;
    for (int d = 1; d <= LockFiles.MAX_DIGITS; d++) {
      if (parts.size() == 1 << (4 * d)) {
        digits = d;
      }
    }
    if (digits == 0) {
      throw new InvalidLockException(
          "parts: lists " + parts.size() + " parts; a lock has 16, 256 or 4096");
    }
    List<LockFiles.PartRef> refs = new ArrayList<>();
    for (int p = 0; p < parts.size(); p++) {
      String at = "parts[" + p + "]";
      JsonNode part = parts.get(p);
      if (!part.isObject()) {
        throw new InvalidLockException(at + ": must be an object, got " + describe(part));
      }
      String path = text(part, "path", at + ".path", true);
      String expected = LockFiles.partPath(digits, p);
      if (!path.equals(expected)) {
        throw new InvalidLockException(
            at + ".path: " + quote(path) + " is not where this part is kept ('" + expected + "')");
      }
      JsonNode clusters = part.get("clusters");
      if (clusters == null
          || !clusters.isIntegralNumber()
          || !clusters.canConvertToInt()
          || clusters.asInt() < 0) {
        throw new InvalidLockException(
            at + ".clusters: must be a number of clusters, got " + describe(clusters));
      }
      String sha256 = text(part, "sha256", at + ".sha256", true);
      if (!SHA256.matcher(sha256).matches()) {
        throw new InvalidLockException(
            at + ".sha256: " + quote(sha256) + " is not a sha256 digest (64 hex digits)");
      }
      refs.add(new LockFiles.PartRef(path, clusters.asInt(), sha256));
    }
    return refs;
  }

  /**
   * Reads each part in turn: at most {@link #MAX_PART_BYTES} each and {@link #MAX_BYTES} together,
   * UTF-8, with the digest and the number of clusters the root gives it.
   */
  private static void readParts(
      List<LockFiles.PartRef> parts,
      PartSource source,
      Owners owners,
      Consumer<Lock.LockCluster> each)
      throws IOException {
    int digits = Integer.numberOfTrailingZeros(parts.size()) / 4;
    long[] left = {MAX_BYTES};
    for (int p = 0; p < parts.size(); p++) {
      LockFiles.PartRef ref = parts.get(p);
      String file = ref.path();
      owners.partStarts.add(owners.clusters);
      owners.partPaths.add(file);
      MessageDigest sha256;
      try {
        sha256 = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
      int count;
      try (InputStream raw = source.open(file, MAX_PART_BYTES);
          InputStream in = new DigestInputStream(bounded(raw, file, left), sha256);
          Reader text =
              new InputStreamReader(
                  in,
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPORT)
                      .onUnmappableCharacter(CodingErrorAction.REPORT));
          JsonParser parser = STRICT.createParser(text)) {
        // Read to its end (anything after the object is refused), so the digest covers it all.
        count = readPart(parser, file, p, digits, owners, each);
      } catch (CharacterCodingException e) {
        throw new InvalidLockException(file, "is not UTF-8 text");
      } catch (JacksonIOException e) {
        if (e.getCause() instanceof CharacterCodingException) {
          throw new InvalidLockException(file, "is not UTF-8 text");
        }
        throw e.getCause() != null ? e.getCause() : new IOException(e.getMessage(), e);
      }
      String digest = LockFiles.hex(sha256.digest());
      if (!digest.equals(ref.sha256())) {
        throw new InvalidLockException(
            file,
            "its sha256 is "
                + digest
                + ", not the "
                + ref.sha256()
                + " that "
                + OutputLayout.LOCK_FILE
                + " lists (parts["
                + p
                + "]): it was edited, or is from another compile");
      }
      if (count != ref.clusters()) {
        throw new InvalidLockException(
            file,
            "holds "
                + count
                + " clusters, not the "
                + ref.clusters()
                + " that "
                + OutputLayout.LOCK_FILE
                + " lists (parts["
                + p
                + "].clusters)");
      }
    }
  }

  /** {@code in}, refused once it passes a part's bound or the whole lock's. */
  private static InputStream bounded(InputStream in, String file, long[] left) {
    return new java.io.FilterInputStream(in) {
      private long read;

      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          count(1);
        }
        return b;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
          count(n);
        }
        return n;
      }

      private void count(int n) {
        read += n;
        left[0] -= n;
        if (read > MAX_PART_BYTES) {
          throw new InvalidLockException(
              file, "is larger than " + MAX_PART_BYTES / (1024 * 1024) + " MiB");
        }
        if (left[0] < 0) {
          throw new InvalidLockException(
              file,
              "the lock's parts together are larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
        }
      }
    };
  }

  /** One part: {@code {"format":2,"part":"3","clusters":[...]}}; returns its cluster count. */
  private static int readPart(
      JsonParser parser,
      String file,
      int part,
      int digits,
      Owners owners,
      Consumer<Lock.LockCluster> each) {
    try {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new InvalidLockException(file, "not a JSON object");
      }
      boolean formatSeen = false;
      boolean partSeen = false;
      int count = -1;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (field) {
          case "format" -> {
            JsonNode format = parser.readValueAsTree();
            if (format(format) != LockFiles.PARTED_FORMAT) {
              throw new InvalidLockException(
                  "format: must be " + LockFiles.PARTED_FORMAT + " in a part, got " + format);
            }
            formatSeen = true;
          }
          case "part" -> {
            JsonNode name = parser.readValueAsTree();
            String expected = LockFiles.partName(digits, part);
            if (!name.isString() || !name.asString().equals(expected)) {
              throw new InvalidLockException(
                  "part: must be '" + expected + "' (its place in the root's list), got " + name);
            }
            partSeen = true;
          }
          case "clusters" -> {
            if (value != JsonToken.START_ARRAY) {
              throw new InvalidLockException(
                  "clusters: must be a list, got " + describe(parser.readValueAsTree()));
            }
            count = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
              String at = "clusters[" + count + "]";
              Lock.LockCluster cluster =
                  compactCluster(
                      parser.readValueAsTree(), at, owners.clusters++, owners, part, digits);
              count++;
              each.accept(cluster);
            }
          }
          default ->
              throw new InvalidLockException(
                  quote(field) + ": not a field of a lock part (format, part, clusters)");
        }
      }
      trailing(parser);
      if (!formatSeen || !partSeen || count < 0) {
        throw new InvalidLockException(
            (!formatSeen ? "format" : !partSeen ? "part" : "clusters") + ": is missing");
      }
      return count;
    } catch (InvalidLockException e) {
      throw e.file().equals(OutputLayout.LOCK_FILE)
          ? new InvalidLockException(file, e.getMessage())
          : e;
    } catch (JacksonIOException e) {
      throw e;
    } catch (JacksonException e) {
      throw new InvalidLockException(file, "not valid JSON: " + e.getOriginalMessage());
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

  private static Lock.LockCluster cluster(JsonNode cluster, int c, Owners owners) {
    String at = "clusters[" + c + "]";
    if (!cluster.isObject()) {
      throw new InvalidLockException(at + ": must be an object, got " + describe(cluster));
    }
    String name = name(cluster, at, owners);
    List<Lock.LockArtifact> files =
        artifacts(cluster.get("artifacts"), at + ".artifacts", c, owners);
    return withFiles(cluster, at, name, files);
  }

  private static String name(JsonNode cluster, String at, Owners owners) {
    String name = text(cluster, "name", at + ".name", true);
    if (!owners.names.add(name)) {
      throw new InvalidLockException(at + ".name: cluster '" + name + "' is listed twice");
    }
    return name;
  }

  private static Lock.LockCluster withFiles(
      JsonNode cluster, String at, String name, List<Lock.LockArtifact> files) {
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
        shared(cluster.get("shared"), at + ".shared"),
        files);
  }

  /**
   * A cluster's {@code shared} folders: absent, or a list of safe paths inside {@code shared/}.
   * They only select which of the lock's own {@code files} belong to the cluster too, so a hostile
   * entry can name no file the lock does not list.
   */
  private static List<String> shared(JsonNode shared, String at) {
    if (shared == null || shared.isNull()) {
      return List.of();
    }
    if (!shared.isArray()) {
      throw new InvalidLockException(at + ": must be a list, got " + describe(shared));
    }
    List<String> folders = new ArrayList<>();
    for (int i = 0; i < shared.size(); i++) {
      JsonNode folder = shared.get(i);
      String entry = at + "[" + i + "]";
      if (!folder.isString()) {
        throw new InvalidLockException(entry + ": must be a string, got " + describe(folder));
      }
      String path = folder.asString();
      String problem = unsafe(path);
      if (problem == null && !OutputLayout.isShared(path)) {
        problem = "is not inside " + OutputLayout.SHARED + "/";
      }
      if (problem != null) {
        throw new InvalidLockException(entry + ": " + quote(path) + " " + problem);
      }
      folders.add(path);
    }
    return folders;
  }

  /**
   * A cluster of a part ({@link LockFiles}): its files in runs of {@code {"folder", "node", "role",
   * "files": [[name, kind, sha256], ...]}}, each checked as a single lock's entry is.
   */
  private static Lock.LockCluster compactCluster(
      JsonNode cluster, String at, int c, Owners owners, int part, int digits) {
    if (!cluster.isObject()) {
      throw new InvalidLockException(at + ": must be an object, got " + describe(cluster));
    }
    String name = name(cluster, at, owners);
    int belongs = LockFiles.partOf(name, digits);
    if (belongs != part) {
      throw new InvalidLockException(
          at
              + ".name: cluster "
              + quote(name)
              + " belongs in part '"
              + LockFiles.partName(digits, belongs)
              + "', not in this one");
    }
    JsonNode folders = cluster.get("folders");
    if (folders == null || !folders.isArray()) {
      throw new InvalidLockException(at + ".folders: must be a list, got " + describe(folders));
    }
    List<Lock.LockArtifact> files = new ArrayList<>();
    for (int f = 0; f < folders.size(); f++) {
      String run = at + ".folders[" + f + "]";
      JsonNode folder = folders.get(f);
      if (!folder.isObject()) {
        throw new InvalidLockException(run + ": must be an object, got " + describe(folder));
      }
      String in = text(folder, "folder", run + ".folder", true);
      String node = text(folder, "node", run + ".node", false);
      String role = text(folder, "role", run + ".role", false);
      JsonNode entries = folder.get("files");
      if (entries == null || !entries.isArray() || entries.isEmpty()) {
        throw new InvalidLockException(
            run + ".files: must be a list of files, got " + describe(entries));
      }
      for (int k = 0; k < entries.size(); k++) {
        String entry = run + ".files[" + k + "]";
        JsonNode file = entries.get(k);
        if (!file.isArray()
            || file.size() != 3
            || !file.get(0).isString()
            || !file.get(1).isString()
            || !file.get(2).isString()) {
          throw new InvalidLockException(
              entry + ": must be [name, kind, sha256], three strings, got " + describe(file));
        }
        String fileName = file.get(0).asString();
        if (fileName.isEmpty() || fileName.contains("/")) {
          throw new InvalidLockException(
              entry + ": the name " + quote(fileName) + " must be one non-empty path segment");
        }
        String path = in.isEmpty() ? fileName : in + "/" + fileName;
        files.add(
            artifact(
                path,
                file.get(1).asString(),
                node,
                role,
                file.get(2).asString(),
                entry,
                entry(c, files.size()),
                owners));
      }
    }
    return withFiles(cluster, at, name, files);
  }

  /** An entry's name, kept as two numbers until a message needs it: a lock has 270,000 entries. */
  private static long entry(int cluster, int artifact) {
    return ((long) cluster << 32) | (artifact & 0xffffffffL);
  }

  /** A list of file entries, each path safe and listed once across the whole lock. */
  private static List<Lock.LockArtifact> artifacts(
      JsonNode artifacts, String at, int cluster, Owners owners) {
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
      String sha256 = text(artifact, "sha256", entry + ".sha256", true);
      files.add(
          artifact(
              path,
              text(artifact, "kind", entry + ".kind", true),
              text(artifact, "node", entry + ".node", false),
              text(artifact, "role", entry + ".role", false),
              sha256,
              entry,
              entry(cluster, a),
              owners));
    }
    return files;
  }

  /** One file entry, its path safe and listed once across the whole lock, its digest a digest. */
  private static Lock.LockArtifact artifact(
      String path,
      String kind,
      String node,
      String role,
      String sha256,
      String at,
      long entry,
      Owners owners) {
    String problem = unsafe(path);
    if (problem != null) {
      throw new InvalidLockException(at + ".path: " + quote(path) + " " + problem);
    }
    Long first = owners.paths.putIfAbsent(path, entry);
    if (first != null) {
      throw new InvalidLockException(
          at + ".path: " + quote(path) + " is already listed by " + owners.name(first));
    }
    if (!SHA256.matcher(sha256).matches()) {
      throw new InvalidLockException(
          at + ".sha256: " + quote(sha256) + " is not a sha256 digest (64 hex digits)");
    }
    return new Lock.LockArtifact(path, kind, node, role, sha256);
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
    if (segments[0].startsWith(RESERVED_PREFIX)
        || path.equals(OutputLayout.LOCK_FILE)
        || segments[0].equals(LockFiles.PARTS_FOLDER)) {
      return "is a name fleetc reserves for itself";
    }
    return null;
  }

  /** A path that is also another path's folder ({@code a} and {@code a/b}) cannot be a file. */
  private static void checkNoFileIsAFolder(Owners owned) {
    Map<String, Long> owners = owned.paths;
    for (String path : owners.keySet()) {
      int slash = path.lastIndexOf('/');
      while (slash > 0) {
        String parent = path.substring(0, slash);
        if (owners.containsKey(parent)) {
          throw new InvalidLockException(
              owned.name(owners.get(parent))
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
