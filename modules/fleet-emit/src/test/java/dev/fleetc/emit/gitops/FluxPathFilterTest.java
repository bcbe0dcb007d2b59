package dev.fleetc.emit.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitRepository's {@code spec.ignore} keeps the cluster's own path and nothing else. The rules
 * are gitignore patterns (source-controller reads them with go-git's gitignore matcher), so real
 * git judges them here: in a repository laid out as fleetc writes it, only the cluster's files are
 * left once the rules are its exclude file.
 */
class FluxPathFilterTest {

  private static final List<String> TREE =
      List.of(
          "fleet.lock.json",
          "FLEET.md",
          "bootstrap/shop/GITOPS.md",
          "clusters/shop/kustomization.yaml",
          "clusters/shop/flux-system/gotk-sync.yaml",
          "clusters/shop/infrastructure/ingress.yaml",
          "clusters/shop-2/kustomization.yaml",
          "clusters/shopper/kustomization.yaml",
          "clusters/depot/kustomization.yaml",
          "sites/eu/shop/kustomization.yaml",
          "sites/eu/shop/apps/kustomization.yaml",
          "sites/eu/depot/kustomization.yaml",
          "sites/us/shop/kustomization.yaml",
          "shared/system-upgrade-controller/v0.20.1/crd.yaml",
          "shared/system-upgrade-controller/v0.20.1/kustomization.yaml",
          "shared/system-upgrade-controller/v0.19.0/crd.yaml",
          "shared/other/v1/x.yaml",
          ".github/workflows/ci.yaml");

  private static boolean gitAvailable() {
    try {
      return new ProcessBuilder("git", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static List<String> kept(Path repo, String root) throws Exception {
    return keptBy(repo, FluxBootstrap.onlyPath(root));
  }

  private static List<String> keptBy(Path repo, String rules) throws Exception {
    for (String file : TREE) {
      Path path = repo.resolve(file);
      Files.createDirectories(path.getParent());
      Files.writeString(path, "x: 1\n");
    }
    run(repo, "git", "init", "-q");
    Files.writeString(repo.resolve(".git/info/exclude"), rules, StandardCharsets.UTF_8);
    run(repo, "git", "add", "-A");
    return run(repo, "git", "diff", "--cached", "--name-only").lines().sorted().toList();
  }

  private static String run(Path dir, String... command) throws Exception {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out;
  }

  @Test
  void onlyTheClustersPathIsLeft(@TempDir Path tmp) throws Exception {
    assumeTrue(gitAvailable(), "git not on PATH");
    Map<String, List<String>> expected =
        Map.of(
            "clusters/shop",
            List.of(
                "clusters/shop/flux-system/gotk-sync.yaml",
                "clusters/shop/infrastructure/ingress.yaml",
                "clusters/shop/kustomization.yaml"),
            "sites/eu/shop",
            List.of("sites/eu/shop/apps/kustomization.yaml", "sites/eu/shop/kustomization.yaml"));
    for (Map.Entry<String, List<String>> e : expected.entrySet()) {
      Path repo = Files.createDirectories(tmp.resolve(e.getKey().replace('/', '-')));
      assertThat(kept(repo, e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
    }
  }

  /**
   * A K3s cluster's path references the shared system-upgrade-controller folder of its version: the
   * rules keep that folder whole, and no other version or shared folder.
   */
  @Test
  void theSharedFolderTheClusterUsesIsKept(@TempDir Path tmp) throws Exception {
    assumeTrue(gitAvailable(), "git not on PATH");
    String rules =
        FluxBootstrap.onlyPaths(
            "sites/eu/shop", List.of("shared/system-upgrade-controller/v0.20.1"));
    assertThat(keptBy(tmp, rules))
        .containsExactly(
            "shared/system-upgrade-controller/v0.20.1/crd.yaml",
            "shared/system-upgrade-controller/v0.20.1/kustomization.yaml",
            "sites/eu/shop/apps/kustomization.yaml",
            "sites/eu/shop/kustomization.yaml");
  }

  @Test
  void theRulesNameEachLevel() {
    assertThat(FluxBootstrap.onlyPath("sites/eu/shop"))
        .isEqualTo(
            "# fleetc: this cluster's path only\n/*\n!/sites/\n/sites/*\n!/sites/eu/\n"
                + "/sites/eu/*\n!/sites/eu/shop/\n");
  }
}
