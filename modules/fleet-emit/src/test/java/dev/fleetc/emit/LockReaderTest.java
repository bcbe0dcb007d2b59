package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** The lock is untrusted input: only plain relative paths inside the output folder pass. */
class LockReaderTest {

  private static String lockWith(String pathJson) {
    return """
        {"fleet": "f", "generator": "g", "clusters": [{"name": "c", "distribution": "k3s",
         "version": "v1", "artifacts": [{"path": %s, "kind": "runbook",
         "sha256": "%s"}]}]}
        """
        .formatted(pathJson, "a".repeat(64));
  }

  @Test
  void acceptsWhatFleetcWrites() {
    Lock lock = Lock.parse(lockWith("\"bootstrap/c/RUNBOOK.md\""));
    assertThat(lock.paths()).containsExactly("bootstrap/c/RUNBOOK.md");
    assertThat(Lock.parse(lock.toJson())).isEqualTo(lock);
  }

  @Test
  void refusesEveryEscape() {
    for (String bad :
        new String[] {
          "..",
          "../x",
          "a/../../x",
          "/etc/passwd",
          "C:/x",
          "c:x",
          "a\\\\b",
          "a//b",
          "a/",
          "./a",
          "a/.",
          "",
          "a\\u0000b",
          "a\\nb",
          ".fleetc-staging/x",
          "fleet.lock.json"
        }) {
      assertThatThrownBy(() -> Lock.parse(lockWith("\"" + bad + "\"")))
          .as(bad)
          .isInstanceOf(LockReader.InvalidLockException.class)
          .hasMessageStartingWith("clusters[0].artifacts[0].path: ");
    }
  }

  @Test
  void refusesWrongTypesAndDuplicateKeys() {
    assertThatThrownBy(() -> Lock.parse(lockWith("null")))
        .hasMessage("clusters[0].artifacts[0].path: is missing");
    assertThatThrownBy(() -> Lock.parse(lockWith("[\"a\"]")))
        .hasMessage("clusters[0].artifacts[0].path: must be a string, got a list");
    assertThatThrownBy(() -> Lock.parse(lockWith("\"a\", \"path\": \"../b\"")))
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("Duplicate Object property \"path\"");
  }

  /** Whatever a path is, a path that passes resolves inside the folder. */
  @Property(tries = 2000)
  void acceptedPathsStayInside(
      @ForAll @StringLength(max = 10) @Chars({'a', 'b', '.', '/', '\\', ':', '\u0000'})
          String path) {
    if (LockReader.unsafe(path) == null) {
      java.nio.file.Path root = java.nio.file.Path.of("/out");
      java.nio.file.Path resolved = root.resolve(path).normalize();
      assertThat(resolved.startsWith(root) && !resolved.equals(root)).as(path).isTrue();
      assertThat(path).doesNotContain("\\", ":", "\u0000").doesNotStartWith("/");
    }
  }
}
