package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * {@code generated/} is the committed output of {@code fleet-examples/}: every example {@code
 * NAME.fleet.yaml} under {@code generated/NAME/} (the canonical one under {@code generated/acme/}).
 * This test fails when it is stale; {@code -Dfleetc.updateGolden=true} recompiles it.
 */
class GeneratedIsFreshTest {

  @TestFactory
  Stream<DynamicTest> generatedMatchesTheExamples() throws IOException {
    Path root = Cli.projectRoot();
    try (Stream<Path> examples = Files.list(root.resolve("fleet-examples"))) {
      return examples
          .filter(p -> p.getFileName().toString().endsWith(".fleet.yaml"))
          .sorted()
          .toList()
          .stream()
          .map(
              example ->
                  DynamicTest.dynamicTest(
                      example.getFileName().toString(), () -> check(root, example)));
    }
  }

  static Path outputOf(Path root, Path example) {
    String name = example.getFileName().toString().replace(".fleet.yaml", "");
    return root.resolve("generated").resolve(name);
  }

  private static void check(Path root, Path example) throws IOException {
    List<String> args =
        new ArrayList<>(
            List.of("compile", example.toString(), "-o", outputOf(root, example).toString()));
    if (!Boolean.getBoolean("fleetc.updateGolden")) {
      args.add("--check");
    }
    Cli.Run run = Cli.run(args.toArray(String[]::new));
    assertThat(run.exitCode())
        .as("generated/ is stale; run ./mvnw verify -Dfleetc.updateGolden=true\n%s", run.err())
        .isEqualTo(ExitCode.OK);
  }
}
