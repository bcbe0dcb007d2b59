package dev.fleetc.compiler.sets;

import dev.fleetc.model.SourcePosition;
import java.util.List;
import java.util.Map;

/**
 * The rows a cluster set stamps its template with: an inventory file's records or the set's inline
 * {@code members}. Every cell keeps where it was written, so a value that turns out invalid is
 * reported at its cell.
 *
 * @param file the name diagnostics use for the inventory (the fleet file for inline members)
 * @param columns the column names, in order
 */
record Inventory(String file, List<String> columns, List<Row> rows) {

  Inventory {
    columns = List.copyOf(columns);
    rows = List.copyOf(rows);
  }

  /** A cell: its text and where it stands. */
  record Cell(String text, SourcePosition position) {}

  /**
   * One record.
   *
   * @param number the record's 1-based number (the header is not counted), for provenance
   * @param position where the record starts
   * @param cells by column name; a member may lack a column
   */
  record Row(int number, SourcePosition position, Map<String, Cell> cells) {

    Row {
      cells = Map.copyOf(cells);
    }
  }
}
