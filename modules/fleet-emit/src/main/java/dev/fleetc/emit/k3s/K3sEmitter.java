package dev.fleetc.emit.k3s;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.TargetEmitter;
import dev.fleetc.emit.addons.AddonReleases;
import dev.fleetc.emit.addons.AddonReleases.AddonRelease;
import dev.fleetc.emit.runbook.DatastoreSteps;
import dev.fleetc.emit.runbook.NodeSecrets;
import dev.fleetc.emit.runbook.Runbooks;
import dev.fleetc.emit.runbook.SecretSource;
import dev.fleetc.emit.runbook.UnattendedInstall;
import dev.fleetc.emit.runbook.VeleroSecret;
import dev.fleetc.emit.support.Templates;
import dev.fleetc.emit.support.YamlWriter;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.Node;
import dev.fleetc.model.SecretRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** K3s node configs, install scripts and the cluster runbook. */
public final class K3sEmitter implements TargetEmitter {

  private static final String INSTALL_TEMPLATE = "dev/fleetc/emit/k3s/install.sh.mustache";
  private static final String RUNBOOK_TEMPLATE = "dev/fleetc/emit/k3s/RUNBOOK.md.mustache";

  @Override
  public Distribution distribution() {
    return Distribution.K3S;
  }

  @Override
  public void prepare() {
    Templates.prepareShell(INSTALL_TEMPLATE);
    Templates.prepareText(RUNBOOK_TEMPLATE);
  }

  @Override
  public List<Artifact> emit(Cluster cluster) {
    List<Artifact> artifacts = new ArrayList<>();
    // Resolved once: the install scripts carry the manifest, the runbook describes it.
    List<AddonRelease> resolved = AddonReleases.resolved(cluster);
    List<AddonRelease> charts = K3sAddons.charts(cluster, resolved);
    String addons = K3sAddons.manifest(cluster, charts);
    if (addons != null) {
      artifacts.add(Artifact.of(K3sAddons.path(cluster), ArtifactKind.OTHER, addons));
    }
    for (Node node : cluster.nodes()) {
      String dir = OutputLayout.node(cluster, node);
      String config = YamlWriter.write(K3sConfig.forNode(cluster, node));
      artifacts.add(
          new Artifact(
              dir + "/config.yaml", ArtifactKind.K3S_CONFIG, node.name(), node.role(), config));
      artifacts.add(
          new Artifact(
              dir + "/install.sh",
              ArtifactKind.K3S_INSTALL,
              node.name(),
              node.role(),
              Templates.shell(INSTALL_TEMPLATE, installScope(cluster, node, config, addons))));
    }
    artifacts.add(
        Artifact.of(
            OutputLayout.runbook(cluster),
            ArtifactKind.RUNBOOK,
            Templates.text(RUNBOOK_TEMPLATE, runbookScope(cluster, resolved, charts, addons))));
    return artifacts;
  }

  private static Map<String, Object> installScope(
      Cluster cluster, Node node, String config, String addons) {
    if (config.lines().anyMatch("FLEETC_CONFIG_YAML"::equals)) {
      throw new IllegalStateException("config.yaml contains the here-document delimiter");
    }
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("cluster", cluster.name());
    scope.put("node", node.name());
    scope.put("address", node.address());
    scope.put("version", cluster.release().version());
    scope.put("server", node.isControlPlane());
    scope.put("roleWord", node.isControlPlane() ? "server" : "agent");
    scope.put("command", node.isControlPlane() ? "server" : "agent");
    scope.put("service", node.isControlPlane() ? "k3s" : "k3s-agent");
    scope.put("tokenFile", K3sConfig.TOKEN_FILE);
    scope.put("config", config);
    if (addons != null && node.isControlPlane()) {
      if (addons.lines().anyMatch("FLEETC_ADDONS_YAML"::equals)) {
        throw new IllegalStateException(
            "the add-ons manifest contains the here-document delimiter");
      }
      Map<String, Object> addonScope = new LinkedHashMap<>();
      addonScope.put("manifestsDir", K3sAddons.manifestsDir(cluster));
      addonScope.put("file", K3sAddons.FILE_NAME);
      addonScope.put("content", addons);
      scope.put("addons", addonScope);
    }
    joinToken(cluster, node)
        .ifPresent(
            t ->
                scope.put(
                    "token",
                    new JoinToken(
                        t.scheme().prefix(),
                        t.name(),
                        t.equals(cluster.token()) ? "the cluster token" : "the agent token")));
    joinToken(cluster, node)
        .filter(t -> K3sConfig.joinsAServer(cluster, node))
        .ifPresent(
            t ->
                scope.put(
                    "verifyServer", Map.of("user", t.equals(cluster.token()) ? "server" : "node")));
    if (node.equals(cluster.controlPlane().get(0)) && cluster.nodes().size() > 1) {
      scope.put("printCaHash", true);
    }
    if (node.isControlPlane()) {
      cluster
          .agentTokenIfAny()
          .ifPresent(
              t ->
                  scope.put(
                      "agentToken",
                      new AgentToken(t.scheme().prefix(), t.name(), K3sConfig.AGENT_TOKEN_FILE)));
    }
    if (node.isControlPlane() && cluster.datastore().type() == DatastoreType.POSTGRES) {
      scope.put("datastore", SecretSource.of(cluster.datastore().endpoint()));
    }
    if (K3sConfig.startsCluster(cluster, node)) {
      Map<String, Object> init = new LinkedHashMap<>();
      init.put("dataDir", K3sConfig.dataDir(cluster, node));
      init.put("peers", peers(cluster, node));
      scope.put("clusterInit", init);
    }
    scope.put("secretEnvList", Runbooks.sudoPreserveEnv(secretsOf(cluster, node)));
    return scope;
  }

  /** The token a node joins with, read by {@code read_secret}; {@code what} names it. */
  record JoinToken(String scheme, String name, String what) {}

  /** The agent token on a server, which also keeps it in {@code file}. */
  record AgentToken(String scheme, String name, String file) {}

  /** The token a node joins with: agents take the agent token when there is one. */
  private static java.util.Optional<SecretRef> joinToken(Cluster cluster, Node node) {
    return NodeSecrets.k3sJoinToken(cluster, node);
  }

  /**
   * The supervisor URLs where an existing cluster would answer: the registration address, which
   * balances over every server; without one, the other servers themselves.
   */
  private static List<String> peers(Cluster cluster, Node node) {
    java.util.Set<String> hosts = new java.util.LinkedHashSet<>();
    cluster.apiEndpointIfAny().ifPresent(hosts::add);
    if (hosts.isEmpty()) {
      for (Node server : cluster.controlPlane()) {
        if (!server.equals(node)) {
          hosts.add(server.clusterAddress());
        }
      }
    }
    return hosts.stream()
        .map(h -> "https://" + (h.contains(":") ? "[" + h + "]" : h) + ":6443")
        .toList();
  }

  private static List<SecretRef> secretsOf(Cluster cluster, Node node) {
    return NodeSecrets.of(cluster, node);
  }

  private static Map<String, Object> runbookScope(
      Cluster cluster, List<AddonRelease> resolved, List<AddonRelease> charts, String addons) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("cluster", cluster.name());
    scope.put("version", cluster.release().version());
    scope.put("minor", cluster.release().kubernetesMinor());
    scope.put("region", cluster.region().isEmpty() ? null : cluster.region());
    scope.put("joinUrl", K3sConfig.joinUrl(cluster));
    Node firstServer = cluster.controlPlane().get(0);
    scope.put("firstServer", firstServer.name());
    scope.put("firstServerAddress", firstServer.address());
    scope.put("firstServerSsh", Runbooks.sshTarget(firstServer));
    scope.put("firstServerSudo", Runbooks.sudo(firstServer));
    scope.put("singleServer", cluster.controlPlane().size() == 1);
    scope.put("sqlite", cluster.datastore().type() == DatastoreType.SQLITE);
    scope.put("postgresStore", cluster.datastore().type() == DatastoreType.POSTGRES);
    scope.put("firstSecretEnvList", Runbooks.sudoPreserveEnv(secretsOf(cluster, firstServer)));
    scope.put("apiEndpoint", cluster.apiEndpoint() != null);
    scope.put("etcd", cluster.datastore().type() == DatastoreType.ETCD);
    scope.put("serverCount", cluster.controlPlane().size());
    scope.put("agentCount", cluster.workers().size());
    scope.put("nodeCount", cluster.nodes().size());
    scope.put("bootstrapDir", OutputLayout.bootstrap(cluster));
    scope.put(
        "datastoreText",
        switch (cluster.datastore().type()) {
          case ETCD ->
              "embedded etcd (`cluster-init` on " + cluster.controlPlane().get(0).name() + ")";
          case POSTGRES ->
              "external PostgreSQL through kine, endpoint from `"
                  + cluster.datastore().endpoint()
                  + "`";
          case SQLITE -> "embedded SQLite (single server)";
          case DQLITE -> "dqlite";
        });
    scope.put(
        "gitopsText",
        cluster.gitops().engine() == GitOpsEngine.NONE
            ? "none (K3s bundled components)"
            : cluster.gitops().engine().id() + ", path `" + cluster.gitops().path() + "`");
    if (cluster.gitops().engine() != GitOpsEngine.NONE) {
      scope.put("gitops", cluster.gitops());
    }
    List<Map<String, Object>> secrets = new ArrayList<>();
    cluster
        .tokenIfAny()
        .ifPresent(
            t ->
                secrets.add(
                    Map.of(
                        "ref",
                        t.toString(),
                        "purpose",
                        (cluster.agentToken() == null
                                ? "the cluster token, the same on every node"
                                : "the cluster token, servers only")
                            + ": a long random string (e.g. `openssl rand -hex 32`). "
                            + keepTokenBecause(cluster))));
    cluster
        .agentTokenIfAny()
        .ifPresent(
            t ->
                secrets.add(
                    Map.of(
                        "ref",
                        t.toString(),
                        "purpose",
                        "the agent token (servers and agents; another long random string): servers"
                            + " accept it from agents only (`agent-token-file`), agents join with"
                            + " it, so an agent's secret cannot join a server.")));
    if (cluster.datastore().type() == DatastoreType.POSTGRES) {
      secrets.add(
          Map.of(
              "ref",
              cluster.datastore().endpoint().toString(),
              "purpose",
              "servers only: `postgres://user:password@host:5432/database?sslmode=require`, password"
                  + " percent-encoded"));
    }
    scope.put("secrets", secrets);
    DatastoreSteps.of(cluster).ifPresent(steps -> scope.put("postgres", steps));
    List<Map<String, Object>> steps = new ArrayList<>();
    List<Node> ordered = new ArrayList<>(cluster.controlPlane());
    ordered.addAll(cluster.workers());
    for (Node node : ordered) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("number", steps.size() + 1);
      step.put("node", node.name());
      step.put("address", node.address());
      step.put("roleWord", node.isControlPlane() ? "server" : "agent");
      step.put("secretEnvList", Runbooks.sudoPreserveEnv(secretsOf(cluster, node)));
      if (K3sConfig.joinsAServer(cluster, node) && joinToken(cluster, node).isPresent()) {
        step.put("verifyEnv", "FLEETC_K3S_CA_HASH=<hash from step 1> ");
        scope.put("verifiedJoins", true);
      }
      if (steps.isEmpty() && cluster.datastore().type() == DatastoreType.ETCD) {
        step.put("note", "It starts the embedded etcd cluster");
      }
      steps.add(step);
    }
    scope.put("steps", steps);
    scope.put("unattended", UnattendedInstall.runbookScope(cluster));
    if (addons != null) {
      scope.put("nativeAddons", nativeAddonsScope(cluster, resolved, charts));
    }
    return scope;
  }

  private static Map<String, Object> nativeAddonsScope(
      Cluster cluster, List<AddonRelease> resolved, List<AddonRelease> charts) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("manifestPath", K3sAddons.path(cluster));
    scope.put("manifestsDir", K3sAddons.manifestsDir(cluster));
    List<Map<String, Object>> addons = new ArrayList<>();
    for (AddonRelease addon : resolved) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("role", addon.role());
      if (charts.contains(addon)) {
        row.put("what", "`HelmChart` " + addon.name() + " (kube-system)");
        row.put("version", "`" + addon.source().version() + "`");
      } else {
        row.put(
            "what",
            addon.source().git()
                ? "bundled local-path storage, default StorageClass `local-path`"
                : "bundled " + addon.name());
        row.put("version", "the one K3s bundles");
      }
      row.put("namespace", addon.source().git() ? "kube-system" : addon.namespace());
      addons.add(row);
    }
    scope.put("addons", addons);
    cluster
        .addons()
        .backupIfAny()
        .ifPresent(
            v ->
                scope.put(
                    "velero",
                    VeleroSecret.of(v.credentials(), AddonReleases.VELERO_CREDENTIALS_SECRET)));
    return scope;
  }

  /**
   * Why the server token must be kept, by datastore: K3s derives the key that encrypts its
   * bootstrap data (CA keys, service-account key) in the datastore from it (docs.k3s.io/cli/token,
   * "Server").
   */
  private static String keepTokenBecause(Cluster cluster) {
    return switch (cluster.datastore().type()) {
      case ETCD -> "Keep it: restoring an etcd snapshot needs it.";
      case SQLITE ->
          "Keep it with the backups of `/var/lib/rancher/k3s/server/db`: the SQLite database"
              + " cannot be used again without it.";
      case POSTGRES ->
          "Keep it with the PostgreSQL database's backups: a server started on that database"
              + " (restored, rebuilt or new) cannot read the cluster's state without it.";
      default -> "Keep it: the datastore's bootstrap data is encrypted with it.";
    };
  }
}
