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
 * @param secondaryPrivateAddress dual-stack: the node's cluster address of the other family than
 *     {@code privateAddress} (written as {@code privateAddress: [IPv4, IPv6]}), or {@code null}
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
    String secondaryPrivateAddress,
    boolean worker) {

  public Node {
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
    extensions = Collections.unmodifiableMap(new TreeMap<>(extensions));
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
        false,
        null,
        false);
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
   * The node's addresses inside the cluster network: its private addresses (one per family), else
   * its address.
   */
  public List<String> clusterAddresses() {
    return secondaryPrivateAddress == null
        ? List.of(clusterAddress())
        : List.of(clusterAddress(), secondaryPrivateAddress);
  }

  /** The node's cluster address of one family, or {@code null}. */
  public String clusterAddress(boolean ipv6) {
    return clusterAddresses().stream()
        .filter(a -> a.contains(":") == ipv6)
        .findFirst()
        .orElse(null);
  }

  /**
   * The cluster addresses in the order of a network's families (the primary first), for kubelet's
   * {@code --node-ip}.
   */
  public List<String> clusterAddressesFor(Network network) {
    List<String> all = clusterAddresses();
    if (all.size() < 2 || all.get(0).contains(":") == network.ipv6Primary()) {
      return all;
    }
    return List.of(all.get(1), all.get(0));
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
