package dev.fleetc.emit;

import dev.fleetc.model.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One file to write: an immutable value. Its bytes and digest are computed once, on first use,
 * since the lock, the output check and the writer all need them.
 */
public final class Artifact {

  private final String path;
  private final ArtifactKind kind;
  private final String node;
  private final Role role;
  private final String content;
  private volatile byte[] bytes;
  private volatile String sha256;

  /**
   * @param path relative to the output root, {@code /}-separated
   * @param node the node the file belongs to, or {@code null} for cluster-wide files
   * @param role the node's role, or {@code null}
   */
  public Artifact(String path, ArtifactKind kind, String node, Role role, String content) {
    this.path = Objects.requireNonNull(path);
    this.kind = Objects.requireNonNull(kind);
    this.node = node;
    this.role = role;
    this.content = Objects.requireNonNull(content);
    if (path.isEmpty()
        || path.startsWith("/")
        || path.contains("\\")
        || path.contains("//")
        || ("/" + path + "/").contains("/../")
        || ("/" + path + "/").contains("/./")) {
      throw new IllegalArgumentException("artifact path escapes the output root: " + path);
    }
  }

  public static Artifact of(String path, ArtifactKind kind, String content) {
    return new Artifact(path, kind, null, null, content);
  }

  /**
   * The same content at another path, sharing this artifact's bytes and digest (computed here
   * once): for files every cluster carries unchanged, such as vendored upstream manifests.
   */
  public Artifact copyTo(String otherPath, ArtifactKind otherKind) {
    Artifact copy = new Artifact(otherPath, otherKind, null, null, content);
    copy.bytes = bytes();
    copy.sha256 = sha256();
    return copy;
  }

  public String path() {
    return path;
  }

  public ArtifactKind kind() {
    return kind;
  }

  public String node() {
    return node;
  }

  public Role role() {
    return role;
  }

  public String content() {
    return content;
  }

  /** The UTF-8 bytes; do not modify the array. */
  public byte[] bytes() {
    byte[] b = bytes;
    if (b == null) {
      b = content.getBytes(StandardCharsets.UTF_8);
      bytes = b;
    }
    return b;
  }

  public String sha256() {
    String digest = sha256;
    if (digest == null) {
      try {
        digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes()));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JDK has SHA-256", e);
      }
      sha256 = digest;
    }
    return digest;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Artifact a
        && path.equals(a.path)
        && kind == a.kind
        && Objects.equals(node, a.node)
        && role == a.role
        && content.equals(a.content);
  }

  @Override
  public int hashCode() {
    return Objects.hash(path, kind, node, role, content);
  }

  @Override
  public String toString() {
    return "Artifact[" + path + ", " + kind.id() + "]";
  }
}
