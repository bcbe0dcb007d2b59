package dev.fleetc.compiler.schema;

/**
 * The values of a cluster's {@code acknowledge} list: topologies fleetc refuses in a fleet written
 * from scratch (FLEET-E015, FLEET-E016, FLEET-E070 for the service range) but that clusters run
 * today, which {@code fleet import} must be able to say without refusing them (FLEET-E090 too). An
 * acknowledged risk is a warning instead of an error.
 */
public final class Acknowledgement {

  /** Several k0s controllers, neither an {@code apiEndpoint} nor node-local load balancing. */
  public static final String NO_API_ENDPOINT = "no-api-endpoint";

  /** An even number of embedded etcd or dqlite members. */
  public static final String EVEN_CONTROL_PLANE = "even-control-plane";

  /**
   * An ingress controller that no node can run: every node that runs pods has a NoSchedule or
   * NoExecute taint (FLEET-E090), e.g. one K3s server of a larger cluster imported without its
   * agents.
   */
  public static final String NO_INGRESS_NODE = "no-ingress-node";

  /**
   * A node address inside the cluster's service range (declared or the distribution's default): a
   * Service may be given that address, and kube-proxy then takes the node's traffic to it.
   */
  public static final String NODE_IN_SERVICE_RANGE = "node-in-service-range";

  private Acknowledgement() {}
}
