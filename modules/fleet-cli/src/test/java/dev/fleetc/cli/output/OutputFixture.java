package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.FleetCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Fleets whose second version adds, changes and prunes files; runs and snapshots of folders. */
final class OutputFixture {

  /** Two clusters. */
  static final String OLD =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: test}
      defaults: {kubernetes: "1.35", distribution: k3s}
      clusters:
        - name: one
          token: {secretRef: env:ONE_TOKEN}
          agentToken: {secretRef: env:ONE_AGENT_TOKEN}
          nodes:
            - {name: s-1, address: 10.0.0.1, role: control-plane}
            - {name: a-1, address: 10.0.0.2, role: worker}
        - name: two
          nodes:
            - {name: s-1, address: 10.0.1.1, role: control-plane}
      """;

  /** Cluster one changed, two removed (pruned, its folders emptied), three added. */
  static final String NEW =
      OLD.replace("10.0.0.2", "10.0.0.7")
          .replace("- name: two", "- name: three")
          .replace("10.0.1.1", "10.0.3.1");

  record Run(int exitCode, String out, String err) {}

  private OutputFixture() {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = FleetCommand.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(code, out.toString(), err.toString());
  }

  static Run compile(Path fleet, Path out, String... more) {
    String[] args = new String[4 + more.length];
    args[0] = "compile";
    args[1] = fleet.toString();
    args[2] = "-o";
    args[3] = out.toString();
    System.arraycopy(more, 0, args, 4, more.length);
    return run(args);
  }

  static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  /**
   * Everything under {@code root}: folders, files with their digest and mode, links; the exact
   * state a reader sees (no staging, journal, lock file or empty folder can hide in it).
   */
  static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> tree = new TreeMap<>();
    if (!Files.exists(root)) {
      return tree;
    }
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        String key = root.relativize(p).toString();
        if (Files.isSymbolicLink(p)) {
          tree.put(key, "link " + Files.readSymbolicLink(p));
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          tree.put(key + "/", "folder");
        } else {
          tree.put(key, sha256(Files.readAllBytes(p)) + (Files.isExecutable(p) ? " x" : ""));
        }
      }
    }
    return tree;
  }

  /** Copies a folder with its files' modes. */
  static void copy(Path from, Path to) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : (Iterable<Path>) all::iterator) {
        Files.copy(
            p, to.resolve(from.relativize(p).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The folder as {@code fleet compile} leaves it after a clean run of {@code fleet}. */
  static Map<String, String> cleanResult(Path scratch, String fleet) throws IOException {
    Path file = write(scratch.resolve("fleet.yaml"), fleet);
    Path out = scratch.resolve("out");
    Run run = compile(file, out);
    assertThat(run.exitCode()).as(run.err()).isZero();
    return snapshot(out);
  }
}
