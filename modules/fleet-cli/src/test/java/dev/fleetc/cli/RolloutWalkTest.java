package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.emit.Lock;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rollout walked step by step through the command line, as CI and people drive it: each folder
 * under {@code rollout-walks/} holds a {@code walk.txt} (copy files of the checkout, edit one, run
 * {@code fleet ...} with a fixed {@code --now}); every step's exit code and messages go to {@code
 * expected.txt}, and after every compile also the lock's waves with their effective and target
 * versions, what changed in {@code fleet.rollout.json}, and the plan ({@code fleet diff} of the
 * previous compile's fleet and state against this one's) as text there and as JSON in {@code
 * expected/NN.diff.json}. Promotion order, batch sizes, soak and approval gates and effective
 * versions are all in those files: a change to any fails here ({@code -Dfleetc.updateGolden=true}
 * rewrites them; read the diff).
 */
class RolloutWalkTest {

  @TempDir Path tmp;

  private static Path walks() {
    return Cli.projectRoot().resolve("modules/fleet-cli/src/test/resources/rollout-walks");
  }

  @TestFactory
  Stream<DynamicTest> everyWalkMatchesItsTranscript() throws IOException {
    List<Path> dirs;
    try (Stream<Path> list = Files.list(walks())) {
      dirs = list.filter(d -> Files.isRegularFile(d.resolve("walk.txt"))).sorted().toList();
    }
    assertThat(dirs).isNotEmpty();
    return dirs.stream()
        .map(
            dir ->
                DynamicTest.dynamicTest(
                    dir.getFileName().toString(),
                    () -> walk(dir, Files.createDirectory(tmp.resolve(dir.getFileName())))));
  }

  private static void walk(Path walk, Path dir) throws IOException {
    StringBuilder transcript = new StringBuilder();
    Map<String, String> jsonPlans = new TreeMap<>();
    int compiles = 0;
    Path previousSnapshot = null;
    String previousState = null;
    int line = 0;
    for (String raw : Files.readAllLines(walk.resolve("walk.txt"), StandardCharsets.UTF_8)) {
      line++;
      if (raw.isBlank() || raw.startsWith("#")) {
        continue;
      }
      transcript.append("$ ").append(raw).append('\n');
      if (raw.startsWith("copy ")) {
        for (String file : raw.substring(5).trim().split(" +")) {
          Path from = Cli.projectRoot().resolve(file);
          Files.copy(from, dir.resolve(from.getFileName()));
        }
        previousState = read(dir.resolve("fleet.rollout.json"));
        continue;
      }
      if (raw.startsWith("edit ")) {
        int colon = raw.indexOf(": ");
        String[] change = raw.substring(colon + 2).split(" => ", 2);
        Path file = dir.resolve(raw.substring(5, colon));
        String text = read(file);
        assertThat(text).as("walk.txt:%d: the text to replace", line).contains(change[0]);
        Files.writeString(file, text.replace(change[0], change[1]), StandardCharsets.UTF_8);
        continue;
      }
      assertThat(raw).as("walk.txt:%d: copy, edit or fleet", line).startsWith("fleet ");
      String[] args = raw.substring(6).replace("{dir}", dir.toString()).split(" +");
      Cli.Run run = Cli.run(args);
      transcript.append("exit ").append(run.exitCode()).append('\n');
      append(transcript, "out", run.out(), dir);
      append(transcript, "err", messages(run.err()), dir);
      if (!args[0].equals("compile") || run.exitCode() != ExitCode.OK) {
        continue;
      }
      String step = String.format("%02d", compiles++);
      Path fleetFile = Path.of(args[1]);
      Lock lock = Lock.parse(read(dir.resolve("out/fleet.lock.json")));
      transcript.append("lock (compile ").append(step).append("): wave, effective version\n");
      transcript.append(lockSummary(lock));
      String state = read(dir.resolve("fleet.rollout.json"));
      transcript.append("fleet.rollout.json:\n");
      String stateDiff = unifiedDiff(previousState, state);
      transcript.append(stateDiff.isEmpty() ? "  (unchanged)\n" : indent(stateDiff));
      previousState = state;
      Path snapshot = dir.resolve("snapshot-" + step);
      Files.createDirectory(snapshot);
      try (Stream<Path> files = Files.list(dir)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          Files.copy(f, snapshot.resolve(f.getFileName()));
        }
      }
      if (previousSnapshot != null) {
        String before = previousSnapshot.resolve(fleetFile.getFileName()).toString();
        String after = snapshot.resolve(fleetFile.getFileName()).toString();
        Cli.Run text = Cli.run("diff", before, after, "--color", "never");
        Cli.Run json = Cli.run("diff", before, after, "--format", "json");
        assertThat(json.exitCode()).isEqualTo(text.exitCode());
        transcript.append("fleet diff (compile ").append(previousSnapshot.getFileName());
        transcript.append(" → ").append(step).append("): exit ").append(text.exitCode());
        transcript.append('\n').append(indent(text.out().replace(dir.toString(), "{dir}")));
        append(transcript, "err", messages(text.err()), dir);
        jsonPlans.put(step + ".diff.json", json.out());
      }
      previousSnapshot = snapshot;
    }
    golden(walk.resolve("expected.txt"), transcript.toString());
    Path expected = walk.resolve("expected");
    for (Map.Entry<String, String> plan : jsonPlans.entrySet()) {
      golden(expected.resolve(plan.getKey()), plan.getValue());
    }
    if (Files.isDirectory(expected)) {
      try (Stream<Path> files = Files.list(expected)) {
        List<String> orphans =
            files
                .map(f -> f.getFileName().toString())
                .filter(f -> !jsonPlans.containsKey(f))
                .sorted()
                .toList();
        if (Boolean.getBoolean("fleetc.updateGolden")) {
          for (String orphan : orphans) {
            Files.delete(expected.resolve(orphan));
          }
        } else {
          assertThat(orphans).as("expected files no step produces").isEmpty();
        }
      }
    }
  }

  /**
   * Per wave and effective version (and target, when it differs: the cluster is held), the clusters
   * at it, in name order: every promotion shows as a cluster moving between two lines.
   */
  static String lockSummary(Lock lock) {
    Map<String, TreeSet<String>> groups = new LinkedHashMap<>();
    for (Lock.LockCluster c : lock.clusters()) {
      String key =
          c.wave()
              + " "
              + c.effectiveVersion()
              + (c.effectiveVersion().equals(c.targetVersion())
                  ? ""
                  : " (held, target " + c.targetVersion() + ")");
      assertThat(c.version()).isEqualTo(c.effectiveVersion());
      groups.computeIfAbsent(key, k -> new TreeSet<>()).add(c.name());
    }
    return new TreeMap<>(groups)
        .entrySet().stream()
            .map(
                e ->
                    "  "
                        + e.getKey()
                        + ": "
                        + e.getValue().size()
                        + " "
                        + String.join(", ", e.getValue())
                        + "\n")
            .collect(Collectors.joining());
  }

  /** Only fleet's own messages: the fleet's warnings are another test's business. */
  private static String messages(String err) {
    return err.lines()
        .filter(l -> l.startsWith("fleet: "))
        .map(l -> l + "\n")
        .collect(Collectors.joining());
  }

  private static void append(StringBuilder transcript, String label, String text, Path dir) {
    if (!text.isEmpty()) {
      transcript.append(label).append(":\n").append(indent(text.replace(dir.toString(), "{dir}")));
    }
  }

  private static String indent(String text) {
    return text.lines()
        .map(l -> l.isEmpty() ? "\n" : "  " + l + "\n")
        .collect(Collectors.joining());
  }

  private static String unifiedDiff(String a, String b) {
    RawText left = new RawText(a.getBytes(StandardCharsets.UTF_8));
    RawText right = new RawText(b.getBytes(StandardCharsets.UTF_8));
    EditList edits =
        DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
            .diff(RawTextComparator.DEFAULT, left, right);
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try (DiffFormatter formatter = new DiffFormatter(buffer)) {
      formatter.setContext(1);
      formatter.format(edits, left, right);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void golden(Path file, String actual) throws IOException {
    if (Boolean.getBoolean("fleetc.updateGolden")) {
      Files.createDirectories(file.getParent());
      Files.writeString(file, actual, StandardCharsets.UTF_8);
      return;
    }
    assertThat(file).as("%s is missing; run with -Dfleetc.updateGolden=true", file).exists();
    assertThat(actual)
        .as("%s differs; run with -Dfleetc.updateGolden=true and review the diff", file)
        .isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }
}
