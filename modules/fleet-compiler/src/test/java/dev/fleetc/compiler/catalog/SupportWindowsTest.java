package dev.fleetc.compiler.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Support windows are judged against the catalog's date, never the clock. */
class SupportWindowsTest {

  private final SupportWindows windows = ReleaseCatalog.builtIn().supportWindows();

  @Test
  void theLinesIssue20NamesArePastSupportAtTheCatalogsDate() {
    assertThat(windows.asOf()).isEqualTo("2026-11-27");
    assertThat(windows.ended("argocd", "3.2"))
        .map(e -> e.since())
        .contains(Optional.of("2026-08-04"));
    assertThat(windows.ended("argocd", "3.0")).isPresent();
    assertThat(windows.ended("flux", "2.6"))
        .map(e -> e.since())
        .contains(Optional.of("2026-06-30"));
    assertThat(windows.ended("flux", "2.5")).isPresent();
    assertThat(windows.ended("kubernetes", "1.31")).isPresent();
    assertThat(windows.ended("kubernetes", "1.30")).isPresent();
  }

  @Test
  void supportedLinesAndTheFirstOfThem() {
    assertThat(windows.ended("flux", "2.8")).isEmpty();
    assertThat(windows.ended("argocd", "3.4")).isEmpty();
    assertThat(windows.ended("kubernetes", "1.35")).isEmpty();
    assertThat(windows.oldestSupported("flux")).contains("2.8");
    assertThat(windows.oldestSupported("argocd")).contains("3.4");
    assertThat(windows.oldestSupported("kubernetes")).contains("1.35");
  }

  @Test
  void aDateAfterTheCatalogsIsNotYetAnEnd() throws Exception {
    String tsv =
        "component\tline\tend\tevidence\nkubernetes\t1.35\t2027-02-28\tx\nflux\t2.7\tended\tx\n";
    SupportWindows early =
        SupportWindows.parse(
            new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8)), "2027-02-27");
    SupportWindows late =
        SupportWindows.parse(
            new ByteArrayInputStream(tsv.getBytes(StandardCharsets.UTF_8)), "2027-02-28");
    assertThat(early.ended("kubernetes", "1.35")).isEmpty();
    assertThat(late.ended("kubernetes", "1.35")).isPresent();
    assertThat(early.ended("flux", "2.7"))
        .map(e -> e.when("2027-02-27"))
        .contains("by 2027-02-27 (the catalog's date)");
  }
}
