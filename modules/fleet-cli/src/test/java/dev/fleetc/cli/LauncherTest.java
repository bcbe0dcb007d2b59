package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code fleet} launcher's JVM settings (docs/performance.md): C1 alone for small fleets, the
 * full tiered JIT from about 3,000 clusters (written out or from CSV inventories), the overrides,
 * and the 128 MiB young generation. Runs a copy of the launcher against a stand-in {@code java}
 * that prints its arguments.
 */
class LauncherTest {

  @TempDir Path dir;
  private Path launcher;
  private Path javaHome;

  @BeforeEach
  void copyTheLauncher() throws IOException {
    Path checkout = dir.resolve("checkout");
    Files.createDirectories(checkout.resolve("modules/fleet-cli/target"));
    Files.writeString(checkout.resolve("modules/fleet-cli/target/fleetc.jar"), "");
    launcher = checkout.resolve("fleet");
    Files.copy(Cli.projectRoot().resolve("fleet"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
    javaHome = dir.resolve("jdk");
    Files.createDirectories(javaHome.resolve("bin"));
    Files.writeString(javaHome.resolve("release"), "JAVA_VERSION=\"17.0.15\"\n");
    Path java = javaHome.resolve("bin/java");
    // Prints the arguments of the real run; the archive-recording runs print nothing.
    Files.writeString(
        java,
        "#!/usr/bin/env bash\n"
            + "case \" $* \" in *' -Xshare:dump '*|*DumpLoadedClassList*) exit 1 ;; esac\n"
            + "printf '%s\\n' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  @Test
  void smallFleetsRunOnC1Alone() throws Exception {
    Path fleet = fleetOfLines("small.fleet.yaml", 500);
    assertThat(jvmArgs(Map.of(), "compile", fleet.toString(), "-o", "out"))
        .contains("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    assertThat(jvmArgs(Map.of(), "--version")).contains("-XX:TieredStopAtLevel=1");
  }

  @Test
  void largeFleetsGetC2() throws Exception {
    Path fleet = fleetOfLines("large.fleet.yaml", 11 * 3_000);
    assertThat(jvmArgs(Map.of(), "compile", fleet.toString(), "-o", "out", "--check"))
        .doesNotContain("-XX:TieredStopAtLevel=1");
    assertThat(jvmArgs(Map.of(), "validate", fleet.toString()))
        .doesNotContain("-XX:TieredStopAtLevel=1");
    // Not for commands that do not compile the fleet.
    assertThat(jvmArgs(Map.of(), "schema")).contains("-XX:TieredStopAtLevel=1");
  }

  @Test
  void inventoriesCountARowAsACluster() throws Exception {
    Path fleet = fleetOfLines("stores.fleet.yaml", 30);
    StringBuilder rows = new StringBuilder("id\n");
    for (int i = 0; i < 3_000; i++) {
      rows.append(i).append('\n');
    }
    Files.writeString(dir.resolve("stores.csv"), rows);
    assertThat(jvmArgs(Map.of(), "compile", fleet.toString(), "-o", "out"))
        .doesNotContain("-XX:TieredStopAtLevel=1");
  }

  @Test
  void theOverridesWin() throws Exception {
    Path small = fleetOfLines("small.fleet.yaml", 500);
    Path large = fleetOfLines("large.fleet.yaml", 11 * 3_000);
    assertThat(jvmArgs(Map.of("FLEETC_JIT", "c2"), "validate", small.toString()))
        .doesNotContain("-XX:TieredStopAtLevel=1");
    assertThat(jvmArgs(Map.of("FLEETC_JIT", "c1"), "validate", large.toString()))
        .contains("-XX:TieredStopAtLevel=1");
  }

  @Test
  void aYoungGenerationOf128MiBAndNoMaximumHeap() throws Exception {
    List<String> args = jvmArgs(Map.of(), "--version");
    if (memoryKib() >= 4L * 1024 * 1024) { // the launcher's own condition
      assertThat(args).contains("-Xmn128m");
    } else {
      assertThat(args).noneMatch(a -> a.startsWith("-Xmn"));
    }
    assertThat(args).noneMatch(a -> a.startsWith("-Xmx"));
    assertThat(args)
        .endsWith(
            "-jar", launcher.getParent() + "/modules/fleet-cli/target/fleetc.jar", "--version");
  }

  private static long memoryKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return 0;
  }

  private Path fleetOfLines(String name, int lines) throws IOException {
    return Files.writeString(dir.resolve(name), "# line\n".repeat(lines));
  }

  private List<String> jvmArgs(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("JAVA_HOME", javaHome.toString());
    builder.environment().remove("FLEETC_JIT");
    builder.environment().remove("FLEETC_JIT_C2_FROM");
    builder.environment().putAll(env);
    Process process = builder.start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return List.of(out.split("\n"));
  }
}
