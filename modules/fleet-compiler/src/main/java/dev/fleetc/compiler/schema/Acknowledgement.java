package dev.fleetc.compiler.schema;

import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.SourcePosition;

/**
 * The values of a cluster's {@code acknowledge} list: topologies fleetc refuses in a fleet written
 * from scratch (FLEET-E015, FLEET-E016) but that clusters run today, which {@code fleet import}
 * must be able to say without refusing them. An acknowledged risk is a warning instead of an error.
 */
public final class Acknowledgement {

  /** Several k0s controllers, neither an {@code apiEndpoint} nor node-local load balancing. */
  public static final String NO_API_ENDPOINT = "no-api-endpoint";

  /** An even number of embedded etcd or dqlite members. */
  public static final String EVEN_CONTROL_PLANE = "even-control-plane";

  private Acknowledgement() {}

  /** Where the cluster's {@code acknowledge} list names the risk (the list itself otherwise). */
  public static SourcePosition position(Settings cluster, String risk) {
    return cluster
        .node("acknowledge")
        .filter(YSeq.class::isInstance)
        .flatMap(
            list ->
                ((YSeq) list)
                    .items().stream()
                        .filter(i -> i instanceof YScalar s && s.text().equals(risk))
                        .findFirst())
        .map(YNode::position)
        .orElseGet(() -> cluster.position("acknowledge"));
  }
}
