package dev.fleetc.cli.output;

import dev.fleetc.emit.LockReader;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.support.JsonWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The intent of a compile, written into the staging folder once every new file is staged and before
 * the first file in the output folder changes: its presence means the compile is committed. It
 * lists each step in the order it is done (files written, files pruned, the lock last) and the
 * folders the compile creates. It is read back as untrusted input, like the lock.
 *
 * @param steps in the order they are done
 * @param createdFolders folders that did not exist, parents first; removed again on roll-back
 */
record Journal(List<Step> steps, List<String> createdFolders) {

  /**
   * One change.
   *
   * @param path the file in the output folder
   * @param staged the staged file's name in the staging folder, or {@code null} for a prune
   * @param backup the name the replaced or pruned file is kept under until the compile is done
   * @param sha256 the staged content's digest ({@code null} for a prune)
   */
  record Step(String path, String staged, String backup, String sha256) {
    boolean isWrite() {
      return staged != null;
    }
  }

  static final String FILE = "journal.json";

  private static final Pattern NAME = Pattern.compile("[fb][0-9]{1,9}");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  Journal {
    steps = List.copyOf(steps);
    createdFolders = List.copyOf(createdFolders);
  }

  String toJson() {
    return JsonWriter.write(asJson());
  }

  /** The same bytes as {@link #toJson()}, written to {@code out} without the whole text. */
  void writeJson(OutputStream out) throws IOException {
    JsonWriter.write(asJson(), out);
  }

  /** The journal as JSON values; each step's object is made only when it is written. */
  private Map<String, Object> asJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("version", 1);
    json.put(
        "steps",
        new AbstractList<Map<String, String>>() {
          @Override
          public Map<String, String> get(int index) {
            Step step = steps.get(index);
            Map<String, String> entry = new LinkedHashMap<>();
            entry.put("path", step.path());
            if (step.isWrite()) {
              entry.put("staged", step.staged());
              entry.put("sha256", step.sha256());
            }
            entry.put("backup", step.backup());
            return entry;
          }

          @Override
          public int size() {
            return steps.size();
          }
        });
    json.put("createdFolders", createdFolders);
    return json;
  }

  /**
   * Reads a journal.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static Journal parse(String json) {
    JsonNode root;
    try {
      root = JsonWriter.mapper().readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject() || root.path("version").asInt(0) != 1) {
      throw new IllegalArgumentException("not a version 1 journal");
    }
    List<Step> steps = new ArrayList<>();
    JsonNode list = root.path("steps");
    if (!list.isArray()) {
      throw new IllegalArgumentException("steps: must be a list");
    }
    for (int i = 0; i < list.size(); i++) {
      JsonNode entry = list.get(i);
      String at = "steps[" + i + "]";
      String path = checkedPath(entry.path("path"), at + ".path");
      String backup = name(entry.path("backup"), at + ".backup");
      String staged = null;
      String sha256 = null;
      if (!entry.path("staged").isMissingNode()) {
        staged = name(entry.path("staged"), at + ".staged");
        sha256 = entry.path("sha256").asString("");
        if (!SHA256.matcher(sha256).matches()) {
          throw new IllegalArgumentException(at + ".sha256: not a sha256 digest");
        }
      }
      steps.add(new Step(path, staged, backup, sha256));
    }
    List<String> folders = new ArrayList<>();
    JsonNode created = root.path("createdFolders");
    if (!created.isArray()) {
      throw new IllegalArgumentException("createdFolders: must be a list");
    }
    for (int i = 0; i < created.size(); i++) {
      folders.add(checkedPath(created.get(i), "createdFolders[" + i + "]"));
    }
    return new Journal(steps, folders);
  }

  private static String checkedPath(JsonNode node, String at) {
    if (!node.isString()) {
      throw new IllegalArgumentException(at + ": must be a string");
    }
    String path = node.asString();
    String problem = path.equals(OutputLayout.LOCK_FILE) ? null : LockReader.unsafe(path);
    if (problem != null) {
      throw new IllegalArgumentException(at + ": '" + path + "' " + problem);
    }
    return path;
  }

  private static String name(JsonNode node, String at) {
    if (!node.isString() || !NAME.matcher(node.asString()).matches()) {
      throw new IllegalArgumentException(at + ": not a staged file's name");
    }
    return node.asString();
  }
}
