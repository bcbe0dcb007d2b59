package dev.fleetc.compiler.importer;

import static dev.fleetc.compiler.importer.Imports.copy;
import static dev.fleetc.compiler.importer.Imports.list;
import static dev.fleetc.compiler.importer.Imports.map;
import static dev.fleetc.compiler.importer.Imports.string;

import dev.fleetc.compiler.diagnostics.SecretMasker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hosts of a k0sctl.yaml as fleet nodes: hostname, address, role, SSH, labels and taints from
 * install flags; the remaining host fields go to the {@code k0s} escape hatch, shared ones to the
 * cluster's {@code k0s.hosts}.
 */
final class K0sctlHosts {

  private static final Set<String> SSH_FIELDS = Set.of("address", "user", "port", "keyPath");

  private final String file;
  private final String cluster;
  private final ImportReport report;

  K0sctlHosts(String file, String cluster, ImportReport report) {
    this.file = file;
    this.cluster = cluster;
    this.report = report;
  }

  List<Map<String, Object>> nodes(List<Object> hosts) {
    Map<String, Set<Object>> environmentValues = environmentValues(hosts);
    List<Map<String, Object>> nodes = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    int index = 0;
    for (Object item : hosts) {
      index++;
      Map<String, Object> host = map(item);
      if (host == null) {
        report.error(
            report.hostPosition(file, index - 1),
            "spec.hosts[" + (index - 1) + "] is not a mapping");
        continue;
      }
      host = new LinkedHashMap<>(host);
      String where = "spec.hosts[" + (index - 1) + "]";
      Map<String, Object> ssh = map(host.remove("ssh"));
      Map<String, Object> openSsh = map(host.get("openSSH"));
      boolean viaOpenSsh = false;
      if (ssh == null && openSsh != null && openSsh.get("address") != null) {
        // k0sctl's openSSH connection: the system ssh client, which reads ~/.ssh/config. The
        // fleet says the same with ssh.client: openssh (user and port only when written).
        host.remove("openSSH");
        ssh = openSsh;
        viaOpenSsh = true;
      }
      if (ssh == null) {
        Set<String> other = new LinkedHashSet<>(host.keySet());
        other.retainAll(Set.of("localhost", "winRM", "openSSH"));
        report.error(
            report.hostPosition(file, index - 1),
            where
                + " connects "
                + (other.isEmpty()
                    ? "without an ssh block"
                    : other.contains("openSSH") && openSsh != null
                        ? "through openSSH without an address"
                        : "through " + other)
                + "; the fleet language reaches nodes over SSH only (ssh, or openSSH with"
                + " ssh.client: openssh)");
        continue;
      }
      ssh = new LinkedHashMap<>(ssh);
      String address = string(ssh.remove("address"));
      if (address == null) {
        report.error(report.hostPosition(file, index - 1), where + ".ssh has no address");
        continue;
      }
      Map<String, Object> node = new LinkedHashMap<>();
      String hostname = string(host.remove("hostname"));
      String name = Imports.label(hostname != null ? hostname : "node-" + address);
      while (!names.add(name)) {
        name = Imports.label(name + "-" + index);
      }
      if (hostname != null && !hostname.equals(name)) {
        report.notExpressed(
            file,
            where + " hostname '" + hostname + "' is not a DNS-1123 label; named '" + name + "'");
      }
      node.put("name", name);
      if (hostname == null) {
        // k0sctl leaves the machine's hostname alone: so does fleetc (no invented hostname).
        node.put("keepHostname", true);
      }
      node.put("address", address);
      String role = Objects.toString(host.remove("role"), "worker");
      Object privateAddress = host.remove("privateAddress");
      if (privateAddress != null) {
        node.put("privateAddress", String.valueOf(privateAddress));
      }
      // k0sctl (since v0.12.0, Host.SetDefaults) makes a host with --enable-worker a
      // controller+worker and one with --no-taints noTaints: the file says what k0sctl runs.
      if (role.equals("controller") || role.equals("controller+worker")) {
        if (removeFlag(host, list(host.get("installFlags")), "--enable-worker")) {
          role = "controller+worker";
        }
        if (removeFlag(host, list(host.get("installFlags")), "--no-taints")) {
          host.put("noTaints", true);
        }
      }
      boolean controlPlane = !role.equals("worker");
      node.put("role", controlPlane ? "control-plane" : "worker");
      if (role.equals("controller+worker")) {
        // k0s keeps the control-plane taint on controller+worker unless told --no-taints.
        boolean noTaints = Boolean.TRUE.equals(host.remove("noTaints"));
        node.put(noTaints ? "schedulable" : "worker", true);
      } else if (!Set.of("controller", "worker", "single").contains(role)) {
        report.error(
            file,
            where
                + " has role '"
                + role
                + "'; k0sctl knows controller, worker, controller+worker, single");
        continue;
      }
      Map<String, Object> nodeSsh = new LinkedHashMap<>();
      if (viaOpenSsh) {
        nodeSsh.put("client", "openssh");
      }
      copy(ssh, "user", nodeSsh, "user");
      copy(ssh, "port", nodeSsh, "port");
      copy(ssh, "keyPath", nodeSsh, "keyPath");
      keyPath(nodeSsh, where + (viaOpenSsh ? ".openSSH" : ".ssh"));
      if (viaOpenSsh) {
        copy(ssh, "configPath", nodeSsh, "configPath");
        Map<String, Object> options = map(ssh.remove("options"));
        if (options != null && !options.isEmpty()) {
          nodeSsh.put("options", new TreeMap<>(options));
        }
        if (Boolean.TRUE.equals(ssh.get("disableMultiplexing"))) {
          nodeSsh.put("disableMultiplexing", true);
        }
        ssh.remove("disableMultiplexing");
      }
      Map<String, Object> bastion = map(ssh.remove("bastion"));
      if (bastion != null) {
        Map<String, Object> jump = new LinkedHashMap<>();
        bastion = new LinkedHashMap<>(bastion);
        for (String key : SSH_FIELDS) {
          copy(bastion, key, jump, key);
        }
        keyPath(jump, where + ".ssh.bastion");
        if (!bastion.isEmpty()) {
          report.notExpressed(
              file, where + ".ssh.bastion fields " + bastion.keySet() + " are not imported");
        }
        nodeSsh.put("bastion", jump);
      }
      if (!ssh.isEmpty()) {
        report.notExpressed(
            file,
            where
                + (viaOpenSsh ? ".openSSH" : ".ssh")
                + " fields "
                + ssh.keySet()
                + " are not imported");
      }
      if (!nodeSsh.isEmpty()) {
        node.put("ssh", nodeSsh);
      }
      installFlags(host, node, role, where);
      environment(host, name, where, environmentValues);
      // A field written empty ('os:') is unset for k0sctl; found by ImportFuzzTest#k0sctl, where
      // it stopped the import with a NullPointerException.
      host.values().removeIf(Objects::isNull);
      if (!host.isEmpty()) {
        Map<String, Object> k0s = new LinkedHashMap<>();
        k0s.put("host", new TreeMap<>(host));
        node.put("k0s", k0s);
      }
      report.nodeFrom(node, report.hostPosition(file, index - 1));
      nodes.add(node);
    }
    return nodes;
  }

  /** Every value each environment variable takes across the hosts. */
  private static Map<String, Set<Object>> environmentValues(List<Object> hosts) {
    Map<String, Set<Object>> values = new TreeMap<>();
    for (Object item : hosts) {
      Map<String, Object> host = map(item);
      Map<String, Object> environment = host == null ? null : map(host.get("environment"));
      if (environment != null) {
        environment.forEach(
            (key, value) -> values.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(value));
      }
    }
    return values;
  }

  /**
   * Host environment values that are secrets (a name like {@code AWS_SECRET_ACCESS_KEY} or {@code
   * DB_PASSWORD}, or a value that looks like a credential: a proxy URL with a password, a known
   * token format) become {@code {secretRef: env:VAR}}, which k0sctl expands from its own
   * environment; a warning names VAR. One variable per cluster when every host has the same value,
   * else one per host.
   */
  private void environment(
      Map<String, Object> host,
      String node,
      String where,
      Map<String, Set<Object>> environmentValues) {
    Map<String, Object> environment = map(host.get("environment"));
    if (environment == null) {
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    environment.forEach(
        (key, value) -> {
          String text = string(value);
          if (text != null
              && !text.isEmpty()
              && (SecretMasker.isCredentialName(key) || SecretMasker.looksLikeCredential(text))) {
            String variable =
                environmentValues.getOrDefault(key, Set.of()).size() <= 1
                    ? Imports.variable(cluster, key)
                    : Imports.variable(cluster + "_" + node, key);
            out.put(key, Imports.secretRef("env:" + variable));
            report.secret(
                file,
                where
                    + ".environment."
                    + key
                    + " holds a secret; it became {secretRef: env:"
                    + variable
                    + "}: set "
                    + variable
                    + " where k0sctl runs");
          } else {
            out.put(key, value);
          }
        });
    host.put("environment", out);
  }

  /** A relative key path depends on where k0sctl runs; the language refuses it. */
  private void keyPath(Map<String, Object> ssh, String where) {
    Object path = ssh.get("keyPath");
    if (path != null
        && !String.valueOf(path).startsWith("/")
        && !String.valueOf(path).startsWith("~/")) {
      ssh.remove("keyPath");
      report.notExpressed(
          file,
          where
              + ".keyPath '"
              + path
              + "' is relative to where k0sctl runs; not imported: set an absolute path or one"
              + " under ~/");
    }
  }

  /** {@code --labels=} and {@code --taints=} become the node's labels and taints. */
  private void installFlags(
      Map<String, Object> host, Map<String, Object> node, String role, String where) {
    List<Object> flags = list(host.remove("installFlags"));
    if (flags == null) {
      return;
    }
    List<Object> rest = new ArrayList<>();
    for (Object flag : flags) {
      String text = String.valueOf(flag);
      // k0sctl joins the flags into the k0s install command line, which a shell splits.
      List<String> words = ShellWords.split(text);
      String name = words.isEmpty() ? "" : words.get(0);
      String value = null;
      if (words.size() == 1 && name.contains("=")) {
        value = name.substring(name.indexOf('=') + 1);
        name = name.substring(0, name.indexOf('='));
      } else if (words.size() == 2) {
        value = words.get(1);
      }
      if (!role.equals("controller")
          && name.equals("--labels")
          && value != null
          && !node.containsKey("labels")) {
        Map<String, Object> labels = new TreeMap<>();
        for (String pair : value.split(",")) {
          int eq = pair.indexOf('=');
          labels.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        node.put("labels", labels);
      } else if (!role.equals("controller")
          && name.equals("--kubelet-extra-args")
          && dualStackNodeIp(value, node)) {
        continue; // the node's privateAddress pair now (fleetc writes the flag back)
      } else if (!role.equals("controller")
          && name.equals("--taints")
          && value != null
          && !node.containsKey("taints")) {
        node.put("taints", List.of(value.split(",")));
      } else {
        rest.add(text);
      }
    }
    if (!rest.isEmpty()) {
      host.put("installFlags", rest);
    }
  }

  /**
   * {@code --kubelet-extra-args=--node-ip=A,B} with one address of each family, one of them the
   * host's privateAddress: what fleetc writes for a dual-stack node (docs/dual-stack.md); the node
   * gets both as its privateAddress pair, the host's privateAddress first.
   */
  private static boolean dualStackNodeIp(String value, Map<String, Object> node) {
    if (value == null || !value.startsWith("--node-ip=") || value.contains(" ")) {
      return false;
    }
    String[] ips = value.substring("--node-ip=".length()).split(",");
    Object privateAddress = node.get("privateAddress");
    if (ips.length != 2
        || ips[0].contains(":") == ips[1].contains(":")
        || !(privateAddress instanceof String own)
        || !(own.equals(ips[0]) || own.equals(ips[1]))) {
      return false;
    }
    node.put("privateAddress", List.of(own, own.equals(ips[0]) ? ips[1] : ips[0]));
    return true;
  }

  /** SSH settings that every node shares move to the cluster. */
  static void hoistSsh(Map<String, Object> cluster, List<Map<String, Object>> nodes) {
    Object first = nodes.get(0).get("ssh");
    if (first == null || !nodes.stream().allMatch(n -> first.equals(n.get("ssh")))) {
      return;
    }
    nodes.forEach(n -> n.remove("ssh"));
    cluster.put("ssh", first);
  }

  /** Extra host fields that every node has, with the same value, go to {@code k0s.hosts}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> hoistHostFields(List<Map<String, Object>> nodes) {
    Map<String, Object> shared = new TreeMap<>();
    Map<String, Object> first = hostHatch(nodes.get(0));
    for (Map.Entry<String, Object> field : first.entrySet()) {
      if (nodes.stream()
          .allMatch(n -> Objects.equals(field.getValue(), hostHatch(n).get(field.getKey())))) {
        shared.put(field.getKey(), field.getValue());
      }
    }
    // installFlags of the cluster would come before the node's labels and taints; keep them per
    // node.
    shared.remove("installFlags");
    for (Map<String, Object> node : nodes) {
      Map<String, Object> host = hostHatch(node);
      shared.keySet().forEach(host::remove);
      if (host.isEmpty()) {
        node.remove("k0s");
      }
    }
    return shared;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> hostHatch(Map<String, Object> node) {
    Map<String, Object> k0s = map(node.get("k0s"));
    return k0s == null ? new TreeMap<>() : (Map<String, Object>) k0s.get("host");
  }

  /**
   * Removes a boolean install flag ({@code --flag}, {@code --flag=true}) from the host's list;
   * whether it was set. {@code --flag=false} stays where it is.
   */
  private static boolean removeFlag(Map<String, Object> host, List<Object> flags, String flag) {
    if (flags == null) {
      return false;
    }
    List<Object> rest = new ArrayList<>(flags);
    boolean set =
        rest.removeIf(
            f -> {
              String text = String.valueOf(f).strip();
              return text.equals(flag) || text.equals(flag + "=true");
            });
    if (set) {
      if (rest.isEmpty()) {
        host.remove("installFlags");
      } else {
        host.put("installFlags", rest);
      }
    }
    return set;
  }
}
