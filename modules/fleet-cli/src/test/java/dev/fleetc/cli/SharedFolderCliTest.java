package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetc.emit.Lock;
import dev.fleetc.emit.LockReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared system-upgrade-controller folder ({@code shared/system-upgrade-controller/<version>})
 * through the output folder's life: written once, checked by {@code compile --check}, pruned when
 * no cluster uses it any more, a change of it attributed by {@code fleet diff} to every cluster
 * whose path references it (a GitOps change), and the lock's {@code shared} entries read as
 * untrusted input.
 */
class SharedFolderCliTest {

  @TempDir Path temp;

  private static final String FOLDER = "shared/system-upgrade-controller/v0.20.1";

  private static String acme() throws Exception {
    return Files.readString(
        Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml"), StandardCharsets.UTF_8);
  }

  private Path compile(String name, String fleetText, Path out) throws Exception {
    Path fleet = temp.resolve(name + ".fleet.yaml");
    Files.writeString(fleet, fleetText, StandardCharsets.UTF_8);
    Cli.Run run = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    return fleet;
  }

  private static List<String> named(Path out, String file) throws Exception {
    try (Stream<Path> files = Files.walk(out)) {
      return files
          .filter(p -> p.getFileName().toString().equals(file))
          .map(p -> out.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  @Test
  void oneCopyCheckedAndPrunedWithTheFleet() throws Exception {
    Path out = temp.resolve("out");
    Path fleet = compile("acme", acme(), out);
    assertThat(named(out, "crd.yaml")).containsExactly(FOLDER + "/crd.yaml");
    Lock lock = Lock.parse(Files.readString(out.resolve("fleet.lock.json")));
    assertThat(lock.filesIn(FOLDER)).hasSize(3);
    assertThat(lock.clusters().stream().filter(c -> !c.shared().isEmpty()).map(c -> c.name()))
        .containsExactly("prod-eu", "prod-us", "staging");
    Cli.Run check = Cli.run("compile", fleet.toString(), "-o", out.toString(), "--check");
    assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(ExitCode.OK);

    // A shared file edited by hand is a difference --check reports, like any generated file.
    Path crd = out.resolve(FOLDER + "/crd.yaml");
    byte[] original = Files.readAllBytes(crd);
    Files.writeString(crd, "edited\n", StandardCharsets.UTF_8);
    Cli.Run stale = Cli.run("compile", fleet.toString(), "-o", out.toString(), "--check");
    assertThat(stale.exitCode()).isNotEqualTo(ExitCode.OK);
    Files.write(crd, original);

    // No cluster upgrades through the controller any more: the folder goes with the last user.
    String manual = acme().replace("defaults:\n", "defaults:\n  upgrades: {method: manual}\n");
    assertThat(manual).isNotEqualTo(acme());
    compile("manual", manual, out);
    assertThat(out.resolve("shared")).doesNotExist();
    assertThat(Files.readString(out.resolve("fleet.lock.json"))).doesNotContain("shared/");
  }

  @Test
  void aChangeOfTheSharedFolderIsAGitOpsChangeOfEachClusterUsingIt() throws Exception {
    Path before = temp.resolve("before");
    compile("acme", acme(), before);
    Path after = temp.resolve("after");
    compile("acme2", acme(), after);
    // A new vendored release would change the CRD: here by hand, the lock along with it.
    Path crd = after.resolve(FOLDER + "/crd.yaml");
    String old = sha256(Files.readAllBytes(crd));
    Files.writeString(crd, Files.readString(crd) + "# changed\n", StandardCharsets.UTF_8);
    Path lock = after.resolve("fleet.lock.json");
    Files.writeString(
        lock,
        Files.readString(lock).replace(old, sha256(Files.readAllBytes(crd))),
        StandardCharsets.UTF_8);
    Cli.Run diff = Cli.run("diff", before.toString(), after.toString(), "--format", "json");
    assertThat(diff.exitCode()).as(diff.out() + diff.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(diff.out()).contains(FOLDER + "/crd.yaml");
    Cli.Run text = Cli.run("diff", before.toString(), after.toString());
    assertThat(text.out())
        .contains("prod-eu", "prod-us", "staging")
        .contains("Plan: 3 clusters change")
        .doesNotContain("reconfigure")
        .contains("file:  " + FOLDER + "/crd.yaml");
  }

  @Test
  void aLocksSharedEntriesAreCheckedAsUntrustedInput() throws Exception {
    String cluster =
        "{\"fleet\":\"f\",\"generator\":\"g\",\"clusters\":[{\"name\":\"a\","
            + "\"distribution\":\"k3s\",\"version\":\"v1\",\"shared\":%s,\"artifacts\":[]}]}";
    assertThat(Lock.parse(cluster.formatted("[\"" + FOLDER + "\"]")).clusters().get(0).shared())
        .containsExactly(FOLDER);
    for (String hostile :
        List.of("[\"../etc\"]", "[\"clusters/a\"]", "[\"shared/../x\"]", "\"shared/x\"", "[1]")) {
      assertThatThrownBy(() -> Lock.parse(cluster.formatted(hostile)))
          .as(hostile)
          .isInstanceOf(LockReader.InvalidLockException.class)
          .hasMessageContaining("clusters[0].shared");
    }
  }
}
