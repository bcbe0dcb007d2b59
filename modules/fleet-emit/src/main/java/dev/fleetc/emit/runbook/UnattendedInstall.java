package dev.fleetc.emit.runbook;

import dev.fleetc.emit.support.YamlWriter;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Node;
import dev.fleetc.model.SecretRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * What a K3s or MicroK8s node booted from its cloud-init user-data does, shared by the user-data
 * emitter and the runbooks' section "Unattended install (cloud-init)": where the secrets go, the
 * first-boot service and its status file, cloud-init's merge rules, and the operator's secrets part
 * that the runbook shows.
 */
public final class UnattendedInstall {

  /** The root-only file of {@code NAME=value} lines for the scripts' {@code env:} secrets. */
  public static final String SECRETS_ENV = "/etc/fleetc/secrets.env";

  /** Where the node's files, its one-line status and the deadline's start are kept. */
  public static final String NODE_FOLDER = "/var/lib/fleetc";

  /** The systemd unit that runs the first boot until it succeeds. */
  public static final String UNIT = "fleetc-first-boot.service";

  /** The EC2 user-data limit, which every node's user-data stays under. */
  public static final int USER_DATA_LIMIT = 16_384;

  /** How long a node keeps trying unless the fleet says otherwise. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofHours(24);

  // The project's writer, with multi-line strings (scripts, files) as literal blocks so that the
  // user-data stays readable; everything else as YamlWriter writes it.
  private static final ObjectMapper LITERAL_BLOCKS =
      ((YAMLMapper) YamlWriter.mapper())
          .rebuild()
          .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
          .build();

  /** The K3s supervisor port, which answers /ping without credentials. */
  private static final int K3S_SUPERVISOR_PORT = 6443;

  /** The MicroK8s cluster agent's port, where nodes join. */
  private static final int MICROK8S_AGENT_PORT = 25000;

  private UnattendedInstall() {}

  /** A cloud-config document (without its header) with multi-line strings as literal blocks. */
  public static String cloudConfig(Object document) {
    return LITERAL_BLOCKS.writeValueAsString(document);
  }

  /**
   * cloud-init's merge rules for a part that carries them: lists append (so every part's {@code
   * write_files} and {@code runcmd} are kept, in whichever order the parts come) and dictionaries
   * keep what is there and recurse into lists (cloudinit/mergers/m_list.py, m_dict.py).
   */
  public static List<Map<String, Object>> mergeHow() {
    Map<String, Object> list = new LinkedHashMap<>();
    list.put("name", "list");
    list.put("settings", List.of("append"));
    Map<String, Object> dict = new LinkedHashMap<>();
    dict.put("name", "dict");
    dict.put("settings", List.of("no_replace", "recurse_list"));
    return List.of(list, dict);
  }

  /** The placeholder of a secret's value in the runbook's part. */
  public static String placeholder(SecretRef ref) {
    return ref.scheme() == SecretRef.Scheme.ENV
        ? "<value of " + ref.name() + ">"
        : "<contents of " + ref.name() + ">";
  }

  /**
   * The second {@code #cloud-config} part an operator adds to deliver the cluster's secrets, with
   * placeholders where the values go: {@value #SECRETS_ENV} for {@code env:} references, each
   * {@code file:} reference at its path.
   */
  public static String operatorPart(Cluster cluster) {
    List<SecretRef> secrets = NodeSecrets.ofCluster(cluster);
    List<Object> files = new ArrayList<>();
    StringBuilder env = new StringBuilder();
    for (SecretRef ref : secrets) {
      if (ref.scheme() == SecretRef.Scheme.ENV) {
        env.append(ref.name()).append('=').append(placeholder(ref)).append('\n');
      }
    }
    if (!env.isEmpty()) {
      files.add(secretFile(SECRETS_ENV, env.toString()));
    }
    for (SecretRef ref : secrets) {
      if (ref.scheme() == SecretRef.Scheme.FILE) {
        files.add(secretFile(ref.name(), placeholder(ref) + "\n"));
      }
    }
    Map<String, Object> part = new LinkedHashMap<>();
    part.put("merge_how", mergeHow());
    part.put("write_files", files);
    return "#cloud-config\n" + cloudConfig(part);
  }

  private static Map<String, Object> secretFile(String path, String content) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("path", path);
    file.put("owner", "root:root");
    file.put("permissions", "0600");
    file.put("content", content);
    return file;
  }

  /**
   * What a node waits for before it installs: {@code url} answers ({@code ping} 1: the K3s
   * supervisor's /ping; 0: the MicroK8s cluster agent answers at all).
   */
  public record JoinWait(String what, String url, boolean ping) {}

  /**
   * The join order: the first control-plane node starts the cluster; each other control-plane node
   * waits for the registration address (K3s, embedded etcd) or the first node's cluster agent
   * (MicroK8s) and for the control-plane node before it in the fleet's order, so they join one at a
   * time; workers wait for the control plane.
   */
  public static List<JoinWait> joinWaits(Cluster cluster, Node node) {
    List<Node> controlPlane = cluster.controlPlane();
    int index = controlPlane.indexOf(node);
    if (index == 0) {
      return List.of();
    }
    List<JoinWait> waits = new ArrayList<>();
    boolean k3s = cluster.distribution() == Distribution.K3S;
    if (k3s) {
      boolean joinsThroughServer =
          !node.isControlPlane() || cluster.datastore().type() == DatastoreType.ETCD;
      if (joinsThroughServer) {
        String url = url(cluster.registrationAddress(), K3S_SUPERVISOR_PORT);
        waits.add(new JoinWait("the registration address " + url, url + "/ping", true));
      }
    } else {
      Node first = controlPlane.get(0);
      String url = url(first.clusterAddress(), MICROK8S_AGENT_PORT);
      waits.add(new JoinWait(first.name() + "'s cluster agent " + url, url + "/", false));
    }
    if (index > 0) {
      Node previous = controlPlane.get(index - 1);
      int port = k3s ? K3S_SUPERVISOR_PORT : MICROK8S_AGENT_PORT;
      String url = url(previous.clusterAddress(), port);
      String probe = url + (k3s ? "/ping" : "/");
      if (waits.stream().noneMatch(w -> w.url().equals(probe))) {
        waits.add(
            new JoinWait("the node before it, " + previous.name() + ", at " + url, probe, k3s));
      }
    }
    return waits;
  }

  private static String url(String host, int port) {
    return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
  }

  /** How long a node keeps trying: the fleet's {@code firstBoot.deadline}, else 24 hours. */
  public static Duration deadline(Cluster cluster) {
    return cluster.firstBootDeadlineIfAny().orElse(DEFAULT_DEADLINE);
  }

  /**
   * A deadline as the runbook and the scripts say it: {@code 3d}, {@code 24h}, {@code 90m} (whole
   * days from two days on).
   */
  public static String durationText(Duration duration) {
    long seconds = duration.toSeconds();
    if (seconds % 86400 == 0 && seconds > 86400) {
      return seconds / 86400 + "d";
    }
    if (seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }

  /** The runbook section's scope, for the {@code runbook/unattended.md.mustache} partial. */
  public static Map<String, Object> runbookScope(Cluster cluster) {
    Duration deadline = deadline(cluster);
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("secretsEnv", SECRETS_ENV);
    scope.put("unit", UNIT);
    scope.put("nodeFolder", NODE_FOLDER);
    scope.put("limit", String.format(java.util.Locale.ROOT, "%,d", USER_DATA_LIMIT));
    scope.put("deadline", durationText(deadline));
    scope.put("operatorPart", operatorPart(cluster));
    scope.put("hasSecrets", !NodeSecrets.ofCluster(cluster).isEmpty());
    Node first = cluster.controlPlane().get(0);
    scope.put("exampleNode", first.name());
    List<Map<String, Object>> order = new ArrayList<>();
    List<Node> nodes = new ArrayList<>(cluster.controlPlane());
    nodes.addAll(cluster.workers());
    for (Node node : nodes) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("node", node.name());
      List<JoinWait> waits = joinWaits(cluster, node);
      row.put(
          "waits",
          waits.isEmpty()
              ? "waits for nothing but its secrets"
                  + (node.equals(first) ? ": it starts the cluster" : "")
              : "waits for " + String.join(" and ", waits.stream().map(JoinWait::what).toList()));
      order.add(row);
    }
    scope.put("order", order);
    return scope;
  }
}
