package dev.fleetc.compiler.sets;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.diagnostics.SecretMasker;
import dev.fleetc.compiler.schema.FleetSchema;
import dev.fleetc.compiler.schema.ShapeChecker;
import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Expands a fleet's {@code clusterSets} into ordinary cluster entries, before layering and
 * validation, so that every rule, output and explanation works on a set's members as on clusters
 * written by hand.
 */
public final class ClusterSets {

  private final String fleetFile;
  private final InventoryFiles files;
  private final InputLimits limits;
  private final Diagnostics diagnostics;
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final Map<String, Member> members = new LinkedHashMap<>();
  private final List<SetNotes> notes = new ArrayList<>();
  private long charsLeft;

  private ClusterSets(
      String fleetFile, InventoryFiles files, InputLimits limits, Diagnostics diagnostics) {
    this.fleetFile = fleetFile;
    this.files = files;
    this.limits = limits;
    this.diagnostics = diagnostics;
    this.charsLeft = limits.maxExpandedChars();
  }

  /**
   * Where a set's member came from.
   *
   * @param set the set's name
   * @param file the inventory file as diagnostics name it (the fleet file for inline members)
   * @param row the member's 1-based row (header not counted) or position in {@code members}
   */
  public record Member(String set, String file, int row) {

    /** e.g. {@code set stores, stores.csv row 12}. */
    public String describe() {
      return "set " + set + ", " + file + " row " + row;
    }
  }

  /**
   * The fleet with its sets expanded.
   *
   * @param fleet the fleet mapping, {@code clusterSets} replaced by the members appended to {@code
   *     clusters}
   * @param members where each member cluster came from, by cluster name
   * @param sources the text of each inventory file read, by the name diagnostics use for it
   */
  public record Expansion(
      YMap fleet, Map<String, Member> members, Map<String, String> sources, Notes notes) {}

  /**
   * Expands every set of the fleet; problems go to {@code diagnostics}.
   *
   * @param fleetFile the fleet file's name as diagnostics use it; inventories are named relative to
   *     its folder
   */
  public static Expansion expand(
      String fleetFile,
      YMap fleet,
      InventoryFiles files,
      InputLimits limits,
      Diagnostics diagnostics) {
    return new ClusterSets(fleetFile, files, limits, diagnostics).expand(fleet);
  }

  private Expansion expand(YMap fleet) {
    Optional<YMap.Entry> setsEntry = fleet.entry("clusterSets");
    if (setsEntry.isEmpty()) {
      if (fleet.get("clusters").isEmpty()) {
        diagnostics.error(
            ErrorCode.MISSING_FIELD,
            fleet.position(),
            "the fleet needs 'clusters' or 'clusterSets'",
            "The clusters");
      }
      return new Expansion(fleet, Map.of(), Map.of(), new Notes(List.of()));
    }
    List<YNode> stamped = new ArrayList<>();
    long budget = limits.maxNodes();
    YNode sets = setsEntry.get().value();
    if (!(sets instanceof YSeq seq)) {
      diagnostics.error(
          ErrorCode.WRONG_TYPE,
          sets.position(),
          "'clusterSets' must be a list, not " + sets.describe(),
          "write a list of sets: '- name: stores'");
    } else {
      for (int i = 0; i < seq.items().size(); i++) {
        YNode item = seq.items().get(i);
        new ShapeChecker(diagnostics)
            .check(item, FleetSchema.CLUSTER_SET_DECLARATION, "clusterSets[" + i + "]");
        if (item instanceof YMap set) {
          budget = expandSet(set, stamped, budget);
        }
      }
    }
    List<YMap.Entry> entries = new ArrayList<>();
    boolean clustersSeen = false;
    for (YMap.Entry e : fleet.entries()) {
      if (e.key().equals("clusterSets")) {
        continue;
      }
      if (e.key().equals("clusters") && e.value() instanceof YSeq written) {
        List<YNode> all = new ArrayList<>(written.items());
        all.addAll(stamped);
        entries.add(new YMap.Entry(e.key(), e.keyPosition(), new YSeq(all, written.position())));
        clustersSeen = true;
      } else {
        entries.add(e);
        clustersSeen |= e.key().equals("clusters");
      }
    }
    if (!clustersSeen) {
      entries.add(
          new YMap.Entry(
              "clusters", setsEntry.get().keyPosition(), new YSeq(stamped, sets.position())));
    }
    return new Expansion(
        new YMap(entries, fleet.position()),
        Map.copyOf(members),
        Map.copyOf(sources),
        new Notes(notes));
  }

  // Returns the node budget left.
  private long expandSet(YMap set, List<YNode> out, long budget) {
    String setName =
        set.get("name").filter(YScalar.class::isInstance).map(n -> ((YScalar) n).text()).orElse("");
    Optional<YNode> template = set.get("cluster").filter(YMap.class::isInstance);
    if (template.isEmpty() || setName.isEmpty()) {
      return budget; // the shape check reported it
    }
    Optional<YMap.Entry> inventoryEntry = set.entry("inventory");
    Optional<YMap.Entry> membersEntry = set.entry("members");
    if (inventoryEntry.isPresent() == membersEntry.isPresent()) {
      diagnostics.error(
          ErrorCode.SET_DECLARATION,
          inventoryEntry.map(YMap.Entry::keyPosition).orElse(set.position()),
          "cluster set '"
              + setName
              + "' needs "
              + (inventoryEntry.isPresent() ? "either" : "one of")
              + " 'inventory' or 'members'"
              + (inventoryEntry.isPresent() ? ", not both" : ""),
          "name a CSV file with 'inventory: stores.csv', or list the rows under 'members:'");
      return budget;
    }
    YMap templateMap = (YMap) template.get();
    Optional<YMap.Entry> profile = set.entry("profile");
    if (profile.isPresent() && templateMap.get("profile").isPresent()) {
      diagnostics.error(
          ErrorCode.SET_DECLARATION,
          templateMap.entry("profile").orElseThrow().keyPosition(),
          "cluster set '" + setName + "' sets the profile twice: on the set and in its template",
          "keep 'profile' on the set");
      return budget;
    }
    Template stencil = new Template(withProfile(templateMap, profile));
    java.util.Set<String> secretColumns = stencil.secretColumns();
    Map<String, List<SourcePosition>> uses = stencil.uses();
    CsvInventory.Reading reading =
        new CsvInventory.Reading(
            secretColumns,
            uses.keySet(),
            budget / Math.max(1, stencil.nodeCount()),
            "cluster set '"
                + setName
                + "' expands to more YAML nodes than the "
                + budget
                + " left of the limit (FLEETC_MAX_YAML_NODES)");
    Optional<Inventory> inventory =
        inventoryEntry.isPresent()
            ? readInventory(inventoryEntry.get().value(), reading)
            : inlineMembers(membersEntry.get().value());
    if (inventory.isEmpty()) {
      return budget;
    }
    if (membersEntry.isPresent()) {
      markSecrets(inventory.get(), secretColumns);
    }
    if (!checkColumns(setName, set, inventory.get(), uses)) {
      return budget;
    }
    long cost = (long) stencil.nodeCount() * inventory.get().rows().size();
    if (cost > budget) {
      diagnostics.error(
          ErrorCode.SET_LIMIT,
          set.entry("name").orElseThrow().value().position(),
          "cluster set '"
              + setName
              + "' expands to "
              + cost
              + " YAML nodes, more than the "
              + budget
              + " left of the limit",
          "raise FLEETC_MAX_YAML_NODES if the fleet is really that large");
      return budget;
    }
    if (!withinCharacterBudget(setName, set, stencil, inventory.get())) {
      return budget;
    }
    notes.add(new SetNotes(inventory.get(), uses));
    String nameTemplate =
        templateMap
            .get("name")
            .filter(YScalar.class::isInstance)
            .map(n -> ((YScalar) n).text())
            .orElse("");
    if (!nameTemplate.contains("{{") && inventory.get().rows().size() > 1) {
      diagnostics.error(
          ErrorCode.SET_DECLARATION,
          templateMap.get("name").orElseThrow().position(),
          "every member of cluster set '" + setName + "' would be named '" + nameTemplate + "'",
          "put a column in the name, e.g. name: \"store-{{id}}\"");
      return budget;
    }
    for (Inventory.Row row : inventory.get().rows()) {
      YMap cluster = stencil.stamp(row, diagnostics);
      out.add(cluster);
      cluster
          .get("name")
          .filter(YScalar.class::isInstance)
          .ifPresent(
              n ->
                  members.putIfAbsent(
                      ((YScalar) n).text(),
                      new Member(setName, inventory.get().file(), row.number())));
    }
    return budget - cost;
  }

  /**
   * Counts the characters the set's members would hold before stamping any: no stamped string may
   * be longer than a fleet file's longest ({@code FLEETC_MAX_STRING_CHARS}), and all sets together
   * stamp at most {@code FLEETC_MAX_EXPANDED_CHARS}.
   */
  private boolean withinCharacterBudget(
      String setName, YMap set, Template stencil, Inventory inventory) {
    long chars = 0;
    for (Inventory.Row row : inventory.rows()) {
      Template.Cost cost = stencil.cost(row, limits.maxScalarChars());
      if (cost.tooLongAt() != null) {
        diagnostics.error(
            ErrorCode.SET_LIMIT,
            row.position(),
            "this member of cluster set '"
                + setName
                + "' stamps a string of "
                + cost.tooLongChars()
                + " characters (template at line "
                + cost.tooLongAt().line()
                + "), longer than the limit of "
                + limits.maxScalarChars()
                + " (FLEETC_MAX_STRING_CHARS)",
            "raise FLEETC_MAX_STRING_CHARS if such a long value is really meant");
        return false;
      }
      chars += cost.chars();
      if (chars > charsLeft) {
        diagnostics.error(
            ErrorCode.SET_LIMIT,
            set.entry("name").orElseThrow().value().position(),
            "cluster set '"
                + setName
                + "' expands to more than the "
                + charsLeft
                + " characters left of the limit of "
                + limits.maxExpandedChars()
                + " stamped characters (FLEETC_MAX_EXPANDED_CHARS)",
            "raise FLEETC_MAX_EXPANDED_CHARS if the fleet is really that large");
        return false;
      }
    }
    charsLeft -= chars;
    return true;
  }

  /**
   * No diagnostic may print a secret: the cells of a column that lands in a secret-bearing field or
   * whose name sounds like a credential, and any cell that looks like a credential by itself, are
   * recorded as secrets before anything is reported about them.
   */
  private void markSecrets(Inventory inventory, java.util.Set<String> secretFields) {
    java.util.Set<String> secret = new java.util.HashSet<>(secretFields);
    inventory.columns().stream().filter(SecretMasker::isCredentialName).forEach(secret::add);
    for (Inventory.Row row : inventory.rows()) {
      row.cells()
          .forEach(
              (column, cell) -> {
                if (secret.contains(column) || SecretMasker.looksLikeCredential(cell.text())) {
                  diagnostics.secret(cell.position(), cell.text());
                }
              });
    }
  }

  // The set's profile becomes each member's own 'profile' entry, placed where the set declares it.
  private static YMap withProfile(YMap template, Optional<YMap.Entry> profile) {
    if (profile.isEmpty()) {
      return template;
    }
    List<YMap.Entry> entries = new ArrayList<>(template.entries());
    entries.add(profile.get());
    return new YMap(entries, template.position());
  }

  private boolean checkColumns(
      String setName, YMap set, Inventory inventory, Map<String, List<SourcePosition>> uses) {
    boolean ok = true;
    for (Map.Entry<String, List<SourcePosition>> use : uses.entrySet()) {
      if (!inventory.columns().contains(use.getKey())) {
        for (SourcePosition at : use.getValue()) {
          diagnostics.error(
              ErrorCode.SET_PLACEHOLDER,
              at,
              "placeholder {{"
                  + use.getKey()
                  + "}} names no column of "
                  + (inventory.file().equals(fleetFile)
                      ? "the members of cluster set '" + setName + "'"
                      : inventory.file()),
              dev.fleetc.compiler.diagnostics.Suggestions.closest(use.getKey(), inventory.columns())
                      .map(c -> "did you mean {{" + c + "}}? ")
                      .orElse("")
                  + "columns: "
                  + String.join(", ", inventory.columns()));
        }
        ok = false;
        continue;
      }
      for (Inventory.Row row : inventory.rows()) {
        if (!row.cells().containsKey(use.getKey())) {
          diagnostics.error(
              ErrorCode.SET_PLACEHOLDER,
              row.position(),
              "this member of cluster set '" + setName + "' has no '" + use.getKey() + "'",
              "the template uses {{" + use.getKey() + "}} at line " + use.getValue().get(0).line());
          ok = false;
        }
      }
    }
    for (String column : inventory.columns()) {
      if (!uses.containsKey(column)) {
        diagnostics.warning(
            ErrorCode.SET_UNUSED_COLUMN,
            set.get("inventory").or(() -> set.get("members")).orElseThrow().position(),
            "column '" + column + "' of cluster set '" + setName + "' is used by no placeholder",
            "use it in the template as {{" + column + "}}, or drop the column");
      }
    }
    return ok;
  }

  private Optional<Inventory> readInventory(YNode value, CsvInventory.Reading reading) {
    if (!(value instanceof YScalar scalar) || scalar.isNull()) {
      return Optional.empty(); // the shape check reported it
    }
    String path = scalar.text();
    Optional<String> unsafe = InventoryPaths.problem(path);
    if (unsafe.isPresent()) {
      diagnostics.error(
          ErrorCode.SET_INVENTORY_UNREADABLE,
          scalar.position(),
          "inventory '" + path + "' " + unsafe.get(),
          "name a file in the fleet file's folder or below it, e.g. inventory: stores.csv");
      return Optional.empty();
    }
    String name = InventoryPaths.displayName(fleetFile, path);
    String text;
    try {
      text = files.read(path, limits.maxInventoryBytes());
    } catch (InventoryFiles.Unreadable e) {
      diagnostics.error(
          ErrorCode.SET_INVENTORY_UNREADABLE,
          scalar.position(),
          "inventory '" + path + "': " + e.getMessage(),
          "the path is relative to the folder of " + fleetFile);
      return Optional.empty();
    }
    sources.put(name, text);
    return CsvInventory.parse(name, text, limits, diagnostics, reading);
  }

  private Optional<Inventory> inlineMembers(YNode value) {
    if (!(value instanceof YSeq seq)) {
      return Optional.empty(); // the shape check reported it
    }
    List<String> columns = new ArrayList<>();
    List<Inventory.Row> rows = new ArrayList<>();
    boolean ok = true;
    for (YNode item : seq.items()) {
      if (!(item instanceof YMap member)) {
        return Optional.empty(); // the shape check reported it
      }
      Map<String, Inventory.Cell> cells = new LinkedHashMap<>();
      for (YMap.Entry e : member.entries()) {
        if (!(e.value() instanceof YScalar cell) || cell.isNull()) {
          diagnostics.error(
              ErrorCode.WRONG_TYPE,
              e.value().position(),
              "member value '" + e.key() + "' must be a single value, not " + e.value().describe(),
              "members hold one text per column, as a CSV row would");
          ok = false;
          continue;
        }
        if (!columns.contains(e.key())) {
          columns.add(e.key());
        }
        cells.put(e.key(), new Inventory.Cell(cell.text(), cell.position()));
      }
      rows.add(new Inventory.Row(rows.size() + 1, member.position(), cells));
    }
    return ok ? Optional.of(new Inventory(fleetFile, columns, rows)) : Optional.empty();
  }

  /** A set's inventory and where its template names each column, for notes on diagnostics. */
  record SetNotes(Inventory inventory, Map<String, List<SourcePosition>> uses) {}
}
