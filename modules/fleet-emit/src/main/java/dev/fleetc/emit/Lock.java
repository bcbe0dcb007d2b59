package dev.fleetc.emit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.fleetc.emit.support.JsonWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The content of {@code fleet.lock.json}: every file fleetc wrote, per cluster, with its digest. It
 * is the contract for CI and the conformance checks, and it tells a later compile which files it
 * owns (and may therefore replace or prune).
 */
@JsonPropertyOrder({"fleet", "generator", "files", "clusters"})
public record Lock(
    String fleet,
    String generator,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<LockArtifact> files,
    List<LockCluster> clusters) {

  /**
   * @param files files of the whole fleet at the output root ({@code FLEET.md}), which belong to no
   *     cluster; absent from locks written before they existed
   */
  public Lock {
    files = files == null ? List.of() : List.copyOf(files);
    clusters = List.copyOf(clusters);
  }

  public Lock(String fleet, String generator, List<LockCluster> clusters) {
    this(fleet, generator, List.of(), clusters);
  }

  /**
   * One cluster's entry. {@code gitopsPath} is absent when the cluster has no GitOps engine; {@code
   * wave}, {@code targetVersion} and {@code effectiveVersion} only in a fleet with rollout waves
   * (docs/upgrades.md): the cluster's wave, the version the fleet file declares, and the one its
   * files pin (equal to {@code version}; older than the target while its wave is held). {@code
   * shared} names the folders of {@code shared/} that the GitOps path references (the vendored
   * system-upgrade-controller): their files are listed once, in the lock's {@code files}, and
   * belong to every cluster that names them ({@code fleet diff}, {@code fleet publish}).
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
    "artifacts"
  })
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record LockCluster(
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
      List<LockArtifact> artifacts) {
    public LockCluster {
      shared = shared == null ? List.of() : List.copyOf(shared);
      artifacts = List.copyOf(artifacts);
    }

    /** An entry of a fleet without rollout waves. */
    public LockCluster(
        String name,
        String distribution,
        String version,
        String datastore,
        String gitops,
        String gitopsPath,
        List<LockArtifact> artifacts) {
      this(
          name,
          distribution,
          version,
          datastore,
          gitops,
          gitopsPath,
          null,
          null,
          null,
          List.of(),
          artifacts);
    }
  }

  /**
   * One file. {@code node} and {@code role} are absent for cluster-wide files.
   *
   * <p>A lock holds one of these per file of the fleet until it is written (270,000 at 10,000
   * clusters, and as many again read back from the previous lock), so a sha256 digest is kept as
   * its 32 bytes rather than as 64 characters of text. It reads as a record of the five texts.
   */
  @JsonPropertyOrder({"path", "kind", "node", "role", "sha256"})
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static final class LockArtifact {
    private final String path;
    private final String kind;
    private final String node;
    private final String role;
    private final byte[] digest; // the sha256's bytes, or null: then sha256Text, as given
    private final String sha256Text;

    public LockArtifact(String path, String kind, String node, String role, String sha256) {
      this.path = path;
      this.kind = kind;
      this.node = node;
      this.role = role;
      this.digest = Sha256Text.isCanonical(sha256) ? Sha256Text.bytes(sha256) : null;
      this.sha256Text = this.digest == null ? sha256 : null;
    }

    public static LockArtifact of(Artifact artifact) {
      return new LockArtifact(
          artifact.path(),
          artifact.kind().id(),
          artifact.node(),
          artifact.role() == null ? null : artifact.role().id(),
          artifact.sha256());
    }

    @JsonProperty("path")
    public String path() {
      return path;
    }

    @JsonProperty("kind")
    public String kind() {
      return kind;
    }

    @JsonProperty("node")
    public String node() {
      return node;
    }

    @JsonProperty("role")
    public String role() {
      return role;
    }

    @JsonProperty("sha256")
    public String sha256() {
      return digest == null ? sha256Text : Sha256Text.text(digest);
    }

    /** Whether {@link #sha256()} is a digest, 64 lower-case hex digits (kept as its bytes). */
    boolean isDigest() {
      return digest != null;
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof LockArtifact that
          && java.util.Objects.equals(path, that.path)
          && java.util.Objects.equals(kind, that.kind)
          && java.util.Objects.equals(node, that.node)
          && java.util.Objects.equals(role, that.role)
          && java.util.Arrays.equals(digest, that.digest)
          && java.util.Objects.equals(sha256Text, that.sha256Text);
    }

    @Override
    public int hashCode() {
      // From the fields as kept, as equals compares them: no digest written out as hex.
      return 31 * java.util.Objects.hash(path, kind, node, role, sha256Text)
          + java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
      return "LockArtifact[path="
          + path
          + ", kind="
          + kind
          + ", node="
          + node
          + ", role="
          + role
          + ", sha256="
          + sha256()
          + "]";
    }
  }

  /** A sha256 digest as fleetc writes it: 64 lower-case hex digits. */
  private static final class Sha256Text {
    private static final java.util.HexFormat HEX = java.util.HexFormat.of();

    static boolean isCanonical(String text) {
      if (text == null || text.length() != 64) {
        return false;
      }
      for (int i = 0; i < 64; i++) {
        char c = text.charAt(i);
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
          return false;
        }
      }
      return true;
    }

    static byte[] bytes(String text) {
      return HEX.parseHex(text);
    }

    static String text(byte[] digest) {
      return HEX.formatHex(digest);
    }
  }

  /**
   * Parses and checks a lock read from anywhere (it is untrusted input).
   *
   * @throws LockReader.InvalidLockException naming the bad entry
   */
  public static Lock parse(String json) {
    return LockReader.read(json);
  }

  public String toJson() {
    return JsonWriter.write(this);
  }

  /** The bytes of {@link #toJson()} in UTF-8, written to {@code out} without the whole text. */
  public void writeJson(java.io.OutputStream out) throws java.io.IOException {
    JsonWriter.write(this, out);
  }

  /**
   * The lock's fleet-wide files below {@code folder} (a cluster's {@link LockCluster#shared}
   * entry), in lock order.
   */
  public List<LockArtifact> filesIn(String folder) {
    String prefix = folder + "/";
    return files.stream().filter(f -> f.path().startsWith(prefix)).toList();
  }

  /** Every path this lock owns. */
  public List<String> paths() {
    List<String> paths = new ArrayList<>();
    files.forEach(f -> paths.add(f.path()));
    clusters.forEach(c -> c.artifacts().forEach(a -> paths.add(a.path())));
    return paths;
  }

  /**
   * This lock with the entries of {@code previous} added back for clusters that were not compiled
   * this time but still exist in the fleet ({@code fleet compile --cluster ...}).
   */
  public Lock keepingFrom(Lock previous, Set<String> stillDeclared) {
    List<LockCluster> merged = new ArrayList<>(clusters);
    Set<String> compiled = new java.util.HashSet<>();
    clusters.forEach(c -> compiled.add(c.name()));
    for (LockCluster old : previous.clusters()) {
      if (!compiled.contains(old.name()) && stillDeclared.contains(old.name())) {
        merged.add(old);
      }
    }
    merged.sort(Comparator.comparing(LockCluster::name));
    return new Lock(fleet, generator, files, merged);
  }
}
