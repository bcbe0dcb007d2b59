package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.fleet.FleetEmitter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet compile} streams clusters from the emitter into the folder: the tree and lock it
 * writes are byte for byte those of the whole fleet compiled in memory ({@link
 * FleetEmitter#emit(dev.fleetc.model.Fleet, java.util.function.Predicate, String)}), and a partial
 * compile keeps the other clusters' lock entries as they were.
 */
class StreamingCompileTest {

  @TempDir Path dir;

  @TestFactory
  Stream<DynamicTest> theStreamedTreeIsTheWholeFleetsTree() throws IOException {
    Path root = Cli.projectRoot();
    try (Stream<Path> examples = Files.list(root.resolve("fleet-examples"))) {
      return examples
          .filter(p -> p.getFileName().toString().endsWith(".fleet.yaml"))
          .sorted()
          .toList()
          .stream()
          .map(e -> DynamicTest.dynamicTest(e.getFileName().toString(), () -> sameTree(e)));
    }
  }

  private void sameTree(Path example) throws Exception {
    Path out = dir.resolve(example.getFileName().toString());
    Cli.Run run = Cli.run("compile", example.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();

    FleetInput.Loaded loaded = FleetInput.load(example, new PrintWriter(new StringWriter()));
    CompiledFleet whole =
        FleetEmitter.standard()
            .emit(loaded.result().fleet().orElseThrow(), c -> true, Version.generator());
    Map<String, String> expected =
        whole.files().stream()
            .collect(
                Collectors.toMap(Artifact::path, Artifact::content, (a, b) -> a, TreeMap::new));
    assertThat(expected.get(OutputLayout.LOCK_FILE)).isEqualTo(whole.lock());
    assertThat(tree(out)).isEqualTo(expected);
    for (Artifact file : whole.files()) {
      assertThat(Files.isExecutable(out.resolve(file.path())))
          .as(file.path())
          .isEqualTo(file.kind().executable(file.path()));
    }
    Cli.Run again = Cli.run("compile", example.toString(), "-o", out.toString());
    assertThat(again.out()).contains(" 0 files written, " + (expected.size() - 1) + " unchanged");
  }

  /** Every file under {@code root} with its text. */
  private static Map<String, String> tree(Path root) throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      List<Path> files = all.filter(Files::isRegularFile).toList();
      Map<String, String> tree = new TreeMap<>();
      for (Path file : files) {
        tree.put(root.relativize(file).toString(), Files.readString(file));
      }
      return tree;
    }
  }

  private static final String THREE_CLUSTERS =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: test}
      defaults: {kubernetes: "1.31", distribution: k3s}
      clusters:
        - name: one
          nodes: [{name: s-1, address: 10.0.0.1, role: control-plane}]
        - name: two
          nodes: [{name: s-1, address: 10.0.1.1, role: control-plane}]
        - name: three
          nodes: [{name: s-1, address: 10.0.2.1, role: control-plane}]
      """;

  @Test
  void aPartialCompileKeepsTheOtherClustersEntriesAndFiles() throws IOException {
    Path file = dir.resolve("fleet.yaml");
    Files.writeString(file, THREE_CLUSTERS);
    Path out = dir.resolve("out");
    assertThat(Cli.run("compile", file.toString(), "-o", out.toString()).exitCode()).isZero();
    Lock before = Lock.parse(Files.readString(out.resolve(OutputLayout.LOCK_FILE)));
    String oneRunbook = Files.readString(out.resolve("bootstrap/one/RUNBOOK.md"));

    Files.writeString(file, THREE_CLUSTERS.replace("10.0.", "10.9."));
    Cli.Run run = Cli.run("compile", file.toString(), "-o", out.toString(), "--cluster", "two");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("compiled 1 cluster into ").contains(" 0 removed");

    Lock after = Lock.parse(Files.readString(out.resolve(OutputLayout.LOCK_FILE)));
    Function<Lock, Map<String, Lock.LockCluster>> byName =
        lock -> lock.clusters().stream().collect(Collectors.toMap(Lock.LockCluster::name, c -> c));
    assertThat(after.clusters())
        .extracting(Lock.LockCluster::name)
        .containsExactly("one", "three", "two");
    assertThat(byName.apply(after).get("one")).isEqualTo(byName.apply(before).get("one"));
    assertThat(byName.apply(after).get("three")).isEqualTo(byName.apply(before).get("three"));
    assertThat(byName.apply(after).get("two")).isNotEqualTo(byName.apply(before).get("two"));
    assertThat(out.resolve("bootstrap/one/RUNBOOK.md")).hasContent(oneRunbook);

    // The kept clusters are stale now, the compiled one is not.
    Cli.Run check = Cli.run("compile", file.toString(), "-o", out.toString(), "--check");
    assertThat(check.exitCode()).isEqualTo(ExitCode.STALE);
    assertThat(check.err())
        .contains("  changed  bootstrap/one/", "  changed  bootstrap/three/")
        .doesNotContain("  changed  bootstrap/two/");
    assertThat(
            Cli.run("compile", file.toString(), "-o", out.toString(), "--check", "--cluster", "two")
                .exitCode())
        .isZero();
  }
}
