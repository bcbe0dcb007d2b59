package dev.fleetc.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One fully resolved cluster: every layer applied, every version pinned.
 *
 * @param profile the profile it uses, or empty
 * @param apiEndpoint the fixed registration address (load balancer, VIP or DNS name), or {@code
 *     null}
 * @param sans extra names and addresses for the API server certificate, besides the endpoint
 * @param token the join token reference, or {@code null} where the distribution makes its own
 * @param extensions the distribution's escape hatch (e.g. {@code server}/{@code agent} config keys
 *     for K3s): plain values (String, Boolean, Long, Double, List, Map) that the language does not
 *     model, already checked against the target's key set
 * @param provenance for each resolved field path ({@code network.podCIDR}, {@code version}, ...)
 *     the layer that set it, sorted by path
 * @param agentToken K3s: the reference of a token that lets agents join but not servers, or {@code
 *     null} (agents then use the cluster token)
 * @param firstBootDeadline how long a node booted from its user-data keeps trying ({@code
 *     firstBoot.deadline}), or {@code null} for the default
 * @param upgrades how the cluster's nodes reach a new version
 */
public record Cluster(
    String name,
    String profile,
    String region,
    Map<String, String> labels,
    Distribution distribution,
    Release release,
    Datastore datastore,
    String apiEndpoint,
    List<String> sans,
    SecretRef token,
    List<Node> nodes,
    Network network,
    GitOps gitops,
    Addons addons,
    Map<String, Object> extensions,
    Map<String, Provenance> provenance,
    SecretRef agentToken,
    java.time.Duration firstBootDeadline,
    Upgrades upgrades) {

  public Cluster {
    labels = Collections.unmodifiableMap(new TreeMap<>(labels));
    sans = List.copyOf(sans);
    nodes = List.copyOf(nodes);
    extensions = Collections.unmodifiableMap(new TreeMap<>(extensions));
    provenance = Collections.unmodifiableMap(new TreeMap<>(provenance));
    if (upgrades == null) {
      upgrades = Upgrades.defaultFor(distribution);
    }
  }

  /** A cluster with the distribution's default upgrade settings. */
  public Cluster(
      String name,
      String profile,
      String region,
      Map<String, String> labels,
      Distribution distribution,
      Release release,
      Datastore datastore,
      String apiEndpoint,
      List<String> sans,
      SecretRef token,
      List<Node> nodes,
      Network network,
      GitOps gitops,
      Addons addons,
      Map<String, Object> extensions,
      Map<String, Provenance> provenance,
      SecretRef agentToken) {
    this(
        name,
        profile,
        region,
        labels,
        distribution,
        release,
        datastore,
        apiEndpoint,
        sans,
        token,
        nodes,
        network,
        gitops,
        addons,
        extensions,
        provenance,
        agentToken,
        null,
        null);
  }

  /**
   * This cluster with other provenance: {@code withProvenance(Map.of())} compares two clusters by
   * what they say, not where they said it.
   */
  public Cluster withProvenance(Map<String, Provenance> provenance) {
    return copy(release, provenance);
  }

  /** This cluster at another release (a rollout holds it at its previous version). */
  public Cluster withRelease(Release other) {
    return copy(other, provenance);
  }

  // The one place that copies every component, so a new one cannot be dropped by a wither.
  private Cluster copy(Release release, Map<String, Provenance> provenance) {
    return new Cluster(
        name,
        profile,
        region,
        labels,
        distribution,
        release,
        datastore,
        apiEndpoint,
        sans,
        token,
        nodes,
        network,
        gitops,
        addons,
        extensions,
        provenance,
        agentToken,
        firstBootDeadline,
        upgrades);
  }

  public List<Node> controlPlane() {
    return nodes.stream().filter(Node::isControlPlane).toList();
  }

  public List<Node> workers() {
    return nodes.stream().filter(n -> !n.isControlPlane()).toList();
  }

  public Optional<String> apiEndpointIfAny() {
    return Optional.ofNullable(apiEndpoint);
  }

  public Optional<SecretRef> tokenIfAny() {
    return Optional.ofNullable(token);
  }

  public Optional<java.time.Duration> firstBootDeadlineIfAny() {
    return Optional.ofNullable(firstBootDeadline);
  }

  public Optional<SecretRef> agentTokenIfAny() {
    return Optional.ofNullable(agentToken);
  }

  /** The address that joining nodes register with: the API endpoint, else the first server. */
  public String registrationAddress() {
    return apiEndpoint != null ? apiEndpoint : controlPlane().get(0).clusterAddress();
  }
}
