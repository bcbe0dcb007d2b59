package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up loads what the command runs, not the libraries of the others (docs/performance.md):
 * {@code fleet --version}, {@code validate} and {@code compile} load no class of JGit ({@code fleet
 * diff}), the fabric8 client ({@code fleet status}), ORAS or BouncyCastle ({@code fleet publish}).
 * Checked in a fresh JVM, with the JVM's own class-loading log.
 */
class StartUpClassesTest {

  private static final Pattern OTHER_COMMANDS_LIBRARIES =
      Pattern.compile(
          "\\b(org\\.eclipse\\.jgit|io\\.fabric8\\.kubernetes\\.client|land\\.oras"
              + "|org\\.bouncycastle)\\.[\\w.$]+");

  @TempDir Path dir;

  private static List<String> loaded(String... args) throws IOException, InterruptedException {
    String classPath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xshare:off");
    command.add("-Xlog:class+load=info:stdout");
    command.add("-cp");
    command.add(classPath);
    command.add("dev.fleetc.cli.FleetCommand");
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor();
    assertThat(output).as("the class-loading log").contains("dev.fleetc.cli.FleetCommand");
    List<String> foreign = new ArrayList<>();
    var matcher = OTHER_COMMANDS_LIBRARIES.matcher(output);
    while (matcher.find()) {
      foreign.add(matcher.group());
    }
    return foreign;
  }

  @Test
  void commandsLoadNoLibraryOfAnotherCommand() throws Exception {
    String acme = Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml").toString();
    assertThat(loaded("--version")).as("fleet --version").isEmpty();
    assertThat(loaded("validate", acme)).as("fleet validate").isEmpty();
    assertThat(loaded("compile", acme, "-o", dir.resolve("out").toString()))
        .as("fleet compile")
        .isEmpty();
  }
}
