package dev.fleetc.cli.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs {@code fleet} in a separate JVM (the test's class path), to kill it or race it. */
final class Subprocess {

  private Subprocess() {}

  static Process start(Path logs, String name, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    command.add("-Xshare:auto");
    command.add("dev.fleetc.cli.FleetCommand");
    command.addAll(List.of(args));
    Files.createDirectories(logs);
    return new ProcessBuilder(command)
        .redirectOutput(logs.resolve(name + ".out").toFile())
        .redirectError(logs.resolve(name + ".err").toFile())
        .start();
  }

  static String err(Path logs, String name) throws IOException {
    return Files.readString(logs.resolve(name + ".err"));
  }

  /** A fleet of {@code clusters} K3s clusters of three nodes, numbered from {@code first}. */
  static String fleet(int first, int clusters, String addressPrefix) {
    StringBuilder text =
        new StringBuilder(
            """
            apiVersion: fleetc.dev/v1alpha1
            kind: Fleet
            metadata: {name: big}
            defaults: {kubernetes: "1.35", distribution: k3s}
            clusters:
            """);
    for (int c = first; c < first + clusters; c++) {
      text.append("  - name: c").append(c).append('\n');
      text.append("    token: {secretRef: env:TOKEN}\n");
      text.append("    agentToken: {secretRef: env:AGENT_TOKEN}\n");
      text.append("    nodes:\n");
      for (int n = 1; n <= 3; n++) {
        text.append("      - {name: n-")
            .append(n)
            .append(", address: ")
            .append(addressPrefix)
            .append('.')
            .append(c % 250)
            .append('.')
            .append(n)
            .append(", role: ")
            .append(n == 1 ? "control-plane" : "worker")
            .append("}\n");
      }
    }
    return text.toString();
  }
}
