package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writer side of the lock's path rules: a produced file whose path the lock reader would refuse
 * (the compiler's rules missed it) is an internal error before anything is staged, never a lock
 * that the next compile refuses. On the code before, a colon or line break was staged and recorded,
 * and NUL failed deep in the file system layer.
 */
class UnrecordablePathTest {

  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "clusters/a:b/apps.yaml",
        "clusters/a\nb/apps.yaml",
        "clusters/a\0b/apps.yaml",
        ".fleetc-staging/f0"
      })
  void refusedBeforeStaging(String path) throws Exception {
    Path out = dir.resolve("out");
    Files.createDirectories(out);
    SafeFolder folder = SafeFolder.of(out);
    for (boolean write : List.of(true, false)) {
      StagedCompile compile = new StagedCompile(folder, new HashSet<>(), write, false);
      Artifact good = Artifact.of("clusters/ok/apps.yaml", ArtifactKind.MANIFEST, "a: 1\n");
      Artifact bad = Artifact.of(path, ArtifactKind.MANIFEST, "a: 1\n");
      compile.prepare(List.of(good, bad));
      compile.accept(good);
      assertThatThrownBy(() -> compile.accept(bad))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("its own lock reader refuses");
      compile.abort(new IllegalStateException());
    }
    try (var entries = Files.list(out)) {
      assertThat(entries).isEmpty();
    }
  }
}
