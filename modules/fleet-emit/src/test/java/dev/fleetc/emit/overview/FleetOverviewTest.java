package dev.fleetc.emit.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.model.Fleet;
import org.junit.jupiter.api.Test;

class FleetOverviewTest {

  @Test
  void oneRowPerClusterInNameOrder() {
    String md = FleetOverview.render(Fleets.compile(Fleets.AWKWARD));
    assertThat(md)
        .contains("| cluster | distribution | version | datastore | region | nodes | GitOps |")
        .contains(
            "| a | k3s | v1.31.14+k3s1 (Kubernetes 1.31) | sqlite | eu-west.1_b"
                + " | 1 control-plane | none |")
        .contains(
            "| end | k3s | v1.31.14+k3s1 (Kubernetes 1.31) | sqlite |  | 1 control-plane, 1"
                + " worker | none |");
    assertThat(md.indexOf("| a |")).isLessThan(md.indexOf("| end |"));
    assertThat(md.indexOf("| end |")).isLessThan(md.indexOf("| subgraph |"));
  }

  @Test
  void namesOnlyAppearInsideQuotedLabelsOfTheDiagram() {
    String diagram = FleetOverview.diagram("awkward", Fleets.compile(Fleets.AWKWARD).clusters());
    assertThat(diagram)
        .contains("subgraph r1[\"end\"]")
        .contains("subgraph r2[\"eu-west.1_b\"]")
        .contains("subgraph r0[\"" + FleetOverview.NO_REGION + "\"]");
  }

  @Test
  void labelsAndCellsEscapeWhatMermaidAndMarkdownTreat() {
    assertThat(FleetOverview.label("eu \"west\" #1 <b>|&; end"))
        .isEqualTo("eu #quot;west#quot; #35;1 #lt;b#gt;|#amp;; end");
    assertThat(FleetOverview.cell("a|b")).isEqualTo("a\\|b");
  }

  @Test
  void labelsShowBackticksAndLineOrFormatCharactersAsEntityCodes() {
    // Issue 18: a backtick makes a Markdown string of a label; U+2028 ends a line for Mermaid's
    // JavaScript lexer; ESC and bidi overrides have no place in a diagram.
    assertThat(FleetOverview.label("`a`\u2028b\u001bc\u202ed\u0085e"))
        .isEqualTo("#96;a#96;#8232;b#27;c#8238;d#133;e");
    assertThat(FleetOverview.label("gr\u00fc\u00dfe \ud83d\ude00"))
        .isEqualTo("gr\u00fc\u00dfe \ud83d\ude00");
  }

  @Test
  void isListedInTheLockOutsideEveryCluster() {
    Fleet fleet = Fleets.compile(Fleets.AWKWARD);
    CompiledFleet compiled = FleetEmitter.standard().emit(fleet, c -> true, "fleetc test");
    Lock lock = compiled.lockModel();
    assertThat(lock.files())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path()).isEqualTo("FLEET.md");
              assertThat(f.kind()).isEqualTo("other");
              assertThat(f.sha256()).isEqualTo(compiled.fleetFiles().get(0).sha256());
            });
    assertThat(lock.paths()).contains("FLEET.md");
    assertThat(lock.clusters())
        .allSatisfy(c -> assertThat(c.artifacts()).noneMatch(a -> a.path().equals("FLEET.md")));
    assertThat(Lock.parse(lock.toJson())).isEqualTo(lock);
  }

  @Test
  void aPartialCompileWritesTheWholeFleetsOverview() {
    Fleet fleet = Fleets.compile(Fleets.AWKWARD);
    CompiledFleet one = FleetEmitter.standard().emit(fleet, c -> c.name().equals("a"), "t");
    CompiledFleet all = FleetEmitter.standard().emit(fleet, c -> true, "t");
    assertThat(one.fleetFiles()).isEqualTo(all.fleetFiles());
  }

  @Test
  void aLockWithoutFleetFilesStillReads() {
    Lock old = Lock.parse("{\"fleet\": \"f\", \"generator\": \"g\", \"clusters\": []}");
    assertThat(old.files()).isEmpty();
    assertThat(old.toJson()).doesNotContain("files");
  }
}
