package dev.fleetc.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One machine of a cluster.
 *
 * @param address the address used to reach the node (SSH, public)
 * @param privateAddress the address inside the cluster network, or {@code null}
 * @param labels Kubernetes node labels applied at registration, sorted by key
 * @param taints Kubernetes taints ({@code key=value:Effect}) applied at registration
 * @param schedulable a control-plane node that also runs ordinary workloads (k0s {@code
 *     controller+worker} without the control-plane taint); always false for workers
 * @param extensions the distribution's per-node escape hatch (k0s: extra k0sctl host fields), plain
 *     values already checked against the target's key set, sorted by key
 */
public record Node(
    String name,
    String address,
    String privateAddress,
    Role role,
    Ssh ssh,
    Map<String, String> labels,
    List<String> taints,
    boolean schedulable,
    Map<String, Object> extensions) {

  public Node {
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    extensions = Collections.unmodifiableMap(new TreeMap<>(extensions));
  }

  public Optional<String> privateAddressIfAny() {
    return Optional.ofNullable(privateAddress);
  }

  /** The address other nodes use: the private one where declared. */
  public String clusterAddress() {
    return privateAddress != null ? privateAddress : address;
  }

  /**
   * Whether a declared taint keeps pods without tolerations off this node ({@code NoSchedule} or
   * {@code NoExecute}; {@code PreferNoSchedule} only discourages them).
   */
  public boolean repelsPods() {
    return taints.stream().anyMatch(t -> t.endsWith(":NoSchedule") || t.endsWith(":NoExecute"));
  }

  public boolean isControlPlane() {
    return role == Role.CONTROL_PLANE;
  }
}
