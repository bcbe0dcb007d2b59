package dev.fleetc.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.ExitCode;
import dev.fleetc.cli.Version;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@code .fleetc-staging/journal.json} that fleetc did not write for this folder (a pull request
 * can add one, with staged files whose digests match) is refused with a message: exit 4 for {@code
 * fleet compile} and {@code --check}, 1 for {@code fleet diff} (its code for any error), and
 * nothing in the folder changes. On the code before, the compile rolled the planted journal
 * forward: it overwrote a file fleetc never wrote, then reported "0 written, 0 removed" and exited
 * 0.
 */
class PlantedJournalTest {

  private static final String PLANTED = "#!/bin/sh\necho planted\n";

  @TempDir Path dir;
  Path fleet;
  Path out;
  Path staging;
  Path notes;
  Map<String, String> before;

  @BeforeEach
  void compiledFolderWithSomeoneElsesFile() throws IOException {
    fleet = OutputFixture.write(dir.resolve("fleet.yaml"), OutputFixture.OLD);
    out = dir.resolve("out");
    assertThat(OutputFixture.compile(fleet, out).exitCode()).isZero();
    notes = OutputFixture.write(out.resolve("notes.txt"), "someone else's file\n");
    staging = out.resolve(Transaction.STAGING);
  }

  /** Plants a staging folder whose journal writes {@link #PLANTED} over notes.txt. */
  private void plant(String journalJson) throws IOException {
    Files.createDirectories(staging);
    Files.writeString(staging.resolve("f0"), PLANTED);
    Files.writeString(staging.resolve(Journal.FILE), journalJson);
    before = OutputFixture.snapshot(out);
  }

  private static Journal.Step overwriteNotes() {
    return new Journal.Step(
        "notes.txt", "f0", "b0", OutputFixture.sha256(PLANTED.getBytes(StandardCharsets.UTF_8)));
  }

  private String identity(Path file) throws IOException {
    return Transaction.identity(
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
  }

  /** A journal with this fleetc's binding as a forger who could read every identity would make. */
  private Journal forged(UnaryOperator<Journal.Binding> change) throws IOException {
    Journal honest =
        Journal.sealed(
            Version.number(),
            identity(staging),
            identity(out.resolve("fleet.lock.json")),
            Journal.NO_LOCK_STEP,
            List.of(overwriteNotes()),
            List.of());
    Journal.Binding binding = change.apply(honest.binding());
    return new Journal(binding, honest.steps(), honest.createdFolders());
  }

  private static String json(Journal journal) throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (OutputStream o = bytes) {
      journal.writeJson(o);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** With the real identities: what a genuine interrupted compile would leave. */
  private Journal genuine() throws IOException {
    return forged(b -> b);
  }

  static Stream<Arguments> forgeries() {
    return Stream.of(
        Arguments.of("format 1, as the code before wrote it", "format is version 1"),
        Arguments.of("another staging folder (a checkout)", "not written into this staging folder"),
        Arguments.of("another fleetc", "written by fleetc 'fleetc 0.0.1'"),
        Arguments.of("an edited step", "digest chain does not match"),
        Arguments.of("another lock", "neither the lock"));
  }

  private String journalFor(String forgery) throws IOException {
    return switch (forgery) {
      case "format 1, as the code before wrote it" ->
          """
          {"version":1,"steps":[{"path":"notes.txt","staged":"f0","sha256":"%s","backup":"b0"}],\
          "createdFolders":[]}"""
              .formatted(overwriteNotes().sha256());
      case "another staging folder (a checkout)" ->
          json(
              forged(
                  b ->
                      sealedAgain(
                          new Journal.Binding(
                              b.fleetc(),
                              b.nonce(),
                              "(dev=803,ino=1234567)",
                              b.lockBefore(),
                              b.lockStaged(),
                              ""))));
      case "another fleetc" ->
          json(
              forged(
                  b ->
                      sealedAgain(
                          new Journal.Binding(
                              "fleetc 0.0.1",
                              b.nonce(),
                              b.staging(),
                              b.lockBefore(),
                              b.lockStaged(),
                              ""))));
      case "an edited step" ->
          json(
              new Journal(
                  genuine().binding(),
                  List.of(
                      new Journal.Step(
                          "bootstrap/one/RUNBOOK.md", "f0", "b0", overwriteNotes().sha256())),
                  List.of()));
      case "another lock" ->
          json(
              forged(
                  b ->
                      sealedAgain(
                          new Journal.Binding(
                              b.fleetc(),
                              b.nonce(),
                              b.staging(),
                              "(dev=803,ino=7654321)",
                              b.lockStaged(),
                              ""))));
      default -> throw new IllegalArgumentException(forgery);
    };
  }

  private static Journal.Binding sealedAgain(Journal.Binding b) {
    return new Journal.Binding(
        b.fleetc(),
        b.nonce(),
        b.staging(),
        b.lockBefore(),
        b.lockStaged(),
        Journal.seal(b, List.of(overwriteNotes()), List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forgeries")
  void aJournalFleetcDidNotWriteIsRefused(String forgery, String reason) throws IOException {
    Files.createDirectories(staging); // the identity of the folder the journal claims
    plant(journalFor(forgery));

    for (String[] args :
        List.of(
            new String[] {"compile", fleet.toString(), "-o", out.toString()},
            new String[] {"compile", fleet.toString(), "-o", out.toString(), "--force"},
            new String[] {"compile", fleet.toString(), "-o", out.toString(), "--check"},
            new String[] {"diff", out.toString(), fleet.toString()})) {
      OutputFixture.Run run = OutputFixture.run(args);
      // fleet diff exits 1 on any error (README); compile exits 4 as for a refused lock.
      int expected = args[0].equals("diff") ? ExitCode.INVALID : ExitCode.IO_ERROR;
      assertThat(run.exitCode()).as(String.join(" ", args) + "\n" + run.err()).isEqualTo(expected);
      assertThat(run.err())
          .as(String.join(" ", args))
          .contains(".fleetc-staging/journal.json was not written by an interrupted fleet compile")
          .contains(reason)
          .contains("changed nothing");
      assertThat(OutputFixture.snapshot(out)).as(String.join(" ", args)).isEqualTo(before);
    }
    assertThat(Files.readString(notes)).isEqualTo("someone else's file\n");
  }

  /** The same journal with the folder's real identities is acted on: recovery still works. */
  @Test
  void aGenuineJournalIsStillActedOn() throws IOException {
    Files.createDirectories(staging);
    plant(json(genuine()));
    OutputFixture.Run run = OutputFixture.compile(fleet, out);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    assertThat(run.err() + run.out()).contains("finished an interrupted compile");
    assertThat(Files.readString(notes)).isEqualTo(PLANTED);
    assertThat(staging).doesNotExist();
  }
}
