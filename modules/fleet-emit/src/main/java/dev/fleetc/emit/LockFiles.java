package dev.fleetc.emit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.fleetc.emit.support.JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The files a {@link Lock} is written as. A lock whose single file ({@code fleet.lock.json}, the
 * format the spec shows) stays within {@link #SINGLE_MAX_BYTES} is written so, byte for byte as
 * every earlier fleetc wrote it. A larger one (some 2,700 clusters of five nodes and up) is
 * <em>parted</em>: {@code fleet.lock.json} keeps the fleet's name, generator, the files of the
 * whole fleet and a list of parts with their digests, and each cluster is in one part {@code
 * fleet.lock.d/<h>.json}, chosen by the first hex digits of the sha256 of its name, in a compact
 * encoding with one cluster a line (each file's folder, node and role are written once per run of
 * files that share them). The number of parts is the smallest of 16, 256 or 4,096 that keeps every
 * part within {@link #PART_TARGET_BYTES}, so no file of the lock ever nears a Git host's file limit
 * (100 MB) and a change to one cluster rewrites one part and the root. {@link LockReader} reads
 * both.
 */
public final class LockFiles {

  /** The folder of a parted lock's parts, at the top of the output folder. */
  public static final String PARTS_FOLDER = "fleet.lock.d";

  /** The format number written into a parted lock's root and parts. */
  public static final int PARTED_FORMAT = 2;

  /** The largest lock written as one file (the format of every earlier fleetc). */
  public static final int SINGLE_MAX_BYTES = 16 << 20;

  /** The size a part is kept within (unless 4,096 parts are not enough: 64 GiB of lock). */
  public static final int PART_TARGET_BYTES = 16 << 20;

  /** Part counts a parted lock may have: 16, 256 or 4,096 (one, two or three hex digits). */
  public static final int MAX_DIGITS = 3;

  private static final ObjectMapper COMPACT = JsonMapper.builder().build();

  private LockFiles() {}

  /** The path of part {@code index} of a lock with {@code 16^digits} parts. */
  public static String partPath(int digits, int index) {
    return PARTS_FOLDER + "/" + partName(digits, index) + ".json";
  }

  /** The hex name of a part: {@code index} written with {@code digits} lower-case hex digits. */
  static String partName(int digits, int index) {
    return String.format(Locale.ROOT, "%0" + digits + "x", index);
  }

  /** Whether {@code path} is where a part of a parted lock may be (any digit count). */
  public static boolean isPartPath(String path) {
    if (!path.startsWith(PARTS_FOLDER + "/") || !path.endsWith(".json")) {
      return false;
    }
    String name = path.substring(PARTS_FOLDER.length() + 1, path.length() - ".json".length());
    return !name.isEmpty()
        && name.length() <= MAX_DIGITS
        && name.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
  }

  /** The part of a lock with {@code 16^digits} parts that holds the cluster {@code name}. */
  public static int partOf(String name, int digits) {
    byte[] digest = sha256(name.getBytes(StandardCharsets.UTF_8));
    int top = ((digest[0] & 0xff) << 8) | (digest[1] & 0xff); // 16 bits, the first 4 hex digits
    return top >>> (16 - 4 * digits);
  }

  /** One file of the lock: its path (relative to the output folder) and bytes. */
  public record LockFile(String path, byte[] bytes) {
    public Artifact artifact() {
      return Artifact.of(path, ArtifactKind.OTHER, new String(bytes, StandardCharsets.UTF_8));
    }
  }

  /**
   * Hands each file of the lock to {@code each}, one at a time and never all at once: the parts
   * first, the root ({@code fleet.lock.json}) last.
   */
  public static void write(Lock lock, Consumer<LockFile> each) {
    lazily(lock).forEach(each);
  }

  /** Every file of the lock, in the order {@link #write} gives them (tests, small fleets). */
  public static List<LockFile> files(Lock lock) {
    List<LockFile> files = new ArrayList<>();
    write(lock, files::add);
    return files;
  }

  /**
   * The files of the lock in the order {@link #write} gives them, each part serialized only when
   * the iteration reaches it (a parted lock is over 16 MiB).
   */
  public static Iterable<LockFile> lazily(Lock lock) {
    return lazily(lock, Limits.DEFAULT);
  }

  /**
   * The sizes that decide the layout: a lock whose single file would pass {@code singleMaxBytes} is
   * parted, into parts of at most {@code partTargetBytes}. Other values than {@link #DEFAULT} are
   * for tests, which part small fleets.
   */
  public record Limits(int singleMaxBytes, int partTargetBytes) {
    public static final Limits DEFAULT = new Limits(SINGLE_MAX_BYTES, PART_TARGET_BYTES);
  }

  /** {@link #lazily(Lock)} with other limits (tests). */
  public static Iterable<LockFile> lazily(Lock lock, Limits limits) {
    byte[] single =
        singleFileLowerBound(lock) > limits.singleMaxBytes()
            ? null
            : singleOrNull(lock, limits.singleMaxBytes());
    if (single != null) {
      return List.of(new LockFile(OutputLayout.LOCK_FILE, single));
    }
    List<Lock.LockCluster> clusters = lock.clusters();
    int[] top = topParts(lock);
    int digits = partDigits(lock, top, limits);
    int count = 1 << (4 * digits);
    int shift = 4 * (MAX_DIGITS - digits);
    return () ->
        new java.util.Iterator<>() {
          private final List<PartRef> parts = new ArrayList<>();
          private int next;

          @Override
          public boolean hasNext() {
            return next <= count;
          }

          @Override
          public LockFile next() {
            if (next > count) {
              throw new java.util.NoSuchElementException();
            }
            int p = next++;
            if (p == count) {
              Root root =
                  new Root(
                      lock.fleet(),
                      lock.generator(),
                      PARTED_FORMAT,
                      lock.files(),
                      List.copyOf(parts));
              return new LockFile(
                  OutputLayout.LOCK_FILE, JsonWriter.write(root).getBytes(StandardCharsets.UTF_8));
            }
            List<Lock.LockCluster> members = new ArrayList<>();
            for (int c = 0; c < clusters.size(); c++) {
              if (top[c] >>> shift == p) {
                members.add(clusters.get(c));
              }
            }
            members.sort(java.util.Comparator.comparing(Lock.LockCluster::name)); // canonical
            // Serialized on every core: the parts are written after the last cluster's files,
            // when the emitting threads are done (at 10,000 clusters, a second on one thread).
            List<byte[]> lines = members.parallelStream().map(LockFiles::line).toList();
            byte[] bytes = part(partName(digits, p), lines);
            String path = partPath(digits, p);
            parts.add(new PartRef(path, members.size(), hex(sha256(bytes))));
            return new LockFile(path, bytes);
          }
        };
  }

  /**
   * The paths of the files {@link #lazily} gives, in its order, serializing nothing when the lock
   * is parted for sure (its lower bound is over the single file's limit): for a check of a folder
   * that does not exist, which names the files it would write and compares none.
   */
  public static List<String> paths(Lock lock, Limits limits) {
    List<String> paths = new ArrayList<>();
    if (singleFileLowerBound(lock) <= limits.singleMaxBytes()) {
      for (LockFile file : lazily(lock, limits)) { // which form is written needs the bytes
        paths.add(file.path());
      }
      return paths;
    }
    int digits = partDigits(lock, topParts(lock), limits);
    for (int p = 0; p < 1 << (4 * digits); p++) {
      paths.add(partPath(digits, p));
    }
    paths.add(OutputLayout.LOCK_FILE);
    return paths;
  }

  // Each cluster's part at the most digits, from its name.
  private static int[] topParts(Lock lock) {
    int[] top = new int[lock.clusters().size()];
    for (int c = 0; c < top.length; c++) {
      top[c] = partOf(lock.clusters().get(c).name(), MAX_DIGITS);
    }
    return top;
  }

  // The hex digits of the part names: the fewest whose every part stays within the target, by an
  // upper bound of each cluster's line.
  private static int partDigits(Lock lock, int[] top, Limits limits) {
    long[] sizes = new long[top.length];
    for (int c = 0; c < top.length; c++) {
      sizes[c] = estimate(lock.clusters().get(c));
    }
    return digits(top, sizes, limits.partTargetBytes());
  }

  /** Whether the lock is written parted. */
  public static boolean parted(Lock lock) {
    return singleFileLowerBound(lock) > SINGLE_MAX_BYTES
        || singleOrNull(lock, SINGLE_MAX_BYTES) == null;
  }

  /**
   * A lower bound of the single file's bytes: per file, its path, kind and digest and the names of
   * those three fields with their quotes (JSON takes at least a byte per character), nothing for
   * the indentation. Over the limit, the single file is not serialized only to be dropped (at
   * 10,000 clusters that was 16 MiB of JSON per compile).
   */
  static long singleFileLowerBound(Lock lock) {
    long bytes = 0;
    for (Lock.LockArtifact file : lock.files()) {
      bytes += lowerBound(file);
    }
    for (Lock.LockCluster cluster : lock.clusters()) {
      for (Lock.LockArtifact file : cluster.artifacts()) {
        bytes += lowerBound(file);
      }
    }
    return bytes;
  }

  // {"path":"…","kind":"…","sha256":"…"}: the braces and the path's key and quotes, then a
  // comma, key and quotes for each of the other two that is there.
  private static long lowerBound(Lock.LockArtifact file) {
    long bytes = 2 + 9 + file.path().length();
    if (file.kind() != null) {
      bytes += 10 + file.kind().length();
    }
    if (file.isDigest()) {
      bytes += 12 + 64;
    } else if (file.sha256() != null) {
      bytes += 12 + file.sha256().length();
    }
    return bytes;
  }

  /**
   * At least the bytes of a cluster's line in a part, counted without serializing it (holding
   * 270,000 entries' bytes, or writing them twice, costs at 10,000 clusters): each string's bytes
   * as Jackson writes them, each file as if it were a run of its own (its folder, node and role
   * written with it). It decides only the part count.
   */
  static long estimate(Lock.LockCluster cluster) {
    long size = 200; // field names and punctuation of the cluster
    for (String field :
        new String[] {
          cluster.name(),
          cluster.distribution(),
          cluster.version(),
          cluster.datastore(),
          cluster.gitops(),
          cluster.gitopsPath(),
          cluster.wave(),
          cluster.targetVersion(),
          cluster.effectiveVersion()
        }) {
      size += jsonBytes(field);
    }
    for (String folder : cluster.shared()) {
      size += 3 + jsonBytes(folder);
    }
    for (Lock.LockArtifact a : cluster.artifacts()) {
      // {"folder":"","node":"","role":"","files":[["","",""]]}, and the strings
      size += 56 + jsonBytes(a.path()) + jsonBytes(a.kind());
      size += a.isDigest() ? 64 : jsonBytes(a.sha256()); // hex needs no escape
      size += jsonBytes(a.node()) + jsonBytes(a.role());
    }
    return size;
  }

  /** The most bytes a string takes in JSON: UTF-8, an escape where one may be needed. */
  private static long jsonBytes(String value) {
    if (value == null) {
      return 0;
    }
    long bytes = 0;
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      bytes += ch < 0x20 || ch == '"' || ch == '\\' || ch == 0x7f ? 6 : ch < 0x80 ? 1 : 3;
    }
    return bytes;
  }

  /** The smallest digit count whose every part stays within the target. */
  private static int digits(int[] top, long[] sizes, int target) {
    for (int digits = 1; digits < MAX_DIGITS; digits++) {
      long[] parts = new long[1 << (4 * digits)];
      int shift = 4 * (MAX_DIGITS - digits);
      boolean fits = true;
      for (int c = 0; c < top.length && fits; c++) {
        fits = (parts[top[c] >>> shift] += sizes[c]) <= target - 64L;
      }
      if (fits) {
        return digits;
      }
    }
    return MAX_DIGITS;
  }

  /** The single file's bytes, or {@code null} once they pass {@link #SINGLE_MAX_BYTES}. */
  private static byte[] singleOrNull(Lock lock, int max) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
    OutputStream bounded =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            if (out.size() + (long) len > max) {
              throw new TooLarge();
            }
            out.write(b, off, len);
          }
        };
    try {
      lock.writeJson(bounded);
    } catch (IOException | RuntimeException e) {
      for (Throwable cause = e; cause != null; cause = cause.getCause()) {
        if (cause instanceof TooLarge) {
          return null; // Jackson wraps it, with the path it was writing
        }
      }
      throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
    }
    return out.toByteArray();
  }

  /** Stops the single file's serialization once it is too large; no stack trace needed. */
  private static final class TooLarge extends IOException {
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  /**
   * A part: {@code {"format":2,"part":"3","clusters":[}, then each cluster's compact entry on a
   * line of its own, then {@code ]}}. The frame holds no value of the fleet (the part's name is
   * fleetc's hex); every cluster entry is written by Jackson.
   */
  static byte[] part(String name, List<byte[]> clusters) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        ("{\"format\":" + PARTED_FORMAT + ",\"part\":\"" + name + "\",\"clusters\":[")
            .getBytes(StandardCharsets.UTF_8));
    for (int c = 0; c < clusters.size(); c++) {
      out.writeBytes(c == 0 ? new byte[] {'\n'} : new byte[] {',', '\n'});
      out.writeBytes(clusters.get(c));
    }
    out.writeBytes("\n]}\n".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  /** A cluster's line in a part (without the line's end). */
  static byte[] line(Lock.LockCluster cluster) {
    return COMPACT.writeValueAsBytes(compact(cluster));
  }

  /** The root of a parted lock. */
  @JsonPropertyOrder({"fleet", "generator", "format", "files", "parts"})
  record Root(
      String fleet,
      String generator,
      int format,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Lock.LockArtifact> files,
      List<PartRef> parts) {}

  /** One part as the root lists it: where, how many clusters, and its bytes' sha256. */
  @JsonPropertyOrder({"path", "clusters", "sha256"})
  public record PartRef(String path, int clusters, String sha256) {}

  /**
   * A cluster in a part: the fields of {@link Lock.LockCluster}, its files grouped in runs that
   * share a folder, node and role.
   */
  @JsonPropertyOrder({
    "name",
    "distribution",
    "version",
    "datastore",
    "gitops",
    "gitopsPath",
    "wave",
    "targetVersion",
    "effectiveVersion",
    "shared",
    "folders"
  })
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record CompactCluster(
      String name,
      String distribution,
      String version,
      String datastore,
      String gitops,
      String gitopsPath,
      String wave,
      String targetVersion,
      String effectiveVersion,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> shared,
      List<Folder> folders) {}

  /**
   * A run of files in one folder with the same node and role; each file is [name, kind, sha256].
   */
  @JsonPropertyOrder({"folder", "node", "role", "files"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Folder(String folder, String node, String role, List<List<String>> files) {}

  static CompactCluster compact(Lock.LockCluster cluster) {
    List<Folder> folders = new ArrayList<>();
    String folder = null;
    String node = null;
    String role = null;
    List<List<String>> run = null;
    for (Lock.LockArtifact a : cluster.artifacts()) {
      int slash = a.path().lastIndexOf('/');
      String in = slash < 0 ? "" : a.path().substring(0, slash);
      if (run == null
          || !in.equals(folder)
          || !java.util.Objects.equals(node, a.node())
          || !java.util.Objects.equals(role, a.role())) {
        folder = in;
        node = a.node();
        role = a.role();
        run = new ArrayList<>();
        folders.add(new Folder(folder, node, role, run));
      }
      run.add(List.of(a.path().substring(slash + 1), a.kind(), a.sha256()));
    }
    return new CompactCluster(
        cluster.name(),
        cluster.distribution(),
        cluster.version(),
        cluster.datastore(),
        cluster.gitops(),
        cluster.gitopsPath(),
        cluster.wave(),
        cluster.targetVersion(),
        cluster.effectiveVersion(),
        cluster.shared(),
        folders);
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String hex(byte[] digest) {
    return java.util.HexFormat.of().formatHex(digest);
  }
}
