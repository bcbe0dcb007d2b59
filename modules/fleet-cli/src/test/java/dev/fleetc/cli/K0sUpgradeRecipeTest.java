package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The k0s upgrade path through Git: a version bump with rollout waves writes the new {@code
 * spec.k0s.version} only into the promoted clusters' {@code k0sctl.yaml} (the others keep their
 * effective version), and the CI job of docs/upgrades.md, run against the two commits' locks with a
 * stand-in {@code k0sctl}, applies exactly the clusters whose pinned version changed.
 */
class K0sUpgradeRecipeTest {

  private static final String FLEET =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: edge}
      defaults:
        distribution: k0s
        kubernetes: "MINOR"
        ssh: {user: ops}
        gitops: {engine: none}
        datastore: {type: sqlite}
      clusters:
        - {name: canary, region: eu-west, nodes: [{name: c-1, address: 10.0.1.1, role: control-plane}]}
        - {name: eu-1, region: eu-central, nodes: [{name: e-1, address: 10.0.2.1, role: control-plane}]}
        - {name: us-1, region: us-east, nodes: [{name: u-1, address: 10.0.3.1, role: control-plane}]}
      rollout:
        waves:
          - {name: canary, clusters: [canary], soak: 1h}
          - {name: rest, selector: {}}
      """;

  private static final Pattern YAML_BLOCK = Pattern.compile("(?s)```yaml\n(.*?)```");
  private static final String STEP = "k0sctl apply the k0s clusters whose pinned version changed";

  @TempDir Path repo;

  @Test
  void aPromotionMovesOnlyThePromotedClustersK0sctlYamlAndCiAppliesExactlyThose() throws Exception {
    assumeTrue(available("git") && available("jq"), "git and jq (CI installs jq)");
    git("init", "-q", "-b", "main");
    Path fleet = repo.resolve("fleet.yaml");
    Files.writeString(fleet, FLEET.replace("MINOR", "1.35"));
    compile(fleet, "2026-12-01T08:00:00Z");
    assertThat(k0sctl("canary")).contains("version: \"v1.35.7+k0s.0\"");
    git("add", "-A");
    git("commit", "-q", "-m", "1.35");
    String base = git("rev-parse", "HEAD").strip();

    // The bump: only the canary's k0sctl.yaml moves.
    Files.writeString(fleet, FLEET.replace("MINOR", "1.36"));
    compile(fleet, "2026-12-01T09:00:00Z");
    assertThat(k0sctl("canary")).contains("version: \"v1.36.3+k0s.2\"");
    assertThat(k0sctl("eu-1")).contains("version: \"v1.35.7+k0s.0\"");
    assertThat(k0sctl("us-1")).contains("version: \"v1.35.7+k0s.0\"");
    assertThat(Files.readString(repo.resolve("bootstrap/eu-1/RUNBOOK.md")))
        .contains("pins k0s `v1.35.7+k0s.0`", "`v1.35.7` on every node listed");
    git("add", "-A");
    git("commit", "-q", "-m", "1.36");

    assertThat(runRecipe(base)).containsExactly("apply --config bootstrap/canary/k0sctl.yaml");

    // The next batch, after the canary's soak: the job applies the other two, not the canary.
    String promoted = git("rev-parse", "HEAD").strip();
    // --no-live: these clusters exist only on paper (the gate that reads them is
    // RolloutNextLiveTest).
    Cli.Run next =
        Cli.run("rollout", "next", "--no-live", fleet.toString(), "--now", "2026-12-01T11:00:00Z");
    assertThat(next.exitCode()).as(next.err()).isEqualTo(ExitCode.CHANGES); // promoted
    compile(fleet, "2026-12-01T11:00:00Z");
    assertThat(k0sctl("us-1")).contains("version: \"v1.36.3+k0s.2\"");
    git("add", "-A");
    git("commit", "-q", "-m", "rest");
    assertThat(runRecipe(promoted))
        .containsExactly(
            "apply --config bootstrap/eu-1/k0sctl.yaml",
            "apply --config bootstrap/us-1/k0sctl.yaml");

    // Nothing changed since: nothing applied.
    assertThat(runRecipe(git("rev-parse", "HEAD").strip())).isEmpty();
  }

  private void compile(Path fleet, String now) {
    Cli.Run run = Cli.run("compile", fleet.toString(), "-o", repo.toString(), "--now", now);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
  }

  private String k0sctl(String cluster) throws IOException {
    return Files.readString(repo.resolve("bootstrap/" + cluster + "/k0sctl.yaml"));
  }

  /** Runs the recipe's apply step in the repository; returns the stand-in k0sctl's calls. */
  private List<String> runRecipe(String base) throws Exception {
    Path bin = Files.createDirectories(repo.getParent().resolve(repo.getFileName() + "-bin"));
    Path log = bin.resolve("k0sctl.log");
    Files.deleteIfExists(log);
    standIn(bin, "k0sctl", "printf '%s\\n' \"$*\" >>\"$(dirname \"$0\")/k0sctl.log\"");
    standIn(bin, "ssh-agent", "echo 'SSH_AUTH_SOCK=/nowhere; export SSH_AUTH_SOCK;'");
    standIn(bin, "ssh-add", "cat >/dev/null");
    Path temp = Files.createDirectories(bin.resolve("runner-temp"));
    ProcessBuilder builder =
        new ProcessBuilder("bash", "-c", recipeStep()).directory(repo.toFile());
    builder.redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("PATH", bin + java.io.File.pathSeparator + System.getenv("PATH"));
    env.put("BASE", base);
    env.put("SSH_PRIVATE_KEY", "not a key");
    env.put("RUNNER_TEMP", temp.toString());
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static void standIn(Path bin, String name, String body) throws IOException {
    Path file = bin.resolve(name);
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** The run script of the recipe's apply step, from docs/upgrades.md. */
  private static String recipeStep() throws IOException {
    String doc =
        Files.readString(Cli.projectRoot().resolve("docs/upgrades.md"), StandardCharsets.UTF_8);
    Matcher m = YAML_BLOCK.matcher(doc);
    List<String> scripts = new ArrayList<>();
    while (m.find()) {
      JsonNode workflow = new YAMLMapper().readTree(m.group(1));
      for (JsonNode job : workflow.path("jobs")) {
        for (JsonNode step : job.path("steps")) {
          if (STEP.equals(step.path("name").asString(""))) {
            scripts.add(step.path("run").asString());
          }
        }
      }
    }
    assertThat(scripts).as("the recipe's step '%s'", STEP).hasSize(1);
    return scripts.get(0);
  }

  private String git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=t", "-c"));
    command.add("user.email=t@example.com");
    command.addAll(List.of(args));
    Process process =
        new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    return output;
  }

  private static boolean available(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
