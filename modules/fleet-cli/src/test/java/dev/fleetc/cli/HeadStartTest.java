package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.model.Cluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head start compiles the right files, and its result is used only where it is the same. */
class HeadStartTest {

  @TempDir Path dir;

  @Test
  void guessesTheFleetFilesNotTheValuesOfOtherOptions() throws IOException {
    Path fleet = touch("fleet.yaml");
    Path other = touch("other.yml");
    Path out = touch("out.yaml");
    assertThat(guess("compile", "-o", out.toString(), fleet.toString())).containsExactly(fleet);
    assertThat(guess("compile", "--cluster", out.toString(), "-f", fleet.toString()))
        .containsExactly(fleet);
    assertThat(guess("validate", "--file=" + fleet)).containsExactly(fleet);
    assertThat(guess("explain", "prod-eu", fleet.toString())).containsExactly(fleet);
    assertThat(guess("diff", fleet.toString(), other.toString())).containsExactly(fleet, other);
    assertThat(guess("compile", dir.resolve("absent.yaml").toString())).isEmpty();
    assertThat(guess("compile", dir.toString())).isEmpty();
  }

  @Test
  void theResultIsTheSameAsCompilingOnTheCallingThreadAndIsUsedOnce() throws Exception {
    Path fleet = Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml");
    HeadStart.begin(new String[] {"validate", fleet.toString()});
    Optional<CompileResult> started = HeadStart.take(fleet);
    assertThat(started).isPresent();
    CompileResult direct = FleetInput.compileNow(fleet);
    assertThat(started.get().diagnostics()).isEqualTo(direct.diagnostics());
    assertThat(clusters(started.get())).isEqualTo(clusters(direct));
    assertThat(HeadStart.take(fleet)).as("used once").isEmpty();
  }

  @Test
  void onlyForThePathThatWasStarted() throws Exception {
    Path fleet = Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml");
    HeadStart.begin(new String[] {"validate", fleet.toString()});
    assertThat(HeadStart.take(Cli.projectRoot().resolve("fleet-examples/k0s.fleet.yaml")))
        .isEmpty();
    assertThat(HeadStart.take(fleet)).isPresent();
  }

  @Test
  void aHeadStartOfAnEarlierCommandIsNeverUsed() throws Exception {
    Path fleet = dir.resolve("fleet.yaml");
    Files.copy(Cli.projectRoot().resolve("fleet-examples/k0s.fleet.yaml"), fleet);
    HeadStart.begin(new String[] {"validate", fleet.toString()}); // never taken
    Files.copy(
        Cli.projectRoot().resolve("fleet-examples/microk8s.fleet.yaml"),
        fleet,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    HeadStart.begin(new String[] {"schema"}); // the next command in this process
    assertThat(HeadStart.take(fleet)).isEmpty();
    assertThat(FleetCommand.run(new String[] {"validate", fleet.toString()}, sink(), sink()))
        .isZero();
    CompileResult now = FleetInput.compile(fleet);
    assertThat(clusters(now)).isEqualTo(clusters(FleetInput.compileNow(fleet)));
  }

  private static List<String> clusters(CompileResult result) {
    return result.fleet().orElseThrow().clusters().stream().map(Cluster::name).toList();
  }

  private List<Path> guess(String... args) {
    return HeadStart.guessFiles(args);
  }

  private Path touch(String name) throws IOException {
    return Files.writeString(dir.resolve(name), "x");
  }

  private static java.io.PrintWriter sink() {
    return new java.io.PrintWriter(java.io.Writer.nullWriter());
  }
}
