package dev.fleetc.compiler.rules;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.model.Datastore;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Network;
import dev.fleetc.model.Node;
import dev.fleetc.model.Release;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.SourcePosition;
import java.util.List;
import java.util.Optional;

/**
 * One cluster's parts as bound so far, handed to the checks. Parts that could not be bound are
 * absent (their problem is reported already), so checks look only at what is there.
 *
 * @param name the cluster's name
 * @param at the position of the cluster's entry, for problems of the cluster as a whole
 * @param distribution the cluster's distribution
 * @param settings the cluster's merged settings (defaults, profile, own entry)
 * @param nodes the complete nodes, control-plane nodes first in declared order
 * @param release the resolved release, if the version resolved
 * @param datastore the datastore
 * @param network the network
 * @param apiEndpoint the API endpoint, or {@code null}
 * @param token the shared join token, if declared
 * @param catalog the release catalog
 * @param diagnostics where problems go
 */
public record ClusterParts(
    String name,
    SourcePosition at,
    Distribution distribution,
    Settings settings,
    List<Node> nodes,
    Optional<Release> release,
    Datastore datastore,
    Network network,
    String apiEndpoint,
    Optional<SecretRef> token,
    ReleaseCatalog catalog,
    Diagnostics diagnostics) {

  /** The control-plane nodes, in declared order. */
  public List<Node> controlPlane() {
    return nodes.stream().filter(Node::isControlPlane).toList();
  }
}
