package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.importer.K3sImporter.NodeConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides an imported K3s cluster's datastore type and the secret references that replace its join
 * token, agent token and datastore endpoint; inline secret values are never copied.
 */
final class K3sClusterSecrets {

  /** Where fleetc-generated install scripts write the token; a token-file there is fleetc's. */
  static final String FLEETC_TOKEN_FILE = "/etc/rancher/k3s/fleet-token";

  /** Where fleetc-generated install scripts write the agent token. */
  static final String FLEETC_AGENT_TOKEN_FILE = "/etc/rancher/k3s/fleet-agent-token";

  private final ImportReport report;

  K3sClusterSecrets(ImportReport report) {
    this.report = report;
  }

  /** {@code etcd}, {@code sqlite} or {@code postgres}, from the servers' configs. */
  String datastore(String name, List<NodeConfig> servers) {
    boolean endpoint = servers.stream().anyMatch(s -> s.config().containsKey("datastore-endpoint"));
    boolean etcd =
        servers.stream().anyMatch(s -> K3sImporter.init(s) || s.config().containsKey("server"));
    if (endpoint) {
      String text =
          servers.stream()
              .map(s -> Imports.string(s.config().get("datastore-endpoint")))
              .filter(Objects::nonNull)
              .findFirst()
              .orElse("");
      String variable = Imports.variable(name, "DATASTORE_ENDPOINT");
      report.secret(
          servers.get(0).file(),
          "datastore-endpoint is written inline; it became {secretRef: env:"
              + variable
              + "}: set "
              + variable
              + " to it when running the install scripts");
      if (!text.startsWith("postgres")) {
        report.notExpressed(
            servers.get(0).file(),
            "the datastore is not PostgreSQL; fleetc supports postgres only as an external datastore");
      }
      return "postgres";
    }
    if (etcd) {
      return "etcd";
    }
    if (servers.size() == 1) {
      return "sqlite";
    }
    // Several servers without cluster-init or a datastore-endpoint share an external datastore
    // whose endpoint came from the environment (K3S_DATASTORE_ENDPOINT), as fleetc's scripts do.
    String variable = Imports.variable(name, "DATASTORE_ENDPOINT");
    report.secret(
        servers.get(0).file(),
        "several servers without cluster-init or datastore-endpoint share an external datastore"
            + " given outside config.yaml; imported as postgres with {secretRef: env:"
            + variable
            + "}: set "
            + variable);
    return "postgres";
  }

  /** Puts the cluster's {@code token} reference, unless a lone node names none. */
  void token(String name, List<NodeConfig> nodes, Map<String, Object> cluster) {
    Set<String> files = new LinkedHashSet<>();
    boolean inline = false;
    for (NodeConfig node : nodes) {
      Object file = node.config().get("token-file");
      if (file != null) {
        files.add(String.valueOf(file));
      }
      inline |= node.config().containsKey("token") || node.config().containsKey("t");
    }
    if (files.isEmpty() && !inline && nodes.size() == 1) {
      return;
    }
    String ref;
    if (inline || files.isEmpty() || files.contains(FLEETC_TOKEN_FILE)) {
      String variable = Imports.variable(name, "TOKEN");
      ref = "env:" + variable;
      report.secret(
          nodes.get(0).file(),
          (inline ? "the join token is written inline" : "the join token is not in the configs")
              + "; it became {secretRef: "
              + ref
              + "}: set "
              + variable
              + " to the cluster's token when running the install scripts");
    } else {
      ref = "file:" + files.iterator().next();
      if (files.size() > 1) {
        report.inconsistent(
            nodes.get(0).file(), "nodes read the token from different files: " + files);
      }
    }
    cluster.put("token", Imports.secretRef(ref));
  }

  /**
   * Servers that read an agent token ({@code agent-token-file}) make it the cluster's {@code
   * agentToken}; agents then read that token from their token file.
   */
  void agentToken(String name, List<NodeConfig> nodes, Map<String, Object> cluster) {
    Set<String> files = new LinkedHashSet<>();
    for (NodeConfig node : nodes) {
      Object file = node.config().get("agent-token-file");
      if (file != null) {
        files.add(String.valueOf(file));
      }
    }
    if (files.isEmpty()) {
      return;
    }
    String ref;
    if (files.contains(FLEETC_AGENT_TOKEN_FILE)) {
      String variable = Imports.variable(name, "AGENT_TOKEN");
      ref = "env:" + variable;
      report.secret(
          nodes.get(0).file(),
          "the agent token is not in the configs; it became {secretRef: "
              + ref
              + "}: set "
              + variable
              + " to the agents' token when running the install scripts");
    } else {
      ref = "file:" + files.iterator().next();
      if (files.size() > 1) {
        report.inconsistent(
            nodes.get(0).file(), "servers read the agent token from different files: " + files);
      }
    }
    cluster.put("agentToken", Imports.secretRef(ref));
  }
}
