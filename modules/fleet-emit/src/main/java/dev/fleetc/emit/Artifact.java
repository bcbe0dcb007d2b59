package dev.fleetc.emit;

import dev.fleetc.model.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One file to write.
 *
 * @param path relative to the output root, {@code /}-separated
 * @param node the node the file belongs to, or {@code null} for cluster-wide files
 * @param role the node's role, or {@code null}
 */
public record Artifact(String path, ArtifactKind kind, String node, Role role, String content) {

  public Artifact {
    Objects.requireNonNull(path);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(content);
    if (path.startsWith("/")
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

  public byte[] bytes() {
    return content.getBytes(StandardCharsets.UTF_8);
  }

  public String sha256() {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
