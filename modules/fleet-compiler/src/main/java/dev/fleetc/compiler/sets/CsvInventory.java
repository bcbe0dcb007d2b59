package dev.fleetc.compiler.sets;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.diagnostics.SecretMasker;
import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvReadFeature;

/**
 * Reads an inventory: CSV per RFC 4180 with a header row (quoted fields with commas, quotes and
 * line breaks, CRLF or LF line ends, an optional UTF-8 byte-order mark), parsed by Jackson's CSV
 * module, which also tells where each cell starts.
 */
final class CsvInventory {

  // Rows as arrays of strings: the header is read as the first row, so its cells have positions.
  private static final CsvMapper CSV =
      CsvMapper.builder()
          .enable(CsvReadFeature.WRAP_AS_ARRAY)
          .enable(CsvReadFeature.SKIP_EMPTY_LINES)
          .build();

  private CsvInventory() {}

  /**
   * @param file the name diagnostics use for the file
   * @return the inventory, or empty when it is malformed (reported to {@code diagnostics})
   */
  static Optional<Inventory> parse(
      String file, String text, InputLimits limits, Diagnostics diagnostics) {
    return parse(file, text, limits, diagnostics, new Reading(Set.of(), null, Long.MAX_VALUE, ""));
  }

  /**
   * How to read an inventory for one cluster set.
   *
   * @param secretColumns the columns whose cells land in a secret-bearing field: they, the cells of
   *     columns named like credentials and cells that look like credentials are recorded as secrets
   *     (never printed by a diagnostic), malformed rows included
   * @param used the columns the template uses, whose cells are kept (null: all); the others are
   *     only counted, so that an inventory costs memory for what it feeds
   * @param rowBudget the most rows the set may expand (the node budget left over the template's
   *     nodes): reading stops past it instead of holding rows that would be refused anyway
   * @param overBudget the message when {@code rowBudget} is exceeded
   */
  record Reading(Set<String> secretColumns, Set<String> used, long rowBudget, String overBudget) {}

  static Optional<Inventory> parse(
      String file, String text, InputLimits limits, Diagnostics diagnostics, Reading reading) {
    Set<String> secretColumns = reading.secretColumns();
    // The mark is not data: without it the first column would be named "\uFEFFid".
    String body = text.startsWith("\uFEFF") ? text.substring(1) : text;
    List<List<Inventory.Cell>> records = new ArrayList<>();
    try (JsonParser parser = CSV.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return emptyFile(file, diagnostics);
      }
      List<Inventory.Cell> record = null;
      boolean[] secret = null; // by column index, once the header is read
      boolean[] keep = null;
      SourcePosition last = null;
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.START_ARRAY) {
          record = new ArrayList<>();
        } else if (token == JsonToken.END_ARRAY) {
          if (record != null && !record.isEmpty()) {
            if (records.isEmpty()) {
              secret = new boolean[record.size()];
              keep = new boolean[record.size()];
              for (int c = 0; c < record.size(); c++) {
                String name = record.get(c).text().strip();
                secret[c] = secretColumns.contains(name) || SecretMasker.isCredentialName(name);
                keep[c] = c == 0 || reading.used() == null || reading.used().contains(name);
              }
            } else if (record.get(record.size() - 1) == null) {
              // The last cell keeps its place: a row of the wrong length is reported there.
              record.set(record.size() - 1, new Inventory.Cell(null, last)); // not kept
            }
            records.add(record);
            if (records.size() - 1 > limits.maxInventoryRows()) {
              diagnostics.error(
                  ErrorCode.SET_LIMIT,
                  record.get(0).position(),
                  "the inventory has more than " + limits.maxInventoryRows() + " rows",
                  "raise FLEETC_MAX_INVENTORY_ROWS if the fleet is really that large");
              return Optional.empty();
            }
            if (records.size() - 1 > reading.rowBudget()) {
              diagnostics.error(
                  ErrorCode.SET_LIMIT,
                  record.get(0).position(),
                  reading.overBudget(),
                  "raise FLEETC_MAX_YAML_NODES if the fleet is really that large");
              return Optional.empty();
            }
          }
          record = null;
        } else if (token == JsonToken.VALUE_STRING && record != null) {
          int c = record.size();
          String cell = parser.getString();
          if (secret == null) {
            record.add(new Inventory.Cell(cell, at(file, parser)));
            continue;
          }
          last = at(file, parser);
          if ((c < secret.length && secret[c]) || SecretMasker.looksLikeCredential(cell)) {
            diagnostics.secret(last, cell);
          }
          record.add(c < keep.length && keep[c] ? new Inventory.Cell(cell, last) : null);
        }
      }
    } catch (JacksonException e) {
      TokenStreamLocation where = e.getLocation();
      String header = body.lines().findFirst().orElse("");
      if (where != null
          && java.util.Arrays.stream(header.split(","))
              .map(c -> c.replace("\"", "").strip())
              .anyMatch(c -> secretColumns.contains(c) || SecretMasker.isCredentialName(c))) {
        // The quoted line may hold a secret cell that was never parsed: hide the whole line.
        body.lines()
            .skip(Math.max(0, where.getLineNr() - 1))
            .findFirst()
            .ifPresent(line -> diagnostics.secret(SourcePosition.NONE, line));
      }
      diagnostics.error(
          ErrorCode.SET_INVENTORY_FORMAT,
          where == null
              ? new SourcePosition(file, 1, 1)
              : new SourcePosition(
                  file, Math.max(1, where.getLineNr()), Math.max(1, where.getColumnNr())),
          "the inventory is not valid CSV: " + e.getOriginalMessage(),
          "fields holding commas, quotes or line breaks are quoted with \"...\", and a quote"
              + " inside one is doubled (\"\")");
      return Optional.empty();
    }
    if (records.isEmpty()) {
      return emptyFile(file, diagnostics);
    }
    return toInventory(file, records, diagnostics);
  }

  private static Optional<Inventory> toInventory(
      String file, List<List<Inventory.Cell>> records, Diagnostics diagnostics) {
    List<Inventory.Cell> header = records.get(0);
    List<String> columns = new ArrayList<>();
    Map<String, SourcePosition> seen = new HashMap<>();
    boolean ok = true;
    for (Inventory.Cell cell : header) {
      String name = cell.text().strip();
      SourcePosition first = seen.putIfAbsent(name, cell.position());
      if (name.isEmpty() || first != null) {
        diagnostics.error(
            ErrorCode.SET_INVENTORY_FORMAT,
            cell.position(),
            name.isEmpty()
                ? "a column of the header row has no name"
                : "column '" + name + "' is named twice in the header row",
            "the first row names each column once; templates refer to them as {{name}}");
        ok = false;
      }
      columns.add(name);
    }
    List<Inventory.Row> rows = new ArrayList<>();
    for (int i = 1; i < records.size(); i++) {
      List<Inventory.Cell> record = records.get(i);
      if (record.size() != columns.size()) {
        diagnostics.error(
            ErrorCode.SET_INVENTORY_FORMAT,
            Optional.ofNullable(record.get(Math.min(record.size(), columns.size()) - 1))
                .orElse(record.get(record.size() - 1))
                .position(),
            "row "
                + i
                + " has "
                + record.size()
                + (record.size() == 1 ? " field" : " fields")
                + ", the header names "
                + columns.size()
                + " columns",
            "every row has one field per column; quote fields that hold commas");
        ok = false;
        continue;
      }
      Map<String, Inventory.Cell> cells = new LinkedHashMap<>();
      for (int c = 0; c < columns.size(); c++) {
        if (record.get(c) != null && record.get(c).text() != null) {
          cells.put(columns.get(c), record.get(c));
        }
      }
      rows.add(new Inventory.Row(i, record.get(0).position(), cells));
    }
    return ok ? Optional.of(new Inventory(file, columns, rows)) : Optional.empty();
  }

  private static SourcePosition at(String file, JsonParser parser) {
    TokenStreamLocation where = parser.currentTokenLocation();
    return new SourcePosition(
        file, Math.max(1, where.getLineNr()), Math.max(1, where.getColumnNr()));
  }

  private static Optional<Inventory> emptyFile(String file, Diagnostics diagnostics) {
    diagnostics.error(
        ErrorCode.SET_INVENTORY_FORMAT,
        new SourcePosition(file, 1, 1),
        "the inventory is empty",
        "its first row names the columns, e.g. id,region,subnet");
    return Optional.empty();
  }
}
