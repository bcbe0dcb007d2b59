package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What an import could not carry over as it was: warnings and errors, in the order found. */
public final class ImportReport {

  /** One message. {@code code} is a FLEET-Ennn or FLEET-Wnnn code. */
  public record Entry(String file, String code, boolean error, String message) {
    @Override
    public String toString() {
      return file + ": " + (error ? "error" : "warning") + "[" + code + "]: " + message;
    }
  }

  /** A file that is not a configuration import reads, or not one it can use. */
  public static final String UNUSABLE = ErrorCode.IMPORT_UNUSABLE.code();

  /** Node configurations that do not form one cluster (no server, conflicting settings). */
  public static final String INCONSISTENT = ErrorCode.IMPORT_INCONSISTENT.code();

  /** An inline secret became a reference: the user must set the variable. */
  public static final String SECRET = ErrorCode.IMPORT_SECRET.code();

  /** A setting the language cannot express: kept in an escape hatch, or not imported. */
  public static final String NOT_EXPRESSED = ErrorCode.IMPORT_NOT_EXPRESSED.code();

  /** A key or value holding a character refused in anything fleetc writes (issue 18). */
  public static final String UNSAFE = ErrorCode.UNSAFE_CHARACTER.code();

  private final List<Entry> entries = new ArrayList<>();
  private final Map<String, List<int[]>> hostPositions = new HashMap<>();
  private final Map<Map<String, Object>, SourcePosition> nodeOrigins = new IdentityHashMap<>();
  private final Map<String, Map<String, int[]>> inputPositions = new HashMap<>();
  private final Map<Map<String, Object>, ImportOrigins> clusterOrigins = new IdentityHashMap<>();

  /** Where each key of an input file is written ({@link Yaml11#positions}). */
  void inputPositions(String file, Map<String, int[]> positions) {
    inputPositions.put(file, positions);
  }

  /** Where key {@code path} of input {@code file} is written, if it is. */
  Optional<SourcePosition> inputPosition(String file, String path) {
    int[] at = inputPositions.getOrDefault(file, Map.of()).get(path);
    return at == null ? Optional.empty() : Optional.of(new SourcePosition(file, at[0], at[1]));
  }

  /** {@code FILE:LINE:COLUMN} of key {@code path} (or its nearest enclosing key), else FILE. */
  String located(String file, String path) {
    for (String at = path; !at.isEmpty(); at = ImportOrigins.parent(at)) {
      Optional<SourcePosition> found = inputPosition(file, at);
      if (found.isPresent()) {
        return found.get().toString();
      }
    }
    return file;
  }

  /** Where the parts of an imported cluster (its map, by identity) came from. */
  void clusterFrom(Map<String, Object> cluster, ImportOrigins origins) {
    clusterOrigins.put(cluster, origins);
  }

  /** Where the parts of an imported cluster came from, if recorded. */
  Optional<ImportOrigins> clusterOrigin(Map<String, Object> cluster) {
    return Optional.ofNullable(clusterOrigins.get(cluster));
  }

  /** Where the items of a k0sctl file's {@code spec.hosts} start, for {@link #nodeFrom}. */
  void hostPositions(String file, List<int[]> positions) {
    hostPositions.put(file, positions);
  }

  /** Where host {@code index} of a k0sctl file starts; the file's start when unknown. */
  SourcePosition hostPosition(String file, int index) {
    List<int[]> positions = hostPositions.getOrDefault(file, List.of());
    if (index < positions.size() && positions.get(index)[0] > 0) {
      return new SourcePosition(file, positions.get(index)[0], positions.get(index)[1]);
    }
    return new SourcePosition(file, 1, 1);
  }

  /** Which entry of a k0sctl file's {@code spec.hosts} starts at {@code at}, if one does. */
  Optional<Integer> hostIndex(SourcePosition at) {
    List<int[]> positions = hostPositions.getOrDefault(at.file(), List.of());
    for (int i = 0; i < positions.size(); i++) {
      if (positions.get(i)[0] == at.line() && positions.get(i)[1] == at.column()) {
        return Optional.of(i);
      }
    }
    return Optional.empty();
  }

  /** The input that an imported node (its map, by identity) was made from. */
  void nodeFrom(Map<String, Object> node, SourcePosition input) {
    nodeOrigins.put(node, input);
  }

  /** Where in its input an imported node was written, if recorded. */
  Optional<SourcePosition> nodeOrigin(Map<String, Object> node) {
    return Optional.ofNullable(nodeOrigins.get(node));
  }

  public void error(String file, String message) {
    entries.add(new Entry(file, UNUSABLE, true, message));
  }

  /** An error at a place in its input: printed as {@code FILE:LINE:COLUMN: error[...]}. */
  void error(SourcePosition at, String message) {
    String where = at.line() > 0 ? at.file() + ":" + at.line() + ":" + at.column() : at.file();
    entries.add(new Entry(where, UNUSABLE, true, message));
  }

  public void unsafe(String file, String message) {
    entries.add(new Entry(file, UNSAFE, true, message));
  }

  public void inconsistent(String file, String message) {
    entries.add(new Entry(file, INCONSISTENT, true, message));
  }

  public void secret(String file, String message) {
    entries.add(new Entry(file, SECRET, false, message));
  }

  public void notExpressed(String file, String message) {
    entries.add(new Entry(file, NOT_EXPRESSED, false, message));
  }

  /** A key the tool at the pinned version no longer has (FLEET-W030): not imported. */
  public void removedUpstream(String file, String message) {
    entries.add(new Entry(file, ErrorCode.IMPORT_REMOVED_UPSTREAM.code(), false, message));
  }

  /** A key fleetc writes from the fleet itself (FLEET-W031): not imported. */
  public void derived(String file, String message) {
    entries.add(new Entry(file, ErrorCode.IMPORT_DERIVED.code(), false, message));
  }

  /** A plain scalar YAML 1.1 reads differently from YAML 1.2 (FLEET-W032), as the tool reads it. */
  public void yaml11(String file, String message) {
    entries.add(new Entry(file, ErrorCode.IMPORT_YAML11.code(), false, message));
  }

  /** A value the input does not give, chosen by the import (FLEET-W033). */
  public void chosen(String file, String message) {
    entries.add(new Entry(file, ErrorCode.IMPORT_CHOSEN.code(), false, message));
  }

  /** A value fleetc writes differently from the input (FLEET-W034). */
  public void changed(String file, String message) {
    entries.add(new Entry(file, ErrorCode.IMPORT_CHANGED.code(), false, message));
  }

  /** A risk the running cluster takes, acknowledged in the imported fleet (FLEET-W039). */
  public void acknowledged(String file, String message) {
    entries.add(new Entry(file, ErrorCode.IMPORT_ACKNOWLEDGED.code(), false, message));
  }

  /** The input holds part of a cluster whose other nodes it does not hold (FLEET-W047). */
  public void partial(String file, String message) {
    entries.add(new Entry(file, ErrorCode.IMPORT_PARTIAL_CLUSTER.code(), false, message));
  }

  public List<Entry> entries() {
    return List.copyOf(entries);
  }

  public int errorCount() {
    return (int) entries.stream().filter(Entry::error).count();
  }

  public boolean hasErrors() {
    return entries.stream().anyMatch(Entry::error);
  }
}
