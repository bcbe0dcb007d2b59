package dev.fleetc.compiler.upgrades;

import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.model.RolloutState;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code fleet.rollout.json}: read as untrusted input (it is committed, so anyone with write access
 * to the repository can edit it, and its versions reach install scripts), written as plain maps for
 * the one configured JSON writer. Reading is strict: a bounded size, no duplicate or unknown keys,
 * every value of its type, names DNS-1123 labels, versions distribution builds, times canonical UTC
 * instants; anything else is refused with a message naming the entry.
 */
public final class RolloutStateJson {

  /** Far above honest states (10,000 clusters in a rollout is about 2 MB). */
  public static final int MAX_BYTES = 64 * 1024 * 1024;

  /** The file's name, in the fleet file's folder. */
  public static final String FILE_NAME = "fleet.rollout.json";

  /** A K3s or k0s tag or a MicroK8s channel: safe in a shell word, YAML and Markdown. */
  static final Pattern BUILD =
      Pattern.compile(
          "v1\\.[0-9]{1,3}\\.[0-9]{1,3}(-rc\\.?[0-9]{1,3})?\\+(k3s[0-9]{1,3}|k0s\\.[0-9]{1,3})"
              + "|1\\.[0-9]{1,3}(-strict)?/(stable|candidate|beta|edge)(/[a-z0-9-]{1,40})?");

  private static final Pattern PERSON = Pattern.compile("[A-Za-z0-9._@+-]{1,100}");

  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private RolloutStateJson() {}

  /** Why a state file cannot be used; the message names the entry and the problem. */
  public static final class InvalidStateException extends RuntimeException {
    public InvalidStateException(String message) {
      super(message);
    }
  }

  /** Parses and checks a state file's text. */
  public static RolloutState read(String json) {
    if (json.length() > MAX_BYTES) {
      throw new InvalidStateException("larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
    }
    JsonNode root;
    try {
      root = STRICT.readTree(json);
    } catch (JacksonException e) {
      throw new InvalidStateException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidStateException("not a JSON object");
    }
    keys(root, "", Set.of("formatVersion", "fleet", "versions", "rollout"));
    JsonNode format = root.get("formatVersion");
    if (format == null || !format.isInt() || format.asInt() != RolloutState.FORMAT_VERSION) {
      throw new InvalidStateException(
          "formatVersion: must be "
              + RolloutState.FORMAT_VERSION
              + " (a state written by another fleetc version?)");
    }
    String fleet = name(root.get("fleet"), "fleet");
    Map<String, String> versions = new TreeMap<>();
    JsonNode versionMap = object(root.get("versions"), "versions");
    for (Map.Entry<String, JsonNode> e : versionMap.properties()) {
      versions.put(
          clusterName(e.getKey(), "versions"), build(e.getValue(), "versions." + e.getKey()));
    }
    JsonNode run = root.get("rollout");
    return new RolloutState(
        fleet, versions, run == null || run.isNull() ? null : run(run, "rollout"));
  }

  private static RolloutState.Run run(JsonNode node, String at) {
    object(node, at);
    keys(node, at + ".", Set.of("startedAt", "paused", "clusters", "waves", "halted", "aborted"));
    Map<String, RolloutState.Change> clusters = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e :
        object(node.get("clusters"), at + ".clusters").properties()) {
      String where = at + ".clusters." + clusterName(e.getKey(), at + ".clusters");
      object(e.getValue(), where);
      keys(e.getValue(), where + ".", Set.of("previous", "target"));
      clusters.put(
          e.getKey(),
          new RolloutState.Change(
              build(e.getValue().get("previous"), where + ".previous"),
              build(e.getValue().get("target"), where + ".target")));
    }
    JsonNode paused = node.get("paused");
    if (paused == null || !paused.isBoolean()) {
      throw new InvalidStateException(at + ".paused: must be true or false");
    }
    List<RolloutState.WaveProgress> waves = new ArrayList<>();
    Set<String> seenWaves = new HashSet<>();
    Set<String> seenClusters = new HashSet<>();
    JsonNode list = array(node.get("waves"), at + ".waves");
    for (int w = 0; w < list.size(); w++) {
      String where = at + ".waves[" + w + "]";
      JsonNode wave = object(list.get(w), where);
      keys(wave, where + ".", Set.of("name", "batches", "approvals"));
      String name = name(wave.get("name"), where + ".name");
      if (!seenWaves.add(name)) {
        throw new InvalidStateException(where + ".name: wave '" + name + "' is listed twice");
      }
      List<RolloutState.Batch> batches = new ArrayList<>();
      JsonNode batchList = array(wave.get("batches"), where + ".batches");
      for (int b = 0; b < batchList.size(); b++) {
        String bAt = where + ".batches[" + b + "]";
        JsonNode batch = object(batchList.get(b), bAt);
        keys(batch, bAt + ".", Set.of("clusters", "promotedAt", "onTargetAt"));
        List<String> members = new ArrayList<>();
        JsonNode names = array(batch.get("clusters"), bAt + ".clusters");
        for (int c = 0; c < names.size(); c++) {
          String member = name(names.get(c), bAt + ".clusters[" + c + "]");
          if (!clusters.containsKey(member)) {
            throw new InvalidStateException(
                bAt + ".clusters[" + c + "]: '" + member + "' is not a cluster of this rollout");
          }
          if (!seenClusters.add(member)) {
            throw new InvalidStateException(
                bAt + ".clusters[" + c + "]: '" + member + "' was promoted before");
          }
          members.add(member);
        }
        JsonNode onTarget = batch.get("onTargetAt");
        batches.add(
            new RolloutState.Batch(
                members,
                instant(batch.get("promotedAt"), bAt + ".promotedAt"),
                onTarget == null ? null : instant(onTarget, bAt + ".onTargetAt")));
      }
      List<RolloutState.Approval> approvals = new ArrayList<>();
      JsonNode approvalList = array(wave.get("approvals"), where + ".approvals");
      for (int a = 0; a < approvalList.size(); a++) {
        String aAt = where + ".approvals[" + a + "]";
        JsonNode approval = object(approvalList.get(a), aAt);
        keys(approval, aAt + ".", Set.of("by", "at"));
        JsonNode by = approval.get("by");
        if (by == null || !by.isString() || !PERSON.matcher(by.asString()).matches()) {
          throw new InvalidStateException(
              aAt + ".by: must be a name of letters, digits and . _ @ + - (at most 100)");
        }
        approvals.add(
            new RolloutState.Approval(by.asString(), instant(approval.get("at"), aAt + ".at")));
      }
      waves.add(new RolloutState.WaveProgress(name, batches, approvals));
    }
    return new RolloutState.Run(
        instant(node.get("startedAt"), at + ".startedAt"),
        paused.asBoolean(),
        clusters,
        waves,
        stop(node.get("halted"), at + ".halted"),
        stop(node.get("aborted"), at + ".aborted"));
  }

  /** A reason is fleetc's own wording with cluster and wave names: one line of plain text. */
  private static final Pattern REASON = Pattern.compile("[^\\p{Cntrl}\\p{Zl}\\p{Zp}]{1,2000}");

  private static RolloutState.Stop stop(JsonNode node, String at) {
    if (node == null) {
      return null;
    }
    object(node, at);
    keys(node, at + ".", Set.of("at", "reason"));
    JsonNode reason = node.get("reason");
    if (reason == null || !reason.isString() || !REASON.matcher(reason.asString()).matches()) {
      throw new InvalidStateException(
          at + ".reason: must be one line of text (at most 2000 characters)");
    }
    return new RolloutState.Stop(instant(node.get("at"), at + ".at"), reason.asString());
  }

  /** A reason as it may be recorded: control characters replaced, one line, bounded. */
  public static String reason(String text) {
    String line =
        text.codePoints()
            .map(c -> Character.isISOControl(c) || c == 0x2028 || c == 0x2029 ? ' ' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString()
            .strip();
    if (line.isEmpty()) {
      return "-";
    }
    return line.length() > 2000 ? line.substring(0, 1999) + "…" : line;
  }

  /** The state as plain maps in a fixed order, for the one configured JSON writer. */
  public static Map<String, Object> toJson(RolloutState state) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("formatVersion", RolloutState.FORMAT_VERSION);
    json.put("fleet", state.fleet());
    json.put("versions", new TreeMap<>(state.versions()));
    state
        .rolloutIfAny()
        .ifPresent(
            run -> {
              Map<String, Object> r = new LinkedHashMap<>();
              r.put("startedAt", run.startedAt());
              r.put("paused", run.paused());
              Map<String, Object> clusters = new TreeMap<>();
              run.clusters()
                  .forEach(
                      (name, change) -> {
                        Map<String, Object> c = new LinkedHashMap<>();
                        c.put("previous", change.previous());
                        c.put("target", change.target());
                        clusters.put(name, c);
                      });
              r.put("clusters", clusters);
              List<Object> waves = new ArrayList<>();
              for (RolloutState.WaveProgress wave : run.waves()) {
                Map<String, Object> w = new LinkedHashMap<>();
                w.put("name", wave.name());
                List<Object> batches = new ArrayList<>();
                for (RolloutState.Batch batch : wave.batches()) {
                  Map<String, Object> b = new LinkedHashMap<>();
                  b.put("clusters", batch.clusters());
                  b.put("promotedAt", batch.promotedAt());
                  if (batch.onTargetAt() != null) {
                    b.put("onTargetAt", batch.onTargetAt());
                  }
                  batches.add(b);
                }
                w.put("batches", batches);
                List<Object> approvals = new ArrayList<>();
                for (RolloutState.Approval approval : wave.approvals()) {
                  Map<String, Object> a = new LinkedHashMap<>();
                  a.put("by", approval.by());
                  a.put("at", approval.at());
                  approvals.add(a);
                }
                w.put("approvals", approvals);
                waves.add(w);
              }
              r.put("waves", waves);
              putStop(r, "halted", run.halted());
              putStop(r, "aborted", run.aborted());
              json.put("rollout", r);
            });
    return json;
  }

  private static void putStop(Map<String, Object> json, String key, RolloutState.Stop stop) {
    if (stop != null) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("at", stop.at());
      s.put("reason", stop.reason());
      json.put(key, s);
    }
  }

  /** Whether a person's name can be recorded as an approver. */
  public static boolean validApprover(String by) {
    return PERSON.matcher(by).matches();
  }

  private static void keys(JsonNode node, String at, Set<String> known) {
    for (String key : node.propertyNames()) {
      if (!known.contains(key)) {
        throw new InvalidStateException(
            at
                + safe(key)
                + ": unknown key (known: "
                + String.join(", ", new java.util.TreeSet<>(known))
                + ")");
      }
    }
  }

  private static JsonNode object(JsonNode node, String at) {
    if (node == null || !node.isObject()) {
      throw new InvalidStateException(at + ": must be an object");
    }
    return node;
  }

  private static JsonNode array(JsonNode node, String at) {
    if (node == null || !node.isArray()) {
      throw new InvalidStateException(at + ": must be a list");
    }
    return node;
  }

  private static String name(JsonNode node, String at) {
    if (node == null || !node.isString() || !Addresses.isDnsLabel(node.asString())) {
      throw new InvalidStateException(at + ": must be a DNS-1123 name");
    }
    return node.asString();
  }

  private static String clusterName(String key, String at) {
    if (!Addresses.isDnsLabel(key)) {
      throw new InvalidStateException(at + ": '" + safe(key) + "' is not a DNS-1123 name");
    }
    return key;
  }

  private static String build(JsonNode node, String at) {
    if (node == null || !node.isString() || !BUILD.matcher(node.asString()).matches()) {
      throw new InvalidStateException(
          at + ": must be a K3s or k0s build or a MicroK8s channel (v1.31.4+k3s1, 1.31/stable)");
    }
    return node.asString();
  }

  private static String instant(JsonNode node, String at) {
    if (node != null && node.isString()) {
      try {
        String text = node.asString();
        if (RolloutEngine.timestamp(Instant.parse(text)).equals(text)) {
          return text;
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
    }
    throw new InvalidStateException(at + ": must be a UTC time like 2026-12-07T12:00:00Z");
  }

  /** A key from the file, shortened and stripped of control characters before it is printed. */
  private static String safe(String key) {
    String printable =
        key.codePoints()
            .map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return printable.length() > 60 ? printable.substring(0, 60) + "…" : printable;
  }
}
