package dev.fleetc.plan;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One cluster of one revision, reduced to what plans compare.
 *
 * @param modelled true when it comes from a fleet file (every setting known); false when it comes
 *     from a {@code fleet.lock.json} (only the lock's fields are known)
 * @param settings flat settings ({@link dev.fleetc.model.ClusterSettings#flatten}); from a lock
 *     only {@code distribution}, {@code version}, {@code kubernetes}, {@code datastore.type},
 *     {@code gitops.engine}, {@code gitops.path}
 * @param nodes by name; empty with {@code nodesKnown == false} when the side cannot tell
 * @param files the cluster's generated files by path; empty with {@code filesKnown == false} when
 *     the distribution has no emitter on that side
 * @param gitopsPath the folder the GitOps engine syncs, or {@code null}
 */
public record ClusterState(
    String name,
    boolean modelled,
    Map<String, String> settings,
    boolean nodesKnown,
    Map<String, NodeState> nodes,
    boolean filesKnown,
    Map<String, FileState> files,
    String gitopsPath) {

  public ClusterState {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  public String setting(String path) {
    return settings.getOrDefault(path, "");
  }

  /**
   * One node.
   *
   * @param role {@code control-plane} or {@code worker}
   * @param fields flat node settings ({@code address}, {@code ssh.user}, {@code labels.KEY}, ...);
   *     empty when the side only knows the node from a lock
   */
  public record NodeState(String name, String role, Map<String, String> fields) {
    public NodeState {
      fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public boolean isControlPlane() {
      return "control-plane".equals(role);
    }
  }

  /**
   * One generated file.
   *
   * @param node the node it belongs to, or {@code null}
   */
  public record FileState(String path, String kind, String node, String sha256) {}
}
