package dev.fleetc.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One machine of a cluster.
 *
 * @param address the address used to reach the node (SSH, public)
 * @param privateAddress the address inside the cluster network, or {@code null}
 * @param labels Kubernetes node labels applied at registration, sorted by key
 * @param taints Kubernetes taints ({@code key=value:Effect}) applied at registration
 */
public record Node(
    String name,
    String address,
    String privateAddress,
    Role role,
    Ssh ssh,
    Map<String, String> labels,
    List<String> taints) {

  public Node {
    labels = Map.copyOf(labels);
    taints = List.copyOf(taints);
  }

  public Optional<String> privateAddressIfAny() {
    return Optional.ofNullable(privateAddress);
  }

  /** The address other nodes use: the private one where declared. */
  public String clusterAddress() {
    return privateAddress != null ? privateAddress : address;
  }

  public boolean isControlPlane() {
    return role == Role.CONTROL_PLANE;
  }
}
