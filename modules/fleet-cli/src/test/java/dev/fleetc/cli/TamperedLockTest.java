package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A tampered {@code fleet.lock.json} (the lock decides what a compile may replace or delete) is
 * refused with exit 4 and a message naming the lock and the entry; nothing inside or outside the
 * output folder changes, and sentinel files outside survive.
 */
class TamperedLockTest {

  static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: test}
      defaults: {kubernetes: "1.35", distribution: k3s}
      clusters:
        - name: one
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
        - name: two
          nodes:
            - {name: s-1, address: 10.0.1.1, role: control-plane}
      """;

  /** Cluster two removed: its files would be pruned. */
  static final String ONE_CLUSTER = FLEET.substring(0, FLEET.indexOf("  - name: two"));

  @TempDir Path dir;
  Path out;
  Path outside;
  Path sentinel;
  Path fleet;
  String lock;

  @BeforeEach
  void compileOnce() throws IOException {
    out = dir.resolve("work/out");
    outside = dir.resolve("work/outside");
    Files.createDirectories(outside);
    sentinel = outside.resolve("sentinel.txt");
    Files.writeString(sentinel, "must survive");
    fleet = dir.resolve("fleet.yaml");
    Files.writeString(fleet, FLEET);
    Cli.Run first = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(first.exitCode()).as(first.err()).isEqualTo(ExitCode.OK);
    lock = Files.readString(out.resolve("fleet.lock.json"));
    Files.writeString(fleet, ONE_CLUSTER);
  }

  static Stream<Arguments> badPaths() {
    return Stream.of(
        Arguments.of("../outside/sentinel.txt", "is not normalized"),
        Arguments.of("bootstrap/two/../../../outside/sentinel.txt", "is not normalized"),
        Arguments.of("ABSOLUTE", "is absolute"),
        Arguments.of("C:/outside/sentinel.txt", "contains a colon"),
        Arguments.of("..\\\\outside\\\\sentinel.txt", "contains a backslash"),
        Arguments.of("bootstrap//two/RUNBOOK.md", "has an empty segment"),
        Arguments.of("./bootstrap/two/RUNBOOK.md", "is not normalized"),
        Arguments.of("bootstrap/two/", "has an empty segment"),
        Arguments.of("", "is empty"),
        Arguments.of("bootstrap/two\\u0000/RUNBOOK.md", "contains a control character"),
        Arguments.of(".fleetc-staging/journal.json", "reserves"),
        Arguments.of("fleet.lock.json", "reserves"));
  }

  @ParameterizedTest
  @MethodSource("badPaths")
  void badPathsAreRefusedAndNothingOutsideIsTouched(String path, String problem)
      throws IOException {
    String bad = path.equals("ABSOLUTE") ? sentinel.toAbsolutePath().toString() : path;
    tamper(lock.replace("\"bootstrap/two/RUNBOOK.md\"", "\"" + bad + "\""));
    assertRefused("clusters[1].artifacts[0].path", problem);
  }

  @Test
  void forceAndClusterSelectionDoNotBypassTheCheck() throws IOException {
    tamper(lock.replace("\"bootstrap/two/RUNBOOK.md\"", "\"../outside/sentinel.txt\""));
    Map<String, String> before = snapshot();
    for (String[] more : new String[][] {{"--force"}, {"--cluster", "one"}}) {
      Cli.Run run =
          Cli.run(
              Stream.concat(
                      Stream.of("compile", fleet.toString(), "-o", out.toString()), Stream.of(more))
                  .toArray(String[]::new));
      assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.IO_ERROR);
      assertThat(run.err()).contains("clusters[1].artifacts[0].path: '../outside/sentinel.txt'");
      assertThat(snapshot()).isEqualTo(before);
    }
  }

  @Test
  void nullPathIsRefused() throws IOException {
    tamper(lock.replace("\"bootstrap/two/RUNBOOK.md\"", "null"));
    assertRefused("clusters[1].artifacts[0].path: is missing");
  }

  @Test
  void wrongTypesAreRefused() throws IOException {
    tamper(lock.replace("\"bootstrap/two/RUNBOOK.md\"", "42"));
    assertRefused("clusters[1].artifacts[0].path: must be a string, got the number 42");
    tamper(lock.replaceFirst("\"artifacts\": \\[", "\"artifacts\": \"x\", \"was\": ["));
    assertRefused("clusters[0].artifacts: must be a list, got a string");
    tamper("[]");
    assertRefused("not a JSON object");
    tamper("{\"fleet\": \"t\", \"generator\": \"g\", \"clusters\": {}}");
    assertRefused("clusters: must be a list, got an object");
  }

  @Test
  void duplicatePathsAndBadDigestsAreRefused() throws IOException {
    tamper(lock.replace("\"bootstrap/two/RUNBOOK.md\"", "\"bootstrap/one/RUNBOOK.md\""));
    assertRefused("is already listed by clusters[0]");
    tamper(lock.replaceFirst("\"sha256\": \"[0-9a-f]{64}\"", "\"sha256\": \"../../etc\""));
    // The first digest is FLEET.md's, in the fleet-wide "files" list.
    assertRefused("files[0].sha256", "is not a sha256 digest");
    tamper(lock.replaceFirst("\"path\": \"FLEET.md\"", "\"path\": \"../FLEET.md\""));
    assertRefused("files[0].path: '../FLEET.md' is not normalized");
    tamper(lock.replace("\"bootstrap/two/RUNBOOK.md\"", "\"bootstrap/one/RUNBOOK.md/x\""));
    assertRefused("is listed as a file and as the folder of");
    tamper(lock.replaceFirst("\"name\": \"two\"", "\"name\": \"one\""));
    assertRefused("cluster 'one' is listed twice");
  }

  @Test
  void hugeLockIsRefusedWithoutReadingIt() throws IOException {
    Path file = out.resolve("fleet.lock.json");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(513L * 1024 * 1024);
    }
    Map<String, String> before = snapshot();
    assertRefused(before, "is larger than 512 MiB");
  }

  private void tamper(String text) throws IOException {
    Files.writeString(out.resolve("fleet.lock.json"), text, StandardCharsets.UTF_8);
  }

  private void assertRefused(String... expected) throws IOException {
    assertRefused(snapshot(), expected);
  }

  private void assertRefused(Map<String, String> before, String... expected) throws IOException {
    for (String[] args :
        new String[][] {
          {"compile", fleet.toString(), "-o", out.toString()},
          {"compile", fleet.toString(), "-o", out.toString(), "--check"}
        }) {
      Cli.Run run = Cli.run(args);
      assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err()).isEqualTo(4);
      assertThat(run.err())
          .startsWith("fleet: " + out.resolve("fleet.lock.json") + " is not a valid fleetc lock")
          .contains(expected)
          .doesNotContain("\tat ", "internal error");
      assertThat(snapshot()).as("nothing changed").isEqualTo(before);
      assertThat(sentinel).hasContent("must survive");
    }
    Cli.Run diff = Cli.run("diff", out.toString(), fleet.toString());
    assertThat(diff.exitCode()).as(diff.err()).isEqualTo(ExitCode.INVALID);
    assertThat(diff.err()).contains("fleet.lock.json").contains(expected);
  }

  /** Every file under the work folder (output and outside) with its content or size. */
  private Map<String, String> snapshot() throws IOException {
    Map<String, String> files = new TreeMap<>();
    Path work = dir.resolve("work");
    try (Stream<Path> all = Files.walk(work)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String key = work.relativize(p).toString();
        if (Files.isDirectory(p)) {
          files.put(key + "/", "");
        } else if (Files.size(p) > 1 << 20) {
          files.put(key, "size " + Files.size(p));
        } else {
          files.put(key, Files.readString(p, StandardCharsets.ISO_8859_1));
        }
      }
    }
    return files;
  }
}
