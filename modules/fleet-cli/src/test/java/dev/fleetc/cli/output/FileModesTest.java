package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole mode of every file is compared, not only owner-execute: a script or file whose mode is
 * not exactly 0755 or 0644 (set-user-ID, set-group-ID, sticky, group- or world-writable, or missing
 * read bits) is stale for {@code --check} and restored by the next compile. On the code before,
 * every one of these cases was "up to date" (only owner-execute was compared).
 */
class FileModesTest {

  @TempDir Path dir;

  static Stream<Arguments> tamperedModes() {
    return Stream.of(
        Arguments.of("bootstrap/one/nodes/s-1/install.sh", 04777, 0755), // setuid, world-writable
        Arguments.of("bootstrap/one/nodes/s-1/install.sh", 04755, 0755), // setuid
        Arguments.of("bootstrap/one/nodes/s-1/install.sh", 02755, 0755), // setgid
        Arguments.of("bootstrap/one/nodes/s-1/install.sh", 01755, 0755), // sticky
        Arguments.of("bootstrap/one/nodes/s-1/install.sh", 0757, 0755), // world-writable
        Arguments.of("bootstrap/one/nodes/s-1/install.sh", 0775, 0755), // group-writable
        Arguments.of("bootstrap/one/nodes/s-1/install.sh", 0700, 0755), // no longer readable
        Arguments.of("bootstrap/one/RUNBOOK.md", 0666, 0644),
        Arguments.of("bootstrap/one/RUNBOOK.md", 02644, 0644),
        Arguments.of("fleet.lock.json", 0646, 0644));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("tamperedModes")
  void checkNamesItAndCompileRestoresIt(String path, int tampered, int wanted) throws IOException {
    Path fleet = OutputFixture.write(dir.resolve("fleet.yaml"), OutputFixture.OLD);
    Path out = dir.resolve("out");
    assertThat(OutputFixture.compile(fleet, out).exitCode()).isZero();
    Path file = out.resolve(path);
    assertThat(mode(file)).isEqualTo(wanted);
    Files.setAttribute(file, "unix:mode", tampered, LinkOption.NOFOLLOW_LINKS);
    Assumptions.assumeTrue(mode(file) == tampered, "the file system keeps the mode bits");

    OutputFixture.Run check = OutputFixture.compile(fleet, out, "--check");
    assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(ExitCode.STALE);
    assertThat(check.out() + check.err()).contains(path);

    OutputFixture.Run compile = OutputFixture.compile(fleet, out);
    assertThat(compile.exitCode()).as(compile.err()).isZero();
    assertThat(mode(file)).isEqualTo(wanted);
    assertThat(OutputFixture.compile(fleet, out, "--check").exitCode()).isZero();
  }

  private static int mode(Path file) throws IOException {
    return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
  }
}
