package dev.fleetc.compiler;

import dev.fleetc.compiler.catalog.K3sFlags;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.values.Cron;
import dev.fleetc.compiler.values.NetworkAddress;
import dev.fleetc.compiler.values.NodeAddresses;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.Addons;
import dev.fleetc.model.Bastion;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Datastore;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.GitOps;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.IngressController;
import dev.fleetc.model.Layer;
import dev.fleetc.model.Network;
import dev.fleetc.model.Node;
import dev.fleetc.model.Provenance;
import dev.fleetc.model.Release;
import dev.fleetc.model.Role;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.SourcePosition;
import dev.fleetc.model.Ssh;
import dev.fleetc.model.StorageProvider;
import dev.fleetc.model.Velero;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one cluster's merged settings into a {@link Cluster}, checking everything that concerns the
 * cluster alone. Cross-cluster rules live in {@link FleetCompiler}.
 */
final class ClusterBinder {

  private static final Pattern MINOR = Pattern.compile("1\\.(\\d{1,2})");
  private static final Map<Distribution, Pattern> BUILD =
      Map.of(
          Distribution.K3S, Pattern.compile("v(1\\.\\d+)\\.\\d+(-rc\\d+)?\\+k3s\\d+"),
          Distribution.K0S, Pattern.compile("v(1\\.\\d+)\\.\\d+(-rc\\.\\d+)?\\+k0s\\.\\d+"),
          Distribution.MICROK8S,
              Pattern.compile("(1\\.\\d+)(-strict)?/(stable|candidate|beta|edge)(/[a-z0-9-]+)?"));
  private static final Map<Distribution, String> BUILD_EXAMPLE =
      Map.of(
          Distribution.K3S, "v1.31.4+k3s1",
          Distribution.K0S, "v1.31.4+k0s.0",
          Distribution.MICROK8S, "1.31/stable");

  /** Cluster-wide settings that clusters of one profile must share (the parity guarantee). */
  private static final List<String> PARITY_PREFIXES =
      List.of(
          "distribution",
          "kubernetes",
          "version",
          "datastore.type",
          "network",
          "addons",
          "gitops.engine",
          "gitops.version");

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
    Optional<Distribution> distribution = distribution();
    List<Node> nodes = nodes();
    Optional<Release> release = distribution.flatMap(this::release);
    Optional<Datastore> datastore = distribution.map(d -> datastore(d, nodes));
    Network network = distribution.map(this::network).orElse(null);
    GitOps gitops = gitops();
    Addons addons = addons();
    String apiEndpoint = apiEndpoint();
    Optional<SecretRef> token = settings.secret("token");
    Map<String, Object> extensions = distribution.map(this::extensions).orElse(Map.of());
    distribution.ifPresent(
        d -> checkTopology(d, nodes, datastore.orElse(null), apiEndpoint, token, network));
    distribution.ifPresent(d -> new K0sRules(name, settings, d, nodes).check(apiEndpoint, network));
    if (distribution.orElse(null) == Distribution.MICROK8S) {
      MicroK8sRules.check(name, settings, nodes, release, catalog, diagnostics);
    }
    checkParity();
    Map<String, String> labels = ValueChecks.clusterLabels(settings, diagnostics);
    if (distribution.isEmpty()
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
            distribution.get(),
            release.get(),
            datastore.get(),
            apiEndpoint,
            sans(),
            token.orElse(null),
            nodes,
            network,
            gitops,
            addons,
            extensions,
            provenance));
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

  private Optional<Release> release(Distribution distribution) {
    Optional<String> minor = settings.string("kubernetes");
    if (minor.isEmpty()) {
      if (settings.node("kubernetes").isEmpty()) {
        diagnostics.error(
            ErrorCode.MISSING_FIELD,
            entry.position(),
            "cluster '" + name + "' has no Kubernetes version",
            "set 'kubernetes: \"1.31\"' in the cluster, its profile or defaults");
      }
      return Optional.empty();
    }
    if (!MINOR.matcher(minor.get()).matches()) {
      diagnostics.error(
          ErrorCode.INVALID_VALUE,
          settings.position("kubernetes"),
          "'kubernetes' must be a minor version such as \"1.31\", not '" + minor.get() + "'",
          "write the minor only and quote it; pin an exact build with 'version'");
      return Optional.empty();
    }
    String version;
    Optional<String> pinned = settings.string("version");
    if (pinned.isPresent()) {
      Matcher build = BUILD.get(distribution).matcher(pinned.get());
      if (!build.matches()) {
        diagnostics.error(
            ErrorCode.VERSION_MISMATCH,
            settings.position("version"),
            "'" + pinned.get() + "' is not a " + distribution.id() + " build",
            "a " + distribution.id() + " version looks like " + BUILD_EXAMPLE.get(distribution));
        return Optional.empty();
      }
      if (!build.group(1).equals(minor.get())) {
        diagnostics.error(
            ErrorCode.VERSION_MISMATCH,
            settings.position("version"),
            "version "
                + pinned.get()
                + " is Kubernetes "
                + build.group(1)
                + " but 'kubernetes' is "
                + minor.get()
                + ", set by "
                + provenance.getOrDefault("kubernetes", Provenance.BUILT_IN).describe(),
            "set 'kubernetes: \""
                + build.group(1)
                + "\"' next to the pin, or pin a "
                + minor.get()
                + " build");
        return Optional.empty();
      }
      version = pinned.get();
    } else {
      Optional<String> fromCatalog = catalog.build(distribution, minor.get());
      if (fromCatalog.isEmpty()) {
        diagnostics.error(
            ErrorCode.UNKNOWN_KUBERNETES,
            settings.position("kubernetes"),
            "the release catalog has no "
                + distribution.id()
                + " build for Kubernetes "
                + minor.get(),
            "known minors for "
                + distribution.id()
                + ": "
                + String.join(", ", catalog.minors(distribution))
                + "; or pin an exact build with 'version'");
        return Optional.empty();
      }
      version = fromCatalog.get();
      provenance.put("version", Provenance.CATALOG);
    }
    return Optional.of(new Release(minor.get(), version, components(minor.get())));
  }

  private Map<String, String> components(String minor) {
    Map<String, String> components = new TreeMap<>();
    catalog.toolFor("flux", minor).ifPresent(v -> components.put("flux", v));
    catalog.toolFor("argocd", minor).ifPresent(v -> components.put("argocd", v));
    catalog.rows("chart").forEach((chart, row) -> components.put("chart/" + chart, row.value()));
    catalog.row("velero", "latest").ifPresent(r -> components.put("velero", r.value()));
    catalog
        .row("local-path-provisioner", "latest")
        .ifPresent(r -> components.put("local-path-provisioner", r.value()));
    catalog
        .row("velero-plugin-for-aws", "latest")
        .ifPresent(r -> components.put("velero-plugin-for-aws", r.value()));
    GitOpsRules.pinEngine(settings, catalog, minor, components, diagnostics);
    return components;
  }

  private Datastore datastore(Distribution distribution, List<Node> nodes) {
    Optional<DatastoreType> declared =
        settings.string("datastore.type").flatMap(DatastoreType::fromId);
    DatastoreType type;
    if (declared.isPresent()) {
      type = declared.get();
    } else {
      long servers = nodes.stream().filter(Node::isControlPlane).count();
      type =
          switch (distribution) {
            case K3S -> servers > 1 ? DatastoreType.ETCD : DatastoreType.SQLITE;
            case K0S -> DatastoreType.ETCD;
            case MICROK8S -> DatastoreType.DQLITE;
          };
      provenance.put("datastore.type", Provenance.BUILT_IN);
    }
    Optional<SecretRef> endpoint = settings.secret("datastore.endpoint");
    if (type == DatastoreType.POSTGRES
        && endpoint.isEmpty()
        && settings.node("datastore.endpoint").isEmpty()) {
      diagnostics.error(
          ErrorCode.DATASTORE_ENDPOINT_REQUIRED,
          settings.position("datastore.type"),
          "cluster '" + name + "' uses an external postgres datastore but has no endpoint",
          "add 'endpoint: {secretRef: env:NAME}' under datastore; the variable holds"
              + " postgres://user:password@host:5432/db?sslmode=require");
    }
    if (type != DatastoreType.POSTGRES && endpoint.isPresent()) {
      diagnostics.error(
          ErrorCode.INVALID_VALUE,
          settings.position("datastore.endpoint"),
          "a datastore endpoint only applies to type postgres, this cluster's datastore is "
              + type.id(),
          "remove the endpoint, or set 'type: postgres'");
    }
    return new Datastore(type, type == DatastoreType.POSTGRES ? endpoint.orElse(null) : null);
  }

  private Network network(Distribution distribution) {
    String[] defaults =
        switch (distribution) {
          case K3S -> new String[] {"10.42.0.0/16", "10.43.0.0/16"};
          case K0S -> new String[] {"10.244.0.0/16", "10.96.0.0/12"};
          case MICROK8S -> new String[] {"10.1.0.0/16", "10.152.183.0/24"};
        };
    String pods = cidr("network.podCIDR", defaults[0]);
    String services = cidr("network.serviceCIDR", defaults[1]);
    Optional<Addresses.Cidr> podRange = Addresses.cidr(pods);
    Optional<Addresses.Cidr> serviceRange = Addresses.cidr(services);
    if (podRange.isPresent()
        && serviceRange.isPresent()
        && podRange.get().overlaps(serviceRange.get())) {
      diagnostics.error(
          ErrorCode.CIDR_OVERLAP,
          settings.position("network.serviceCIDR"),
          "service CIDR " + services + " overlaps pod CIDR " + pods,
          "pods and services need separate ranges, e.g. 10.42.0.0/16 and 10.43.0.0/16");
    }
    String provider = settings.string("network.provider").orElse("");
    if (!provider.isEmpty() && distribution != Distribution.K0S) {
      diagnostics.error(
          ErrorCode.INVALID_VALUE,
          settings.position("network.provider"),
          "network.provider only applies to k0s; " + distribution.id() + " brings its own CNI",
          "remove it, or set it in a k0s profile");
    }
    boolean nodeLocal = settings.bool("network.nodeLocalLoadBalancing").orElse(false);
    if (nodeLocal && distribution != Distribution.K0S) {
      diagnostics.error(
          ErrorCode.INVALID_VALUE,
          settings.position("network.nodeLocalLoadBalancing"),
          "node-local load balancing only applies to k0s",
          "K3s agents balance over the servers by themselves; remove the setting");
    }
    return new Network(pods, services, provider, nodeLocal);
  }

  private String cidr(String path, String fallback) {
    Optional<String> text = settings.string(path);
    if (text.isEmpty()) {
      provenance.putIfAbsent(path, Provenance.BUILT_IN);
      return fallback;
    }
    if (Addresses.cidr(text.get()).isEmpty()) {
      diagnostics.error(
          ErrorCode.INVALID_CIDR,
          settings.position(path),
          "'" + text.get() + "' is not a valid CIDR",
          "write the network's first address and a prefix length, e.g. 10.42.0.0/16");
    }
    return text.get();
  }

  private GitOps gitops() {
    GitOpsEngine engine =
        settings.string("gitops.engine").flatMap(GitOpsEngine::fromId).orElse(GitOpsEngine.NONE);
    String repository = settings.string("gitops.repository").orElse("");
    if (engine != GitOpsEngine.NONE && repository.isEmpty()) {
      diagnostics.error(
          ErrorCode.MISSING_FIELD,
          settings.position("gitops.engine"),
          "cluster '" + name + "' syncs with " + engine.id() + " but names no repository",
          "set gitops.repository to the Git URL the cluster pulls from");
    }
    String path = settings.string("gitops.path").orElse("clusters/" + name);
    if (path.startsWith("/")
        || path.contains("\\")
        || List.of(path.split("/")).contains("..")
        || path.isBlank()
        || path.endsWith("/")
        || List.of(path.split("/")).contains(".")) {
      diagnostics.error(
          ErrorCode.INVALID_NAME,
          settings.position("gitops.path"),
          "gitops.path '" + path + "' would leave the output folder",
          "use a relative folder such as clusters/" + name);
    }
    String branch = settings.string("gitops.branch").orElse("main");
    ValueChecks.gitops(engine, repository, branch, settings, diagnostics);
    return new GitOps(engine, repository, branch, path);
  }

  private Addons addons() {
    IngressController ingress =
        settings
            .string("addons.ingress")
            .flatMap(IngressController::fromId)
            .orElse(IngressController.NONE);
    if (ingress == IngressController.INGRESS_NGINX) {
      diagnostics.warning(
          ErrorCode.RETIRED_COMPONENT,
          settings.position("addons.ingress"),
          "ingress-nginx is retired upstream: 4.15.1 is its final chart, with no further security fixes",
          "plan a move to traefik; fleetc keeps delivering the final release meanwhile");
    }
    StorageProvider storage =
        settings
            .string("addons.storage")
            .flatMap(StorageProvider::fromId)
            .orElse(StorageProvider.NONE);
    Velero velero = null;
    settings
        .string("addons.backup.velero.schedule")
        .flatMap(Cron::check)
        .ifPresent(p -> p.report(diagnostics, settings.position("addons.backup.velero.schedule")));
    if (settings.node("addons.backup.velero").isPresent()) {
      Optional<SecretRef> credentials = settings.secret("addons.backup.velero.credentials");
      velero =
          new Velero(
              settings.string("addons.backup.velero.bucket").orElse(""),
              settings.string("addons.backup.velero.region").orElse(""),
              settings.string("addons.backup.velero.schedule").orElse("0 3 * * *"),
              credentials.orElse(null));
    }
    return new Addons(ingress, storage, velero);
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

  private List<Node> nodes() {
    List<Node> nodes = new ArrayList<>();
    Optional<YNode> list = settings.node("nodes");
    if (list.isEmpty() || !(list.get() instanceof YSeq seq)) {
      return nodes;
    }
    Map<String, SourcePosition> names = new HashMap<>();
    NodeAddresses addresses = new NodeAddresses(name, diagnostics);
    for (YNode item : seq.items()) {
      if (!(item instanceof YMap map)) {
        continue;
      }
      Settings node = new Settings(map, diagnostics);
      Optional<String> nodeName = node.string("name");
      Optional<String> address = node.string("address");
      Optional<Role> role = node.string("role").flatMap(Role::fromId);
      nodeName.ifPresent(
          n -> {
            if (!Addresses.isDnsLabel(n)) {
              invalidName(node.position("name"), "node name", n);
            }
            SourcePosition first = names.putIfAbsent(n, node.position("name"));
            if (first != null) {
              diagnostics.error(
                  ErrorCode.DUPLICATE_NODE,
                  node.position("name"),
                  "cluster '" + name + "' has two nodes named '" + n + "'",
                  "the first is at line "
                      + first.line()
                      + "; node names are unique within a cluster");
            }
          });
      address.ifPresent(a -> checkAddress(node, "address", a, false));
      address.ifPresent(
          a -> addresses.claim(nodeName.orElse(""), "address", a, node.position("address")));
      Optional<String> privateAddress = node.string("privateAddress");
      privateAddress.ifPresent(
          a -> {
            checkAddress(node, "privateAddress", a, true);
            addresses.claim(
                nodeName.orElse(""), "privateAddress", a, node.position("privateAddress"));
          });
      List<String> taints = node.strings("taints");
      ValueChecks.nodeLabelsAndTaints(node, diagnostics);
      if (nodeName.isPresent() && address.isPresent() && role.isPresent()) {
        nodes.add(
            new Node(
                nodeName.get(),
                address.get(),
                privateAddress.orElse(null),
                role.get(),
                ssh(node),
                new TreeMap<>(node.stringMap("labels")),
                taints,
                node.bool("schedulable").orElse(false),
                node.node("k0s.host")
                    .map(h -> Map.<String, Object>of("host", Settings.plain(h)))
                    .orElse(Map.of())));
      }
    }
    // Control-plane nodes keep their declared order (the first one bootstraps the datastore);
    // workers are independent of each other, so they come in name order and reordering them in
    // the file changes nothing that is generated.
    List<Node> ordered = new ArrayList<>(nodes.stream().filter(Node::isControlPlane).toList());
    nodes.stream()
        .filter(n -> !n.isControlPlane())
        .sorted(java.util.Comparator.comparing(Node::name))
        .forEach(ordered::add);
    return ordered;
  }

  private void checkAddress(Settings node, String field, String value, boolean ipOnly) {
    boolean ip = Addresses.ip(value).isPresent();
    if (ip || (!ipOnly && !Addresses.looksLikeIp(value) && Addresses.isHostName(value))) {
      return;
    }
    diagnostics.error(
        ErrorCode.INVALID_ADDRESS,
        node.position(field),
        "'" + value + "' is not a valid " + (ipOnly ? "IP address" : "IP address or host name"),
        ipOnly
            ? "privateAddress is the node's IP inside the cluster network, e.g. 10.0.1.11"
            : "write an IPv4/IPv6 address such as 203.0.113.11, or a DNS name");
  }

  /** A node's SSH settings: its own fields over the cluster's. */
  private Ssh ssh(Settings node) {
    String user = node.string("ssh.user").or(() -> settings.string("ssh.user")).orElse("root");
    int port =
        node.integer("ssh.port").or(() -> settings.integer("ssh.port")).orElse(Ssh.DEFAULT_PORT);
    String keyPath =
        node.string("ssh.keyPath").or(() -> settings.string("ssh.keyPath")).orElse(null);
    Settings bastionFrom = node.node("ssh.bastion").isPresent() ? node : settings;
    Bastion bastion = null;
    Optional<String> bastionAddress = bastionFrom.string("ssh.bastion.address");
    bastionAddress
        .flatMap(NetworkAddress::checkBastion)
        .ifPresent(p -> p.report(diagnostics, bastionFrom.position("ssh.bastion.address")));
    if (bastionAddress.isPresent()) {
      bastion =
          new Bastion(
              bastionAddress.get(),
              bastionFrom.string("ssh.bastion.user").orElse(user),
              bastionFrom.integer("ssh.bastion.port").orElse(Ssh.DEFAULT_PORT),
              bastionFrom.string("ssh.bastion.keyPath").orElse(keyPath));
    }
    return new Ssh(user, port, keyPath, bastion);
  }

  private void checkTopology(
      Distribution distribution,
      List<Node> nodes,
      Datastore datastore,
      String apiEndpoint,
      Optional<SecretRef> token,
      Network network) {
    if (nodes.isEmpty()) {
      // Nodes that are there but incomplete were reported by the shape check already.
      if (settings
          .node("nodes")
          .filter(n -> n instanceof YSeq seq && seq.items().isEmpty())
          .isPresent()) {
        diagnostics.error(
            ErrorCode.MISSING_FIELD,
            settings.position("nodes"),
            "cluster '" + name + "' has no nodes",
            "list at least one node with name, address and role");
      }
      return;
    }
    List<Node> servers = nodes.stream().filter(Node::isControlPlane).toList();
    if (servers.isEmpty()) {
      diagnostics.error(
          ErrorCode.NO_CONTROL_PLANE,
          settings.position("nodes"),
          "cluster '" + name + "' has no control-plane node",
          "give at least one node 'role: control-plane'");
      return;
    }
    if (datastore == null) {
      return;
    }
    DatastoreType type = datastore.type();
    Set<DatastoreType> allowed =
        switch (distribution) {
          case K3S -> Set.of(DatastoreType.ETCD, DatastoreType.POSTGRES, DatastoreType.SQLITE);
          case K0S -> Set.of(DatastoreType.ETCD, DatastoreType.POSTGRES, DatastoreType.SQLITE);
          case MICROK8S -> Set.of(DatastoreType.DQLITE);
        };
    SourcePosition datastoreAt = settings.position("datastore.type");
    if (!allowed.contains(type)) {
      diagnostics.error(
          ErrorCode.UNSUPPORTED_DATASTORE,
          datastoreAt,
          distribution.id() + " cannot run on a " + type.id() + " datastore",
          distribution.id()
              + " supports: "
              + allowed.stream()
                  .map(DatastoreType::id)
                  .sorted()
                  .reduce((a, b) -> a + ", " + b)
                  .orElse(""));
      return;
    }
    if (type == DatastoreType.SQLITE && servers.size() > 1) {
      diagnostics.error(
          ErrorCode.UNSUPPORTED_DATASTORE,
          datastoreAt,
          "sqlite serves a single control-plane node; cluster '" + name + "' has " + servers.size(),
          "use etcd (3 control-plane nodes) or postgres for several control-plane nodes");
    }
    if (type.needsQuorum() && servers.size() > 1 && servers.size() % 2 == 0) {
      diagnostics.error(
          ErrorCode.QUORUM,
          settings.position("nodes"),
          "cluster '"
              + name
              + "' has "
              + servers.size()
              + " control-plane nodes on "
              + type.id()
              + ": an even number adds no fault tolerance"
              + (servers.size() == 2 ? " (losing either node loses quorum)" : ""),
          "use 1, 3 or 5 control-plane nodes");
    }
    if (distribution == Distribution.K0S
        && servers.size() > 1
        && apiEndpoint == null
        && !network.nodeLocalLoadBalancing()) {
      diagnostics.error(
          ErrorCode.API_ENDPOINT_REQUIRED,
          entry.position(),
          "k0s cluster '" + name + "' has " + servers.size() + " controllers but no apiEndpoint",
          "set apiEndpoint to the controllers' load balancer, or 'network.nodeLocalLoadBalancing: true'");
    }
    if (distribution == Distribution.K3S && servers.size() > 1 && apiEndpoint == null) {
      diagnostics.warning(
          ErrorCode.NO_REGISTRATION_ADDRESS,
          entry.position(),
          "K3s cluster '"
              + name
              + "' has several servers but no apiEndpoint: nodes register with "
              + servers.get(0).name()
              + ", which then must stay up",
          "set apiEndpoint to a load balancer, VIP or DNS name in front of the servers");
    }
    boolean needsToken = distribution != Distribution.K0S && nodes.size() > 1;
    if (needsToken && token.isEmpty() && settings.node("token").isEmpty()) {
      diagnostics.error(
          ErrorCode.TOKEN_REQUIRED,
          entry.position(),
          "cluster '" + name + "' has several nodes but no join token",
          "add 'token: {secretRef: env:NAME}'; the nodes read the shared token from it at install time");
    }
  }

  private Map<String, Object> extensions(Distribution distribution) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    switch (distribution) {
      case K3S -> {
        K3sRules.escapeHatch(settings, "k3s.server", K3sFlags.server(), "server", diagnostics)
            .ifPresent(m -> extensions.put("server", m));
        K3sRules.escapeHatch(settings, "k3s.agent", K3sFlags.agent(), "agent", diagnostics)
            .ifPresent(m -> extensions.put("agent", m));
      }
      case K0S -> {
        settings.node("k0s.config").ifPresent(n -> extensions.put("config", Settings.plain(n)));
        settings.node("k0s.hosts").ifPresent(n -> extensions.put("hosts", Settings.plain(n)));
      }
      case MICROK8S -> extensions.putAll(MicroK8sRules.extensions(settings, diagnostics));
    }
    return extensions;
  }

  private void checkParity() {
    if (profile.isEmpty()) {
      return;
    }
    provenance.forEach(
        (path, from) -> {
          if (from.layer() == Layer.CLUSTER
              && PARITY_PREFIXES.stream()
                  .anyMatch(p -> path.equals(p) || path.startsWith(p + "."))) {
            diagnostics.warning(
                ErrorCode.PARITY_OVERRIDE,
                from.position(),
                "cluster '"
                    + name
                    + "' sets '"
                    + path
                    + "' itself although it uses profile '"
                    + profile
                    + "': clusters of that profile are no longer identical",
                "move the setting into a profile of its own if the difference is intended");
          }
        });
  }

  private void invalidName(SourcePosition at, String what, String value) {
    diagnostics.error(
        ErrorCode.INVALID_NAME,
        at,
        what + " '" + value + "' is not a DNS-1123 label",
        "use at most 63 lower-case letters, digits and '-', starting and ending with a letter or"
            + " digit; names become folder names and must not contain '/' or '..'");
  }
}
