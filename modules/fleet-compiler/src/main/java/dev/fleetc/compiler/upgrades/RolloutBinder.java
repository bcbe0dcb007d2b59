package dev.fleetc.compiler.upgrades;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Rollout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Binds the fleet-level {@code rollout:} and places every cluster in exactly one wave: the first
 * whose names or selector match it. The last wave must be a catch-all ({@code selector: {}}, or
 * neither names nor selector), so no cluster is ever left out, and a wave after it could never
 * match.
 */
public final class RolloutBinder {

  private static final Pattern AMOUNT = Pattern.compile("(\\d{1,7})(%?)");
  static final Duration DEFAULT_PROGRESS_DEADLINE = Duration.ofHours(2);

  private RolloutBinder() {}

  /**
   * @param rollout the fleet's {@code rollout:} mapping (shape already checked)
   * @param declared every cluster name the fleet declares, bound or not
   * @param clusters the clusters that bound, in file order
   * @return the rollout, or empty when it has errors (reported)
   */
  public static Optional<Rollout> bind(
      YMap rollout, Collection<String> declared, List<Cluster> clusters, Diagnostics diagnostics) {
    int before = diagnostics.errorCount();
    Settings settings = new Settings(rollout, diagnostics);
    Duration deadline =
        DurationText.read(
            settings,
            "progressDeadline",
            "rollout.progressDeadline",
            DEFAULT_PROGRESS_DEADLINE,
            diagnostics);
    List<Rollout.Wave> waves = new ArrayList<>();
    Map<String, YMap> waveNodes = new HashMap<>();
    Optional<YNode> list = settings.node("waves");
    if (list.isEmpty() || !(list.get() instanceof YSeq seq)) {
      return Optional.empty(); // the shape check reported it
    }
    YMap catchAll = null;
    for (int i = 0; i < seq.items().size(); i++) {
      if (!(seq.items().get(i) instanceof YMap wave)) {
        continue;
      }
      Optional<Rollout.Wave> bound = wave(wave, "rollout.waves[" + i + "].", declared, diagnostics);
      if (bound.isEmpty()) {
        continue;
      }
      if (catchAll != null) {
        diagnostics.error(
            ErrorCode.ROLLOUT_WAVES,
            wave.position(),
            "wave '"
                + bound.get().name()
                + "' comes after the catch-all wave, which takes every cluster left: it can never"
                + " have a cluster",
            "move it before the catch-all wave, or remove it");
      }
      if (waveNodes.containsKey(bound.get().name())) {
        diagnostics.error(
            ErrorCode.ROLLOUT_WAVES,
            new Settings(wave, diagnostics).position("name"),
            "wave '" + bound.get().name() + "' is declared twice",
            "give each wave its own name");
      }
      waveNodes.put(bound.get().name(), wave);
      if (bound.get().catchAll() && catchAll == null) {
        catchAll = wave;
      }
      waves.add(bound.get());
    }
    if (catchAll == null && !waves.isEmpty()) {
      diagnostics.error(
          ErrorCode.ROLLOUT_WAVES,
          list.get().position(),
          "no wave takes the clusters that the others leave",
          "end the waves with a catch-all, e.g. {name: rest, selector: {}}");
    }
    if (waves.isEmpty()) {
      diagnostics.error(
          ErrorCode.ROLLOUT_WAVES,
          list.get().position(),
          "'rollout.waves' has no wave",
          "list the waves in order, the last one a catch-all: {name: rest, selector: {}}");
    }
    if (diagnostics.errorCount() > before) {
      return Optional.empty();
    }
    Map<String, String> waveOf = new LinkedHashMap<>();
    Map<String, Integer> count = new HashMap<>();
    for (Cluster cluster : clusters) {
      for (Rollout.Wave wave : waves) {
        if (wave.matches(cluster)) {
          waveOf.put(cluster.name(), wave.name());
          count.merge(wave.name(), 1, Integer::sum);
          break;
        }
      }
    }
    for (Rollout.Wave wave : waves) {
      YMap node = waveNodes.get(wave.name());
      for (String named : wave.clusters()) {
        String taken = waveOf.get(named);
        if (taken != null && !taken.equals(wave.name())) {
          diagnostics.warning(
              ErrorCode.ROLLOUT_CLUSTER_TAKEN,
              position(new Settings(node, diagnostics), "clusters", named),
              "wave '"
                  + wave.name()
                  + "' names cluster '"
                  + named
                  + "', but the earlier wave '"
                  + taken
                  + "' already takes it",
              "the first matching wave wins: remove the name, or narrow the earlier wave");
        }
      }
      if (!count.containsKey(wave.name()) && clusters.size() == declared.size()) {
        diagnostics.warning(
            ErrorCode.ROLLOUT_EMPTY_WAVE,
            node.position(),
            "wave '" + wave.name() + "' has no cluster: earlier waves take all it would match",
            "remove the wave, or change its names or selector");
      }
    }
    return Optional.of(new Rollout(waves, deadline, waveOf));
  }

  private static Optional<Rollout.Wave> wave(
      YMap wave, String at, Collection<String> declared, Diagnostics diagnostics) {
    Settings w = new Settings(wave, diagnostics);
    Optional<String> name = w.string("name");
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (!Addresses.isDnsLabel(name.get())) {
      diagnostics.error(
          ErrorCode.INVALID_NAME,
          w.position("name"),
          "wave name '" + name.get() + "' is not a DNS-1123 label",
          "use lower-case letters, digits and '-'");
    }
    List<String> names = w.strings("clusters");
    Set<String> known = new HashSet<>(declared);
    for (String cluster : names) {
      if (!known.contains(cluster)) {
        diagnostics.error(
            ErrorCode.ROLLOUT_UNKNOWN_CLUSTER,
            position(w, "clusters", cluster),
            "wave '" + name.get() + "' names cluster '" + cluster + "', which is not declared",
            Suggestions.didYouMean(cluster, declared)
                .orElse("name a cluster of the fleet, or select clusters by region or labels"));
      }
    }
    String region = w.string("selector.region").orElse("");
    Map<String, String> labels = w.stringMap("selector.labels");
    boolean catchAll = names.isEmpty() && region.isEmpty() && labels.isEmpty();
    return Optional.of(
        new Rollout.Wave(
            name.get(),
            names,
            region,
            labels,
            catchAll,
            amount(w, at, "maxConcurrent", Rollout.Amount.ALL, false, diagnostics),
            DurationText.read(w, "soak", at + "soak", Duration.ZERO, diagnostics),
            amount(w, at, "maxFailures", new Rollout.Amount(0, false), true, diagnostics),
            w.bool("approval").orElse(false)));
  }

  private static Rollout.Amount amount(
      Settings wave,
      String at,
      String key,
      Rollout.Amount fallback,
      boolean zeroAllowed,
      Diagnostics d) {
    Optional<String> text = wave.string(key);
    if (text.isEmpty()) {
      return fallback;
    }
    Matcher m = AMOUNT.matcher(text.get());
    int value = m.matches() ? Integer.parseInt(m.group(1)) : -1;
    boolean percent = m.matches() && !m.group(2).isEmpty();
    int min = zeroAllowed ? 0 : 1;
    if (value < min || (percent && value > 100)) {
      d.error(
          ErrorCode.ROLLOUT_AMOUNT,
          wave.position(key),
          "'"
              + at
              + key
              + "' must be a number (at least "
              + min
              + ") or a percentage, not '"
              + text.get()
              + "'",
          "write e.g. " + (zeroAllowed ? "0, 2 or 1%" : "1, 5 or 10%"));
      return fallback;
    }
    return new Rollout.Amount(value, percent);
  }

  private static dev.fleetc.model.SourcePosition position(Settings w, String list, String item) {
    Optional<YNode> node = w.node(list);
    if (node.isPresent() && node.get() instanceof YSeq seq) {
      for (YNode n : seq.items()) {
        if (n instanceof YScalar s && s.text().equals(item)) {
          return s.position();
        }
      }
    }
    return w.position(list);
  }
}
