package dev.fleetc.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

/**
 * The artifact of a cluster's files: Flux's layout, and a digest that depends on the files only.
 */
class FluxArtifactTest {

  private static SortedMap<String, byte[]> files(String... pathsAndContents) {
    SortedMap<String, byte[]> files = new TreeMap<>();
    for (int i = 0; i < pathsAndContents.length; i += 2) {
      files.put(pathsAndContents[i], pathsAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return files;
  }

  private static List<TarArchiveEntry> entries(FluxArtifact artifact) throws Exception {
    List<TarArchiveEntry> entries = new ArrayList<>();
    try (TarArchiveInputStream tar =
        new TarArchiveInputStream(
            new GZIPInputStream(new ByteArrayInputStream(artifact.layer())))) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.add(e);
      }
    }
    return entries;
  }

  @Test
  void tarsFoldersBeforeTheirFilesWithFixedOwnersModesAndTimes() throws Exception {
    FluxArtifact artifact =
        FluxArtifact.of(
            files(
                "kustomization.yaml", "k",
                "addons/storage.yaml", "s",
                "addons.txt", "t",
                "addons/deep/x.yaml", "x"));
    List<TarArchiveEntry> entries = entries(artifact);
    assertThat(entries)
        .extracting(TarArchiveEntry::getName)
        .containsExactly(
            "addons/",
            "addons/deep/",
            "addons/deep/x.yaml",
            "addons/storage.yaml",
            "addons.txt",
            "kustomization.yaml");
    for (TarArchiveEntry e : entries) {
      assertThat(e.getLongUserId()).isZero();
      assertThat(e.getLongGroupId()).isZero();
      assertThat(e.getUserName()).isEmpty();
      assertThat(e.getGroupName()).isEmpty();
      assertThat(e.getModTime().getTime()).isZero();
      assertThat(e.getMode()).isEqualTo(e.isDirectory() ? 040755 : 0100644);
    }
  }

  @Test
  void theGzipHeaderHasNoNameNoTimeAndAFixedSystem() {
    byte[] layer = FluxArtifact.of(files("a.yaml", "a")).layer();
    // RFC 1952: ID1 ID2 CM FLG MTIME(4) XFL OS
    assertThat(layer[3]).as("FLG: no name, no comment, no extra").isZero();
    assertThat(new byte[] {layer[4], layer[5], layer[6], layer[7]}).containsOnly(0);
    assertThat(layer[9]).as("OS: 255, unknown, as Go's gzip writer").isEqualTo((byte) 0xff);
  }

  @Test
  void theManifestNamesFluxMediaTypesAndItsBlobs() {
    FluxArtifact artifact = FluxArtifact.of(files("a.yaml", "a"));
    String manifest = new String(artifact.manifest(), StandardCharsets.UTF_8);
    assertThat(manifest)
        .startsWith(
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.cncf.flux.config.v1+json\","
                + "\"digest\":\"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2}")
        .contains("\"mediaType\":\"application/vnd.cncf.flux.content.v1.tar+gzip\"")
        .contains(FluxArtifact.digest(artifact.layer()));
    assertThat(artifact.manifestDigest()).isEqualTo(FluxArtifact.digest(artifact.manifest()));
  }

  @Property(tries = 200)
  void theDigestDependsOnTheFilesNotOnTheirOrder(
      @ForAll @Size(min = 1, max = 8)
          List<@AlphaChars @StringLength(min = 1, max = 6) String> names,
      @ForAll long seed) {
    SortedMap<String, byte[]> sorted = new TreeMap<>();
    for (String name : names) {
      sorted.put("d/" + name + ".yaml", name.getBytes(StandardCharsets.UTF_8));
    }
    List<Map.Entry<String, byte[]>> shuffled = new ArrayList<>(sorted.entrySet());
    Collections.shuffle(shuffled, new java.util.Random(seed));
    SortedMap<String, byte[]> again = new TreeMap<>();
    shuffled.forEach(e -> again.put(e.getKey(), e.getValue().clone()));
    assertThat(FluxArtifact.of(again).manifestDigest())
        .isEqualTo(FluxArtifact.of(sorted).manifestDigest());
  }

  @Test
  void oneChangedByteChangesTheDigest() {
    assertThat(FluxArtifact.of(files("a.yaml", "a: 1")).manifestDigest())
        .isNotEqualTo(FluxArtifact.of(files("a.yaml", "a: 2")).manifestDigest());
  }
}
