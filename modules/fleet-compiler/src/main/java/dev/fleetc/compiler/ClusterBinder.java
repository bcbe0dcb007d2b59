package dev.fleetc.compiler;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.k3s.AgentToken;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.ClusterParts;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.upgrades.UpgradesBinder;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.model.Addons;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Datastore;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.GitOps;
import dev.fleetc.model.Network;
import dev.fleetc.model.Node;
import dev.fleetc.model.Provenance;
import dev.fleetc.model.Release;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.Upgrades;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns one cluster's merged settings into a {@link Cluster}: binds each part with its binder, then
 * runs the topology checks, the rules of the cluster's distribution (from {@link
 * DistributionRegistry}), the other distributions' "not here" checks and the parity check.
 * Cross-cluster rules are {@link FleetWideChecks}.
 */
final class ClusterBinder {

  private final String name;
  private final YMap entry;
  private final String profile;
  private final Settings settings;
  private final Map<String, Provenance> provenance;
  private final ReleaseCatalog catalog;
  private final Diagnostics diagnostics;

  ClusterBinder(
      String name,
      YMap entry,
      String profile,
      LayerMerger.Merged merged,
      ReleaseCatalog catalog,
      Diagnostics diagnostics) {
    this.name = name;
    this.entry = entry;
    this.profile = profile;
    this.settings = new Settings(merged.settings(), diagnostics);
    this.provenance = new TreeMap<>(merged.provenance());
    this.catalog = catalog;
    this.diagnostics = diagnostics;
  }

  /** The cluster, or empty when something essential is missing (already reported). */
  Optional<Cluster> bind() {
    int errorsBefore = diagnostics.errorCount();
    Optional<DistributionRules> rules = distribution().map(DistributionRegistry::of);
    List<Node> nodes =
        new NodeBinder(
                name,
                settings,
                diagnostics,
                rules.map(r -> r.distribution() == Distribution.K0S).orElse(false))
            .bind();
    Optional<Release> release =
        rules.flatMap(
            r ->
                new ReleaseResolver(
                        name, entry.position(), settings, provenance, catalog, diagnostics)
                    .resolve(r));
    Optional<Datastore> datastore =
        rules.map(r -> DatastoreBinder.bind(name, r, nodes, settings, provenance, diagnostics));
    Network network =
        rules.map(r -> new NetworkBinder(settings, provenance, diagnostics).bind(r)).orElse(null);
    GitOps gitops = GitOpsRules.bind(name, settings, diagnostics);
    release.ifPresent(r -> OciSourceRules.checkEngine(gitops, r, settings, diagnostics));
    Addons addons = AddonsBinder.bind(settings, diagnostics);
    String apiEndpoint = apiEndpoint();
    Optional<SecretRef> token = settings.secret("token");
    Optional<SecretRef> agentToken =
        rules.flatMap(r -> AgentToken.bind(name, settings, r.distribution(), token, diagnostics));
    Map<String, Object> extensions =
        rules.map(r -> r.escapeHatch(settings, diagnostics)).orElse(Map.of());
    Upgrades upgrades =
        rules
            .map(r -> UpgradesBinder.bind(name, r.distribution(), settings, diagnostics))
            .orElse(null);
    UpgradesBinder.checkDelivery(name, upgrades, gitops, release, settings, diagnostics);
    UpgradesBinder.checkK0sctl(name, upgrades, settings, diagnostics);
    rules.ifPresent(
        r ->
            check(
                r,
                new ClusterParts(
                    name,
                    entry.position(),
                    r.distribution(),
                    settings,
                    nodes,
                    release,
                    datastore.orElse(null),
                    network,
                    apiEndpoint,
                    token,
                    catalog,
                    diagnostics)));
    ParityCheck.check(name, profile, provenance, diagnostics);
    Map<String, String> labels = ValueChecks.clusterLabels(settings, diagnostics);
    Optional<java.time.Duration> firstBootDeadline = FirstBootDeadline.bind(settings, diagnostics);
    if (rules.isEmpty()
        || release.isEmpty()
        || datastore.isEmpty()
        || network == null
        || diagnostics.errorCount() > errorsBefore) {
      return Optional.empty();
    }
    return Optional.of(
        new Cluster(
            name,
            profile,
            settings.string("region").orElse(""),
            labels,
            rules.get().distribution(),
            release.get(),
            datastore.get(),
            apiEndpoint,
            // SANs are checked only once the rest of the cluster is sound, as they always were.
            sans(),
            token.orElse(null),
            nodes,
            network,
            gitops,
            addons,
            extensions,
            provenance,
            agentToken.orElse(null),
            firstBootDeadline.orElse(null),
            upgrades));
  }

  /** The checks of a cluster whose distribution is known. */
  private static void check(DistributionRules rules, ClusterParts cluster) {
    TopologyChecks.check(rules, cluster);
    if (cluster.network() != null) {
      ServiceRangeRules.check(
          cluster.name(),
          cluster.distribution(),
          cluster.network(),
          cluster.settings(),
          cluster.diagnostics());
      DualStackRules.check(rules, cluster);
    }
    rules.check(cluster);
    for (DistributionRules other : DistributionRegistry.all()) {
      if (other != rules) {
        other.checkNotUsedBy(cluster);
      }
    }
  }

  private Optional<Distribution> distribution() {
    Optional<Distribution> distribution =
        settings.string("distribution").flatMap(Distribution::fromId);
    if (distribution.isEmpty() && settings.node("distribution").isEmpty()) {
      diagnostics.error(
          ErrorCode.MISSING_FIELD,
          entry.position(),
          "cluster '" + name + "' has no distribution",
          "set 'distribution: k3s|k0s|microk8s' in the cluster, its profile or defaults");
    }
    return distribution;
  }

  private String apiEndpoint() {
    Optional<String> endpoint = settings.string("apiEndpoint");
    endpoint.ifPresent(
        e -> {
          if (Addresses.ip(e).isEmpty() && !Addresses.isHostName(e)) {
            diagnostics.error(
                ErrorCode.INVALID_ADDRESS,
                settings.position("apiEndpoint"),
                "apiEndpoint '" + e + "' is neither an IP address nor a DNS name",
                "write the load balancer's address without scheme or port, e.g. 10.0.1.10");
          }
        });
    return endpoint.orElse(null);
  }

  private List<String> sans() {
    List<String> sans = settings.strings("sans");
    for (String san : sans) {
      if (Addresses.ip(san).isEmpty() && !Addresses.isHostName(san.replaceFirst("^\\*\\.", "x."))) {
        diagnostics.error(
            ErrorCode.INVALID_ADDRESS,
            settings.position("sans"),
            "SAN '" + san + "' is neither an IP address nor a DNS name",
            "list names and addresses clients use to reach the API server");
      }
    }
    return sans;
  }
}
