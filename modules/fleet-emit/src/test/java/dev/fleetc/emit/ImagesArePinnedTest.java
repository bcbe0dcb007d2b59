package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.emit.addons.AddonReleases;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.StorageProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every container image fleetc writes names a tag (never none, never {@code latest}), also inside
 * embedded documents such as local-path's {@code helperPod.yaml}, and the local-path chart's helper
 * image is set rather than left at the chart's {@code busybox:latest}.
 */
class ImagesArePinnedTest {

  private static final Pattern IMAGE = Pattern.compile("\\bimage:[ \\t]*\"?([^\"\\s]+)");
  // The golden trees are this module's output; generated/ is the CLI's and GeneratedIsFreshTest
  // holds it to the same emitters.
  private static final List<Path> TREES = List.of(Path.of("src", "test", "resources", "golden"));

  @Test
  void everyImageReferenceHasATag() throws IOException {
    TreeSet<String> images = new TreeSet<>();
    List<String> unpinned = new ArrayList<>();
    for (Path tree : TREES) {
      try (Stream<Path> files = Files.walk(tree)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          String name = file.getFileName().toString();
          if (!(name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".sh"))
              || file.toString().contains("/golden/") && !file.toString().contains("/expected/")) {
            continue;
          }
          // Embedded documents are escaped strings: read them as text.
          String text =
              Files.readString(file, StandardCharsets.UTF_8)
                  .replace("\\n", "\n")
                  .replace("\\\"", "\"");
          Matcher m = IMAGE.matcher(text);
          while (m.find()) {
            String image = m.group(1);
            images.add(image);
            String afterRegistry = image.substring(image.lastIndexOf('/') + 1);
            if (!afterRegistry.contains(":") && !image.contains("@sha256:")
                || image.endsWith(":latest")) {
              unpinned.add(tree.relativize(file) + ": " + image);
            }
          }
        }
      }
    }
    assertThat(images).contains(AddonReleases.LOCAL_PATH_HELPER_IMAGE);
    assertThat(unpinned).isEmpty();
  }

  @Test
  void theLocalPathChartGetsThePinnedHelperImage() throws IOException {
    int charts = 0;
    try (Stream<Path> files = Files.list(Path.of("..", "..", "fleet-examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".fleet.yaml")).sorted().toList()) {
        for (Cluster cluster :
            ExampleFleets.compile(file).fleet().map(Fleet::clusters).orElse(List.of())) {
          if (cluster.addons().storage() != StorageProvider.LOCAL_PATH) {
            continue;
          }
          for (AddonReleases.AddonRelease addon : AddonReleases.resolved(cluster)) {
            if (addon.name().equals("local-path-provisioner")) {
              charts++;
              assertThat(addon.values())
                  .containsEntry(
                      "helperImage",
                      Map.of(
                          "repository",
                          AddonReleases.LOCAL_PATH_HELPER_REPOSITORY,
                          "tag",
                          AddonReleases.LOCAL_PATH_HELPER_TAG));
            }
          }
        }
      }
    }
    assertThat(charts).isPositive();
  }
}
