package dev.fleetc.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A real CNCF distribution registry (Debian's {@code docker-registry}) on 127.0.0.1 with its own
 * config and a temporary storage folder, read back with Debian's {@code skopeo}. Absent binaries
 * skip the test, except where {@code FLEETC_REQUIRE_REGISTRY} is set ({@code .ci/run} sets it), so
 * CI cannot pass without running it.
 */
final class LocalRegistry implements AutoCloseable {

  static final Path SERVER = Path.of("/usr/bin/docker-registry");
  static final Path SKOPEO = Path.of("/usr/bin/skopeo");

  private static final Pattern REQUEST =
      Pattern.compile("\"(GET|HEAD|PUT|POST|PATCH|DELETE) (/v2/[^ ?\"]*)[^\"]*\" (\\d{3})");

  private final Process process;
  private final Path log;
  final int port;

  private LocalRegistry(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** Skips (or, in CI, fails) when the registry or skopeo is not installed. */
  static void assumeInstalled() {
    boolean present = Files.isExecutable(SERVER) && Files.isExecutable(SKOPEO);
    if (!present && System.getenv("FLEETC_REQUIRE_REGISTRY") != null) {
      throw new AssertionError(
          "FLEETC_REQUIRE_REGISTRY is set but " + SERVER + " or " + SKOPEO + " is missing");
    }
    Assumptions.assumeTrue(
        present,
        "skipped: needs Debian's docker-registry and skopeo (apt-get install -y docker-registry"
            + " skopeo); .ci/run installs them");
  }

  static LocalRegistry start(Path folder) throws IOException, InterruptedException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path storage = Files.createDirectories(folder.resolve("storage"));
    Path config = folder.resolve("config.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "version: 0.1",
            "log:",
            "  level: warn",
            "  accesslog:",
            "    disabled: false",
            "storage:",
            "  filesystem:",
            "    rootdirectory: " + storage,
            "http:",
            "  addr: 127.0.0.1:" + port,
            ""),
        StandardCharsets.UTF_8);
    Path log = folder.resolve("registry.log");
    Process process =
        new ProcessBuilder(SERVER.toString(), "serve", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    LocalRegistry registry = new LocalRegistry(process, log, port);
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 100; i++) {
      try {
        HttpResponse<Void> answer =
            http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
                    .timeout(Duration.ofSeconds(2))
                    .build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return registry;
        }
      } catch (IOException notYet) {
        // still starting
      }
      if (!process.isAlive()) {
        break;
      }
      Thread.sleep(100);
    }
    registry.close();
    throw new IllegalStateException("the registry did not start:\n" + Files.readString(log));
  }

  String host() {
    return "127.0.0.1:" + port;
  }

  /** The requests served so far, as {@code METHOD /v2/path STATUS}, from the access log. */
  List<String> requests() throws IOException {
    List<String> requests = new ArrayList<>();
    Matcher m = REQUEST.matcher(Files.readString(log, StandardCharsets.ISO_8859_1));
    while (m.find()) {
      requests.add(m.group(1) + " " + m.group(2) + " " + m.group(3));
    }
    return requests;
  }

  /** skopeo's output for these arguments (after {@code skopeo}); fails on a non-zero exit. */
  static String skopeo(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(SKOPEO.toString()));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError("skopeo " + String.join(" ", args) + " failed:\n" + output);
    }
    return output;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
