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
 * @param keepHostname the machine keeps its own hostname as its Kubernetes node name: fleetc writes
 *     no k0sctl {@code hostname} and no K3s {@code node-name}, and {@code name} is the fleet's name
 *     for the node only (what {@code fleet import} writes for a node whose files name none)
 * @param worker a control-plane node that also runs a kubelet (k0s {@code controller+worker}) and
 *     keeps k0s's control-plane taint, so only pods that tolerate it run there; {@code schedulable}
 *     implies it and drops the taint; always false for workers
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
    Map<String, Object> extensions,
    boolean keepHostname,
    boolean worker) {

  public Node {
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    extensions = Collections.unmodifiableMap(new TreeMap<>(extensions));
  }

  /** A node that is not a tainted k0s {@code controller+worker}. */
  public Node(
      String name,
      String address,
      String privateAddress,
      Role role,
      Ssh ssh,
      Map<String, String> labels,
      List<String> taints,
      boolean schedulable,
      Map<String, Object> extensions,
      boolean keepHostname) {
    this(
        name,
        address,
        privateAddress,
        role,
        ssh,
        labels,
        taints,
        schedulable,
        extensions,
        keepHostname,
        false);
  }

  /** A node whose name fleetc sets as its hostname (k0s) or node-name (K3s). */
  public Node(
      String name,
      String address,
      String privateAddress,
      Role role,
      Ssh ssh,
      Map<String, String> labels,
      List<String> taints,
      boolean schedulable,
      Map<String, Object> extensions) {
    this(name, address, privateAddress, role, ssh, labels, taints, schedulable, extensions, false);
  }

  /**
   * Whether a control-plane node also runs a kubelet: k0s {@code controller+worker}, tainted
   * ({@code worker}) or not ({@code schedulable}).
   */
  public boolean controlPlaneWorker() {
    return isControlPlane() && (worker || schedulable);
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
