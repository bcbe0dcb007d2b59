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
    // A validate writes nothing: C2 pays for itself only from ten times the size.
    assertThat(jvmArgs(Map.of(), "validate", fleet.toString())).contains("-XX:TieredStopAtLevel=1");
    Path larger = fleetOfLines("larger.fleet.yaml", 11 * 30_000);
    assertThat(jvmArgs(Map.of(), "validate", larger.toString()))
        .doesNotContain("-XX:TieredStopAtLevel=1");
    assertThat(jvmArgs(Map.of(), "explain", larger.toString()))
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

  /**
   * Environment values are data: FLEETC_JIT_C2_FROM used to be evaluated as bash arithmetic, so
   * {@code opts[$(cmd)]} ran cmd. Now anything but a whole number is ignored with a warning.
   */
  @Test
  void environmentValuesAreNeverEvaluated() throws Exception {
    Path fleet = fleetOfLines("small.fleet.yaml", 500);
    Path pwned = dir.resolve("pwned");
    for (String hostile :
        List.of(
            "opts[$(touch " + pwned + ")]",
            "a[$(touch " + pwned + ")]+1",
            "$(touch " + pwned + ")",
            "`touch " + pwned + "`",
            "3000; touch " + pwned)) {
      List<String> args =
          jvmArgs(Map.of("FLEETC_JIT_C2_FROM", hostile), "compile", fleet.toString(), "-o", "out");
      assertThat(pwned).as(hostile).doesNotExist();
      assertThat(args).as(hostile).contains("-XX:TieredStopAtLevel=1"); // the default threshold
      assertThat(args)
          .as(hostile)
          .contains("fleet: ignoring FLEETC_JIT_C2_FROM: not a whole number of clusters");
    }
    // A number still works, in decimal even with a leading zero (bash would read 010 as 8).
    assertThat(
            jvmArgs(Map.of("FLEETC_JIT_C2_FROM", "10"), "compile", fleet.toString(), "-o", "out"))
        .doesNotContain("-XX:TieredStopAtLevel=1");
    assertThat(
            jvmArgs(Map.of("FLEETC_JIT_C2_FROM", "0100"), "compile", fleet.toString(), "-o", "out"))
        .contains("-XX:TieredStopAtLevel=1");
    // validate's threshold is ten times the variable's.
    assertThat(jvmArgs(Map.of("FLEETC_JIT_C2_FROM", "4"), "validate", fleet.toString()))
        .doesNotContain("-XX:TieredStopAtLevel=1");
    assertThat(jvmArgs(Map.of("FLEETC_JIT_C2_FROM", "10"), "validate", fleet.toString()))
        .contains("-XX:TieredStopAtLevel=1");
  }

  /**
   * A recording of the start-up archive that fails is not retried on every command (it costs ~3 s
   * each time with a real JDK): the stand-in java here fails every dump.
   */
  @Test
  void aFailedArchiveRecordingIsNotRetriedEachRun() throws Exception {
    Path log = standInJavaLogging(false);
    jvmArgs(Map.of(), "--version");
    jvmArgs(Map.of(), "--version");
    jvmArgs(Map.of(), "--version");
    assertThat(dumps(log)).isEqualTo(1);
  }

  /**
   * A read-only install (the jar's folder not writable): the archive is recorded once in the user's
   * cache, keyed by the jar's identity, and used from there; not attempted again on each run.
   */
  @Test
  void aReadOnlyInstallRecordsInTheUserCache() throws Exception {
    Path log = standInJavaLogging(true);
    Path target = launcher.getParent().resolve("modules/fleet-cli/target");
    Path cache = dir.resolve("cache");
    readOnly(target, true);
    try {
      org.junit.jupiter.api.Assumptions.assumeFalse(
          Files.isWritable(target), "a folder that even root cannot write (chattr +i)");
      List<String> first = jvmArgs(Map.of("XDG_CACHE_HOME", cache.toString()), "--version");
      List<String> second = jvmArgs(Map.of("XDG_CACHE_HOME", cache.toString()), "--version");
      assertThat(dumps(log)).isEqualTo(1);
      for (List<String> args : List.of(first, second)) {
        assertThat(args)
            .anyMatch(
                a ->
                    a.startsWith("-XX:SharedArchiveFile=" + cache.resolve("fleetc"))
                        && a.endsWith("/fleetc.jsa"));
      }
      try (var files = Files.list(target)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly("fleetc.jar");
      }
    } finally {
      readOnly(target, false);
    }
  }

  private static void readOnly(Path folder, boolean on) throws Exception {
    Process chattr =
        new ProcessBuilder("chattr", on ? "+i" : "-i", folder.toString())
            .redirectErrorStream(true)
            .start();
    chattr.getInputStream().readAllBytes();
    chattr.waitFor(10, TimeUnit.SECONDS);
  }

  /**
   * Replaces the stand-in java by one that logs every call; a dump creates the archive it is asked
   * for when {@code dumpsSucceed}, fails otherwise.
   */
  private Path standInJavaLogging(boolean dumpsSucceed) throws IOException {
    Path log = dir.resolve("java.log");
    Path java = javaHome.resolve("bin/java");
    Files.writeString(
        java,
        "#!/usr/bin/env bash\n"
            + "printf '%s\\n' \"$*\" >>'"
            + log
            + "'\n"
            + "case \" $* \" in\n"
            + "  *' -Xshare:dump '*)\n"
            + (dumpsSucceed
                ? "    for a; do case $a in -XX:SharedArchiveFile=*) : >\"${a#*=}\" ;; esac; done\n"
                    + "    exit 0 ;;\n"
                : "    exit 1 ;;\n")
            + "  *DumpLoadedClassList*) "
            + (dumpsSucceed ? "exit 0" : "exit 1")
            + " ;;\n"
            + "esac\n"
            + "printf '%s\\n' \"$@\"\n");
    return log;
  }

  private static long dumps(Path log) throws IOException {
    return Files.readAllLines(log).stream().filter(l -> l.contains("DumpLoadedClassList")).count();
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
