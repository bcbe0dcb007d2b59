package dev.fleetc.plan;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ClusterOutput;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.gitops.SharedFolders;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.ClusterSettings;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.Node;
import dev.fleetc.model.Rollout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One side of a diff: every cluster of a fleet at one revision, and a way to read its generated
 * files' content (only needed for unified diffs).
 *
 * @param clusters by name
 * @param content generated file path → its text, when the side has it
 * @param fromLock true for a compiled output folder: it lists only clusters that could be compiled,
 *     so a cluster it lacks whose distribution has no emitter is not a created or destroyed cluster
 *     but an unknown one
 * @param waves the rollout waves in order, when the side declares them (a fleet file with {@code
 *     rollout:}); empty otherwise (no rollout, or an output folder: its clusters' {@code
 *     rollout.wave} settings name their waves, in no known order)
 */
public record Revision(
    Map<String, ClusterState> clusters,
    Function<String, Optional<String>> content,
    boolean fromLock,
    List<WaveInfo> waves) {

  private static final Pattern MINOR = Pattern.compile("v?(\\d+)\\.(\\d+)");

  public Revision {
    clusters = Collections.unmodifiableMap(new LinkedHashMap<>(clusters));
    waves = List.copyOf(waves);
  }

  public Revision(
      Map<String, ClusterState> clusters,
      Function<String, Optional<String>> content,
      boolean fromLock) {
    this(clusters, content, fromLock, List.of());
  }

  /**
   * A fleet with what its emitters produced; clusters that {@code compiled} does not contain (no
   * emitter for their distribution) are compared by model only.
   */
  public static Revision compiled(Fleet fleet, CompiledFleet compiled) {
    return compiled(fleet, compiled, Set.of());
  }

  /**
   * A fleet with what its emitters produced, and the waves of its rollout that someone approved for
   * the current rollout (from its {@code fleet.rollout.json}; empty without one).
   */
  public static Revision compiled(Fleet fleet, CompiledFleet compiled, Set<String> approvedWaves) {
    Map<String, ClusterOutput> outputs = new HashMap<>();
    compiled.clusters().forEach(o -> outputs.put(o.cluster().name(), o));
    Map<String, String> contents = new HashMap<>();
    Map<String, Artifact> sharedFiles = new LinkedHashMap<>();
    compiled.fleetFiles().stream()
        .filter(f -> OutputLayout.isShared(f.path()))
        .forEach(f -> sharedFiles.put(f.path(), f));
    Map<String, ClusterState> clusters = new LinkedHashMap<>();
    for (Cluster cluster : fleet.clusters()) {
      ClusterOutput output = outputs.get(cluster.name());
      Map<String, ClusterState.FileState> files = new LinkedHashMap<>();
      if (output != null) {
        for (Artifact a : output.artifacts()) {
          files.put(
              a.path(), new ClusterState.FileState(a.path(), a.kind().id(), a.node(), a.sha256()));
          contents.put(a.path(), a.content());
        }
        // The shared folders its path references are its files too: a change of them is a
        // change of every cluster that uses them.
        for (String folder : SharedFolders.of(cluster)) {
          for (Artifact a : sharedFiles.values()) {
            if (a.path().startsWith(folder + "/")) {
              files.put(
                  a.path(),
                  new ClusterState.FileState(a.path(), a.kind().id(), a.node(), a.sha256()));
              contents.put(a.path(), a.content());
            }
          }
        }
      }
      Map<String, ClusterState.NodeState> nodes = new LinkedHashMap<>();
      for (Node node : cluster.nodes()) {
        nodes.put(
            node.name(), new ClusterState.NodeState(node.name(), node.role().id(), fields(node)));
      }
      Map<String, String> settings = ClusterSettings.flatten(cluster);
      if (fleet.rollout() != null) {
        settings =
            withRollout(
                settings,
                fleet.rollout().waveOf().get(cluster.name()),
                fleet.rollout().targetOf(cluster),
                cluster.release().version());
      }
      clusters.put(
          cluster.name(),
          new ClusterState(
              cluster.name(),
              true,
              settings,
              true,
              nodes,
              output != null,
              files,
              cluster.gitops().engine() == GitOpsEngine.NONE ? null : cluster.gitops().path()));
    }
    List<WaveInfo> waves = new ArrayList<>();
    if (fleet.rollout() != null) {
      for (Rollout.Wave wave : fleet.rollout().waves()) {
        WaveInfo.Approval approval =
            !wave.approval()
                ? WaveInfo.Approval.NOT_REQUIRED
                : approvedWaves.contains(wave.name())
                    ? WaveInfo.Approval.APPROVED
                    : WaveInfo.Approval.REQUIRED;
        waves.add(new WaveInfo(wave.name(), approval));
      }
    }
    return new Revision(clusters, path -> Optional.ofNullable(contents.get(path)), false, waves);
  }

  /**
   * A fleet with rollout waves: each cluster's wave, and for a held cluster ({@code version} stays
   * its effective one while its wave waits) the version it is on its way to, as {@code
   * rollout.held}: a version bump then shows as {@code upgrade (held: wave W)} (docs/upgrades.md).
   */
  static Map<String, String> withRollout(
      Map<String, String> settings, String wave, String target, String effective) {
    Map<String, String> out = new LinkedHashMap<>(settings);
    String name = wave == null ? "" : wave;
    out.put("rollout.wave", name);
    if (!target.equals(effective)) {
      out.put("rollout.held", target + " (held: wave " + name + ")");
    }
    return out;
  }

  /**
   * A compiled output folder, known only through its lock: the lock's fields, the nodes named by
   * node files, and the files' digests.
   */
  public static Revision fromLock(Lock lock, Function<String, Optional<String>> content) {
    Map<String, ClusterState> clusters = new LinkedHashMap<>();
    for (Lock.LockCluster c : lock.clusters()) {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("distribution", c.distribution());
      settings.put("kubernetes", kubernetesMinor(c.version()));
      settings.put("version", c.version());
      settings.put("datastore.type", c.datastore());
      settings.put("gitops.engine", c.gitops() == null ? "none" : c.gitops());
      if (c.gitopsPath() != null) {
        settings.put("gitops.path", c.gitopsPath());
      }
      if (c.wave() != null && c.targetVersion() != null) {
        settings = withRollout(settings, c.wave(), c.targetVersion(), c.version());
      }
      Map<String, ClusterState.NodeState> nodes = new LinkedHashMap<>();
      Map<String, ClusterState.FileState> files = new LinkedHashMap<>();
      for (Lock.LockArtifact a : c.artifacts()) {
        files.put(a.path(), new ClusterState.FileState(a.path(), a.kind(), a.node(), a.sha256()));
        if (a.node() != null && a.role() != null) {
          nodes.putIfAbsent(a.node(), new ClusterState.NodeState(a.node(), a.role(), Map.of()));
        }
      }
      for (String folder : c.shared()) {
        for (Lock.LockArtifact a : lock.filesIn(folder)) {
          files.put(a.path(), new ClusterState.FileState(a.path(), a.kind(), null, a.sha256()));
        }
      }
      clusters.put(
          c.name(),
          new ClusterState(
              c.name(), false, settings, !nodes.isEmpty(), nodes, true, files, c.gitopsPath()));
    }
    return new Revision(clusters, content, true);
  }

  /** {@code 1.31} from {@code v1.31.4+k3s1}, {@code v1.31.2+k0s.0} or {@code 1.31/stable}. */
  static String kubernetesMinor(String version) {
    Matcher m = MINOR.matcher(version == null ? "" : version);
    return m.lookingAt() ? m.group(1) + "." + m.group(2) : "";
  }

  private static Map<String, String> fields(Node node) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put("address", node.address());
    out.put(
        "privateAddress",
        node.privateAddress() == null ? "" : String.join(",", node.clusterAddresses()));
    out.put("ssh.user", node.ssh().user());
    out.put("ssh.port", String.valueOf(node.ssh().port()));
    out.put("ssh.keyPath", String.valueOf(node.ssh().keyPath()));
    if (node.ssh().openSsh() != null) {
      var client = node.ssh().openSsh();
      out.put("ssh.client", "openssh");
      out.put("ssh.configPath", String.valueOf(client.configPath()));
      client
          .options()
          .forEach((key, value) -> out.put("ssh.options." + key, String.valueOf(value)));
      out.put("ssh.disableMultiplexing", String.valueOf(client.disableMultiplexing()));
    }
    if (node.ssh().bastion() != null) {
      var b = node.ssh().bastion();
      out.put("ssh.bastion", b.user() + "@" + b.address() + ":" + b.port());
    }
    new java.util.TreeMap<>(node.labels()).forEach((k, v) -> out.put("labels." + k, v));
    if (!node.taints().isEmpty()) {
      out.put("taints", String.join(", ", node.taints()));
    }
    return out;
  }
}
