package dev.fleetc.cli.output;

import dev.fleetc.emit.LockReader;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.support.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The intent of a compile, written into the staging folder once every new file is staged and before
 * the first file in the output folder changes: its presence means the compile is committed. It
 * lists each step in the order it is done (files written, files pruned, the lock last) and the
 * folders the compile creates. It is read back as untrusted input, like the lock.
 *
 * <p>A journal found in a folder may also be planted: a pull request can add {@code
 * .fleetc-staging/journal.json} and staged files with matching digests, and a compile that acted on
 * it would overwrite or delete any file. So a journal carries its {@link Binding}: what ties it to
 * the compile that wrote it, on this file system, and which a file checked out of Git cannot
 * reproduce. The next compile acts on a journal only when its binding holds ({@link
 * Transaction#repair}); otherwise it refuses (exit 4) and changes nothing.
 *
 * @param binding what ties the journal to the compile that wrote it
 * @param steps in the order they are done
 * @param createdFolders folders that did not exist, parents first; removed again on roll-back
 */
record Journal(Binding binding, List<Step> steps, List<String> createdFolders) {

  /** The journal format this fleetc writes and the only one it acts on. */
  static final int FORMAT = 2;

  /**
   * What ties a journal to the compile that wrote it.
   *
   * @param fleetc the version of fleetc that wrote it; another version never acts on it
   * @param nonce 128 random bits, the start of the digest chain
   * @param staging the identity (device and inode) of the staging folder it was written into: a
   *     folder created by a checkout, a copy or an unpacked archive has another one
   * @param lockBefore the identity of {@code fleet.lock.json} when it was written, or {@code
   *     "absent"}
   * @param lockStaged the identity of the staged lock (kept by the rename into place), or {@code
   *     "none"} when the compile does not replace the lock
   * @param seal the end of the digest chain over all of the above, every step and every created
   *     folder: a journal cut short or edited does not match it
   */
  record Binding(
      String fleetc,
      String nonce,
      String staging,
      String lockBefore,
      String lockStaged,
      String seal) {}

  /** An identity for a file that does not exist. */
  static final String ABSENT = "absent";

  /** The staged lock's identity when the compile does not replace the lock. */
  static final String NO_LOCK_STEP = "none";

  /**
   * One change.
   *
   * @param path the file in the output folder
   * @param staged the staged file's name in the staging folder, or {@code null} for a prune
   * @param backup the name the replaced or pruned file is kept under until the compile is done
   * @param sha256 the staged content's digest ({@code null} for a prune)
   */
  record Step(String path, String staged, String backup, String sha256) {
    boolean isWrite() {
      return staged != null;
    }
  }

  static final String FILE = "journal.json";

  private static final Pattern NAME = Pattern.compile("[fb][0-9]{1,9}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  Journal {
    steps = List.copyOf(steps);
    createdFolders = List.copyOf(createdFolders);
  }

  /** A new journal, its seal computed over everything it holds. */
  static Journal sealed(
      String fleetc,
      String staging,
      String lockBefore,
      String lockStaged,
      List<Step> steps,
      List<String> createdFolders) {
    byte[] random = new byte[16];
    new java.security.SecureRandom().nextBytes(random);
    String nonce = HexFormat.of().formatHex(random);
    Binding unsealed = new Binding(fleetc, nonce, staging, lockBefore, lockStaged, "");
    return new Journal(
        new Binding(
            fleetc, nonce, staging, lockBefore, lockStaged, seal(unsealed, steps, createdFolders)),
        steps,
        createdFolders);
  }

  /**
   * The digest chain: each link is the SHA-256 of the previous link and the next field, so the last
   * one depends on every field in order (a field's length precedes it: no two journals share a
   * chain by moving text between fields).
   */
  static String seal(Binding binding, List<Step> steps, List<String> createdFolders) {
    MessageDigest chain;
    try {
      chain = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] link = new byte[0];
    link = link(chain, link, "fleetc-journal", String.valueOf(FORMAT), binding.fleetc());
    link = link(chain, link, binding.nonce(), binding.staging());
    link = link(chain, link, binding.lockBefore(), binding.lockStaged());
    for (Step step : steps) {
      link =
          link(
              chain,
              link,
              step.path(),
              String.valueOf(step.staged()),
              step.backup(),
              String.valueOf(step.sha256()));
    }
    for (String folder : createdFolders) {
      link = link(chain, link, folder);
    }
    return HexFormat.of().formatHex(link);
  }

  private static byte[] link(MessageDigest chain, byte[] previous, String... fields) {
    chain.update(previous);
    for (String field : fields) {
      byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
      chain.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
      chain.update(bytes);
    }
    return chain.digest();
  }

  /** Whether the seal matches what the journal holds. */
  boolean sealHolds() {
    return MessageDigest.isEqual(
        binding.seal().getBytes(StandardCharsets.US_ASCII),
        seal(binding, steps, createdFolders).getBytes(StandardCharsets.US_ASCII));
  }

  String toJson() {
    return JsonWriter.write(asJson());
  }

  /** The same bytes as {@link #toJson()}, written to {@code out} without the whole text. */
  void writeJson(OutputStream out) throws IOException {
    JsonWriter.write(asJson(), out);
  }

  /** The journal as JSON values; each step's object is made only when it is written. */
  private Map<String, Object> asJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", FORMAT);
    json.put("fleetc", binding.fleetc());
    json.put("nonce", binding.nonce());
    json.put("staging", binding.staging());
    json.put("lockBefore", binding.lockBefore());
    json.put("lockStaged", binding.lockStaged());
    json.put("seal", binding.seal());
    json.put(
        "steps",
        new AbstractList<Map<String, String>>() {
          @Override
          public Map<String, String> get(int index) {
            Step step = steps.get(index);
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("path", step.path());
            if (step.isWrite()) {
              entry.put("staged", step.staged());
              entry.put("sha256", step.sha256());
            }
            entry.put("backup", step.backup());
            return entry;
          }

          @Override
          public int size() {
            return steps.size();
          }
        });
    json.put("createdFolders", createdFolders);
    return json;
  }

  /**
   * Reads a journal.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static Journal parse(String json) {
    JsonNode root;
    try {
      root = JsonWriter.mapper().readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (!root.path("version").isInt() || root.path("version").asInt() != FORMAT) {
      throw new Unbound(
          "its format is "
              + (root.path("version").isInt()
                  ? "version " + root.path("version").asInt()
                  : "unknown")
              + ", not version "
              + FORMAT
              + ": it was not written by this version of fleetc");
    }
    Binding binding =
        new Binding(
            text(root, "fleetc"),
            hex(root, "nonce", 32),
            text(root, "staging"),
            text(root, "lockBefore"),
            text(root, "lockStaged"),
            hex(root, "seal", 64));
    List<Step> steps = new ArrayList<>();
    JsonNode list = root.path("steps");
    if (!list.isArray()) {
      throw new IllegalArgumentException("steps: must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String at = "steps[" + i + "]";
      String path = checkedPath(entry.path("path"), at + ".path");
      String backup = name(entry.path("backup"), at + ".backup");
      String staged = null;
      String sha256 = null;
      if (!entry.path("staged").isMissingNode()) {
        staged = name(entry.path("staged"), at + ".staged");
        sha256 = entry.path("sha256").asString("");
        if (!SHA256.matcher(sha256).matches()) {
          throw new IllegalArgumentException(at + ".sha256: not a sha256 digest");
        }
      }
      steps.add(new Step(path, staged, backup, sha256));
    }
    List<String> folders = new ArrayList<>();
    JsonNode created = root.path("createdFolders");
    if (!created.isArray()) {
      throw new IllegalArgumentException("createdFolders: must be a list");
    }
    for (int i = 0; i < created.size(); i++) {
      folders.add(checkedPath(created.get(i), "createdFolders[" + i + "]"));
    }
    return new Journal(binding, steps, folders);
  }

  /** A journal that is well-formed but that this fleetc did not write for this folder. */
  static final class Unbound extends IllegalArgumentException {
    Unbound(String reason) {
      super(reason);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.path(field);
    if (!node.isString() || node.asString().length() > 200) {
      throw new IllegalArgumentException(field + ": must be a short string");
    }
    return node.asString();
  }

  private static String hex(JsonNode root, String field, int digits) {
    String value = text(root, field);
    if (value.length() != digits
        || !value.chars().allMatch(c -> "0123456789abcdef".indexOf(c) >= 0)) {
      throw new IllegalArgumentException(field + ": must be " + digits + " hex digits");
    }
    return value;
  }

  private static String checkedPath(JsonNode node, String at) {
    if (!node.isString()) {
      throw new IllegalArgumentException(at + ": must be a string");
    }
    String path = node.asString();
    String problem =
        path.equals(OutputLayout.LOCK_FILE) || dev.fleetc.emit.LockFiles.isPartPath(path)
            ? null
            : LockReader.unsafe(path);
    if (problem != null) {
      throw new IllegalArgumentException(at + ": '" + path + "' " + problem);
    }
    return path;
  }

  private static String name(JsonNode node, String at) {
    if (!node.isString() || !NAME.matcher(node.asString()).matches()) {
      throw new IllegalArgumentException(at + ": not a staged file's name");
    }
    return node.asString();
  }
}
