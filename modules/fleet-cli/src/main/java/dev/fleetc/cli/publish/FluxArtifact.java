package dev.fleetc.cli.publish;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One cluster's artifact as {@code flux push artifact} builds it (fluxcd/pkg {@code
 * oci/client/build.go} and {@code push.go}): a gzipped tar of the folder's files and folders, paths
 * relative to the folder, uid/gid 0 without names, zero times; config media type {@link
 * #CONFIG_MEDIA_TYPE} with the empty JSON object; one layer of {@link #CONTENT_MEDIA_TYPE}. Unlike
 * the Flux CLI, which stamps the push time into an annotation, nothing here depends on the clock or
 * the machine, so the same files always give the same manifest digest.
 */
public final class FluxArtifact {

  /** fluxcd/pkg {@code oci/constants.go}: {@code ConfigMediaType}. */
  public static final String CONFIG_MEDIA_TYPE = "application/vnd.cncf.flux.config.v1+json";

  /** fluxcd/pkg {@code oci/constants.go}: {@code ContentMediaType}. */
  public static final String CONTENT_MEDIA_TYPE = "application/vnd.cncf.flux.content.v1.tar+gzip";

  /** The config blob of an image built from {@code empty.Image}: the empty JSON object. */
  public static final byte[] CONFIG = "{}".getBytes(StandardCharsets.UTF_8);

  private static final int FILE_MODE = 0100644;
  private static final int FOLDER_MODE = 040755;

  private static final ObjectMapper JSON = JsonMapper.builder().build();

  /**
   * image-spec 1.1 {@code manifest.md}, "Guidance for an Empty Descriptor": the config of an
   * artifact that needs none, whose blob is {@code {}} as well.
   */
  public static final String EMPTY_CONFIG_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";

  /** image-spec {@code layer.md}: a gzipped tar layer. */
  public static final String OCI_LAYER_MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

  /**
   * Which engine reads the artifact: the same gzipped tar, under the media types each accepts. Argo
   * CD's repo server (3.1+) refuses a content layer whose media type is not in its allowed list, by
   * default {@code application/vnd.oci.image.layer.v1.tar}, {@code ...tar+gzip} and the Helm chart
   * type (argoproj/argo-cd v3.2.0 {@code util/oci/client.go}, {@code Extract}; {@code
   * cmd/argocd-repo-server/commands/argocd_repo_server.go}, {@code --oci-layer-media-types}): not
   * Flux's content type, which Flux in turn selects by default.
   */
  public enum Format {
    FLUX(CONFIG_MEDIA_TYPE, CONTENT_MEDIA_TYPE),
    ARGOCD(EMPTY_CONFIG_MEDIA_TYPE, OCI_LAYER_MEDIA_TYPE);

    private final String config;
    private final String layer;

    Format(String config, String layer) {
      this.config = config;
      this.layer = layer;
    }

    public String configMediaType() {
      return config;
    }

    public String layerMediaType() {
      return layer;
    }
  }

  private final byte[] layer;
  private final Format format;

  private FluxArtifact(byte[] layer, Format format) {
    this.layer = layer;
    this.format = format;
  }

  /** {@link #of(SortedMap, Format)} for Flux. */
  public static FluxArtifact of(SortedMap<String, byte[]> files) {
    return of(files, Format.FLUX);
  }

  /**
   * The artifact of these files, keyed by their path relative to the cluster's folder ({@code
   * addons/kustomization.yaml}); the map's order does not matter, entries are written sorted.
   */
  public static FluxArtifact of(SortedMap<String, byte[]> files, Format format) {
    TreeSet<String> folders = new TreeSet<>();
    for (String path : files.keySet()) {
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        folders.add(path.substring(0, slash));
      }
    }
    // Folders before their contents, each level in name order, as a directory walk yields them.
    Map<String, byte[]> entries = new LinkedHashMap<>();
    TreeSet<String> all = new TreeSet<>(FluxArtifact::walkOrder);
    all.addAll(folders);
    all.addAll(files.keySet());
    for (String path : all) {
      entries.put(path, files.get(path));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    // java.util.zip writes a gzip header without file name, with time 0 and OS 255 (unknown).
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip, "UTF-8")) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        byte[] content = entry.getValue();
        boolean folder = content == null;
        TarArchiveEntry header =
            new TarArchiveEntry(folder ? entry.getKey() + "/" : entry.getKey(), true);
        header.setMode(folder ? FOLDER_MODE : FILE_MODE);
        header.setIds(0, 0);
        header.setNames("", "");
        header.setModTime(0);
        header.setSize(folder ? 0 : content.length);
        tar.putArchiveEntry(header);
        if (!folder) {
          tar.write(content);
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return new FluxArtifact(bytes.toByteArray(), format);
  }

  /** Compares path segment by segment, so {@code a/b} sorts before {@code a.txt} like a walk. */
  private static int walkOrder(String left, String right) {
    String[] l = left.split("/", -1);
    String[] r = right.split("/", -1);
    for (int i = 0; i < Math.min(l.length, r.length); i++) {
      int c = l[i].compareTo(r[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(l.length, r.length);
  }

  /** The gzipped tar. */
  public byte[] layer() {
    return layer.clone();
  }

  /** {@code sha256:<hex>} of some bytes. */
  public static String digest(byte[] bytes) {
    try {
      return "sha256:"
          + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The image manifest (OCI image-spec {@code manifest.md}), as compact JSON with a fixed key
   * order; its bytes are what is pushed, so their digest is the artifact's digest.
   */
  public byte[] manifest() {
    ObjectNode manifest = JSON.createObjectNode();
    manifest.put("schemaVersion", 2);
    manifest.put("mediaType", "application/vnd.oci.image.manifest.v1+json");
    manifest.set("config", descriptor(format.configMediaType(), CONFIG));
    manifest.putArray("layers").add(descriptor(format.layerMediaType(), layer));
    return JSON.writeValueAsBytes(manifest);
  }

  /** The manifest's digest: what a registry answers for the tag once this artifact is pushed. */
  public String manifestDigest() {
    return digest(manifest());
  }

  private static ObjectNode descriptor(String mediaType, byte[] blob) {
    ObjectNode descriptor = JSON.createObjectNode();
    descriptor.put("mediaType", mediaType);
    descriptor.put("digest", digest(blob));
    descriptor.put("size", blob.length);
    return descriptor;
  }
}
