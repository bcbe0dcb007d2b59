package dev.fleetc.compiler.sets;

import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Adds to a diagnostic reported at an inventory cell a note naming the template lines the cell was
 * substituted into: the error says which value is wrong, the note says where it was used.
 */
public final class Notes {

  private final List<ClusterSets.SetNotes> sets;
  private Map<SourcePosition, String> cellNotes;

  Notes(List<ClusterSets.SetNotes> sets) {
    this.sets = List.copyOf(sets);
  }

  /** The diagnostics, those at a cell with the note appended to their hint. */
  public List<Diagnostic> annotate(List<Diagnostic> diagnostics) {
    if (sets.isEmpty() || diagnostics.isEmpty()) {
      return diagnostics;
    }
    List<Diagnostic> out = new ArrayList<>(diagnostics.size());
    for (Diagnostic d : diagnostics) {
      String note = index().get(d.position());
      out.add(
          note == null
              ? d
              : new Diagnostic(
                  d.severity(),
                  d.code(),
                  d.message(),
                  d.position(),
                  d.hint().isEmpty() ? NOTE + note : d.hint() + "\n" + NOTE + note));
    }
    return out;
  }

  /**
   * Marks a line of a hint that the renderer prints as its own {@code = note:} line. Kept inside
   * the hint so that {@link Diagnostic} keeps its shape.
   */
  public static final String NOTE = "note: ";

  // Built only when there is something to annotate: one entry per cell of every set.
  private Map<SourcePosition, String> index() {
    if (cellNotes == null) {
      Map<SourcePosition, String> index = new HashMap<>();
      for (ClusterSets.SetNotes set : sets) {
        Map<String, String> byColumn = new HashMap<>();
        set.uses()
            .forEach(
                (column, places) ->
                    byColumn.put(
                        column,
                        "column '"
                            + column
                            + "' is substituted into the template at "
                            + places.stream()
                                .map(SourcePosition::toString)
                                .collect(Collectors.joining(", "))));
        for (Inventory.Row row : set.inventory().rows()) {
          row.cells()
              .forEach(
                  (column, cell) -> {
                    String note = byColumn.get(column);
                    if (note != null) {
                      index.putIfAbsent(cell.position(), note);
                    }
                  });
        }
      }
      cellNotes = index;
    }
    return cellNotes;
  }
}
