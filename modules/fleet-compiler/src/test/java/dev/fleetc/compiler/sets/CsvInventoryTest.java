package dev.fleetc.compiler.sets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.SourcePosition;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

/** Inventories are CSV per RFC 4180, read by Jackson's CSV module, every cell with its place. */
class CsvInventoryTest {

  private static Inventory parse(String text) {
    Diagnostics diagnostics = new Diagnostics();
    Optional<Inventory> inventory =
        CsvInventory.parse("stores.csv", text, InputLimits.DEFAULTS, diagnostics);
    assertThat(diagnostics.all()).isEmpty();
    return inventory.orElseThrow();
  }

  private static List<Diagnostic> problems(String text) {
    Diagnostics diagnostics = new Diagnostics();
    CsvInventory.parse("stores.csv", text, InputLimits.DEFAULTS, diagnostics);
    return diagnostics.all();
  }

  @Test
  void quotedFieldsHoldCommasQuotesAndLineBreaks() {
    Inventory inventory =
        parse("id,city,note\n0001,\"Lyon, Part-Dieu\",\"say \"\"hi\"\"\"\n0002,\"two\nlines\",x\n");
    assertThat(inventory.columns()).containsExactly("id", "city", "note");
    assertThat(inventory.rows()).hasSize(2);
    assertThat(inventory.rows().get(0).cells().get("city").text()).isEqualTo("Lyon, Part-Dieu");
    assertThat(inventory.rows().get(0).cells().get("note").text()).isEqualTo("say \"hi\"");
    assertThat(inventory.rows().get(1).cells().get("city").text()).isEqualTo("two\nlines");
    // Positions count lines as an editor does, the header being line 1.
    assertThat(inventory.rows().get(0).cells().get("city").position())
        .isEqualTo(new SourcePosition("stores.csv", 2, 6));
    assertThat(inventory.rows().get(1).cells().get("id").position())
        .isEqualTo(new SourcePosition("stores.csv", 3, 1));
    assertThat(inventory.rows().get(1).cells().get("note").position().line()).isEqualTo(4);
  }

  @Test
  void byteOrderMarkAndCrlfAreNotData() {
    Inventory inventory = parse("\uFEFFid,region\r\n0001,eu\r\n0002,us\r\n");
    assertThat(inventory.columns()).containsExactly("id", "region");
    assertThat(inventory.rows().get(1).cells().get("region").text()).isEqualTo("us");
    assertThat(inventory.rows().get(1).cells().get("region").position())
        .isEqualTo(new SourcePosition("stores.csv", 3, 6));
  }

  @Test
  void blankLinesAndAMissingFinalNewlineAreFine() {
    Inventory inventory = parse("id,region\n0001,eu\n\n0002,us");
    assertThat(inventory.rows()).extracting(Inventory.Row::number).containsExactly(1, 2);
  }

  @Test
  void raggedRowsAndBadHeadersAreReportedWhereTheyStand() {
    assertThat(problems("id,region\n0001,eu,extra\n"))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.code()).isEqualTo("FLEET-E062");
              assertThat(d.position().line()).isEqualTo(2);
              assertThat(d.message()).contains("row 1 has 3 fields, the header names 2");
            });
    assertThat(problems("id,id\n1,2\n"))
        .extracting(Diagnostic::message)
        .containsExactly("column 'id' is named twice in the header row");
    assertThat(problems("")).extracting(Diagnostic::code).containsExactly("FLEET-E062");
  }

  @Test
  void rowsBeyondTheLimitAreRefused() {
    Diagnostics diagnostics = new Diagnostics();
    InputLimits two = new InputLimits(1 << 20, 64, 1_000_000, 1000, 1000, 1 << 20, 2);
    CsvInventory.parse("s.csv", "id\n1\n2\n3\n", two, diagnostics);
    assertThat(diagnostics.all()).extracting(Diagnostic::code).containsExactly("FLEET-E064");
  }

  @Test
  void fiftyThousandRowsAreRead() {
    StringBuilder csv = new StringBuilder("id,region,subnet\n");
    for (int i = 0; i < 50_000; i++) {
      csv.append(String.format("%05d,r%d,10.%d.%d%n", i, i % 7, i / 250, i % 250));
    }
    Inventory inventory = parse(csv.toString());
    assertThat(inventory.rows()).hasSize(50_000);
    assertThat(inventory.rows().get(49_999).cells().get("id").position().line()).isEqualTo(50_001);
  }

  /** Whatever the field text, quoting it as RFC 4180 says reads it back unchanged. */
  @Property(tries = 200)
  void anyQuotedTextRoundTrips(
      @ForAll @Size(min = 1, max = 4) List<@StringLength(max = 12) String> fields) {
    StringBuilder row = new StringBuilder();
    StringBuilder header = new StringBuilder();
    for (int i = 0; i < fields.size(); i++) {
      header.append(i == 0 ? "" : ",").append("c").append(i);
      row.append(i == 0 ? "" : ",")
          .append('"')
          .append(fields.get(i).replace("\"", "\"\""))
          .append('"');
    }
    Diagnostics diagnostics = new Diagnostics();
    Optional<Inventory> inventory =
        CsvInventory.parse(
            "p.csv", header + "\r\n" + row + "\r\n", InputLimits.DEFAULTS, diagnostics);
    assertThat(inventory).isPresent();
    for (int i = 0; i < fields.size(); i++) {
      assertThat(inventory.get().rows().get(0).cells().get("c" + i).text())
          .isEqualTo(fields.get(i));
    }
  }
}
