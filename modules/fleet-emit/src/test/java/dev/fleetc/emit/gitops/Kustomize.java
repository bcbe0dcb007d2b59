package dev.fleetc.emit.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** Runs {@code kubectl kustomize} on a GitOps tree, remote resources left out (no network). */
final class Kustomize {

  private static final Pattern REMOTE = Pattern.compile("^(https?://|github\\.com/|git@).*");

  private Kustomize() {}

  static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "kubectl"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes {@code files} (path relative to {@code root} → content) below {@code work}, drops remote
   * entries from every kustomization.yaml and builds it.
   *
   * @return the rendered YAML, or empty with the error in {@code error[0]}
   */
  static Optional<String> build(Path work, Map<String, String> files, String[] error)
      throws IOException, InterruptedException {
    return build(work, files, "", error);
  }

  /**
   * Like {@link #build(Path, Map, String[])}, building the folder {@code folder} of the written
   * tree (empty: its root), so that its relative references to other folders of the tree resolve.
   */
  static Optional<String> build(Path work, Map<String, String> files, String folder, String[] error)
      throws IOException, InterruptedException {
    for (Map.Entry<String, String> file : files.entrySet()) {
      Path target = work.resolve(file.getKey());
      Files.createDirectories(target.getParent());
      String content = file.getValue();
      if (target.getFileName().toString().equals("kustomization.yaml")) {
        Map<String, Object> k = new LinkedHashMap<>();
        ((Map<?, ?>) CrdSchemas.documents(content).get(0)).forEach((a, b) -> k.put((String) a, b));
        if (k.get("resources") instanceof List<?> resources) {
          k.put(
              "resources",
              resources.stream().filter(r -> !REMOTE.matcher(r.toString()).matches()).toList());
        }
        content = CrdSchemas.YAML.writeValueAsString(k);
      }
      Files.writeString(target, content, StandardCharsets.UTF_8);
    }
    Process p =
        new ProcessBuilder(
                "kubectl",
                "kustomize",
                folder.isEmpty() ? work.toString() : work.resolve(folder).toString())
            .redirectErrorStream(false)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    p.waitFor(2, TimeUnit.MINUTES);
    if (p.exitValue() != 0) {
      error[0] = new String(err, StandardCharsets.UTF_8);
      return Optional.empty();
    }
    return Optional.of(new String(out, StandardCharsets.UTF_8));
  }
}
