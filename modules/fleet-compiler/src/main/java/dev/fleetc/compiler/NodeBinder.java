package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.values.NetworkAddress;
import dev.fleetc.compiler.values.NodeAddresses;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.Bastion;
import dev.fleetc.model.Node;
import dev.fleetc.model.Role;
import dev.fleetc.model.SourcePosition;
import dev.fleetc.model.Ssh;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Binds a cluster's node list: names (DNS labels, unique in the cluster), addresses, private
 * addresses (unique in the cluster), taints, SSH settings (the node's own over the cluster's).
 */
final class NodeBinder {

  private final String cluster;
  private final Settings settings;
  private final Diagnostics diagnostics;

  private final boolean sshEndpoints;

  /**
   * @param sshEndpoints true on k0s, where a node's address is only its SSH endpoint (k0sctl finds
   *     the private address): nodes may then share an address on different SSH ports
   */
  NodeBinder(String cluster, Settings settings, Diagnostics diagnostics, boolean sshEndpoints) {
    this.cluster = cluster;
    this.settings = settings;
    this.diagnostics = diagnostics;
    this.sshEndpoints = sshEndpoints;
  }

  /** The complete nodes: control-plane nodes in declared order, then workers by name. */
  List<Node> bind() {
    List<Node> nodes = new ArrayList<>();
    Optional<YNode> list = settings.node("nodes");
    if (list.isEmpty() || !(list.get() instanceof YSeq seq)) {
      return nodes;
    }
    Map<String, SourcePosition> names = new HashMap<>();
    NodeAddresses addresses = new NodeAddresses(cluster, diagnostics, sshEndpoints);
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
                  "cluster '" + cluster + "' has two nodes named '" + n + "'",
                  "the first is at line "
                      + first.line()
                      + "; node names are unique within a cluster");
            }
          });
      address.ifPresent(a -> checkAddress(node.position("address"), "address", a, false));
      // Both kinds of address in canonical form: one machine is never two nodes.
      int sshPort =
          node.integer("ssh.port").or(() -> settings.integer("ssh.port")).orElse(Ssh.DEFAULT_PORT);
      address.ifPresent(
          a -> addresses.claimEndpoint(nodeName.orElse(""), a, sshPort, node.position("address")));
      // One private address, or one per family on a dual-stack network.
      List<FamilyPair.Item> privateAddresses =
          FamilyPair.read(
                  node,
                  "privateAddress",
                  ErrorCode.NODE_ADDRESS_FAMILIES,
                  "[10.0.1.11, \"fd00:1::11\"]",
                  diagnostics)
              .orElse(List.of());
      for (FamilyPair.Item a : privateAddresses) {
        checkAddress(a.at(), "privateAddress", a.text(), true);
        addresses.claim(nodeName.orElse(""), "privateAddress", a.text(), a.at());
      }
      Optional<String> privateAddress =
          privateAddresses.isEmpty()
              ? Optional.empty()
              : Optional.of(privateAddresses.get(0).text());
      String secondaryPrivateAddress =
          privateAddresses.size() == 2 ? privateAddresses.get(1).text() : null;
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
                // Workers always run pods: 'schedulable' on one is reported, never modelled.
                role.get() == Role.CONTROL_PLANE && node.bool("schedulable").orElse(false),
                node.node("k0s.host")
                    .map(h -> Map.<String, Object>of("host", Settings.plain(h)))
                    .orElse(Map.of()),
                node.bool("keepHostname").orElse(false),
                secondaryPrivateAddress,
                role.get() == Role.CONTROL_PLANE && node.bool("worker").orElse(false)));
      }
    }
    apiEndpointNotShared(addresses.shared());
    // Control-plane nodes keep their declared order (the first one bootstraps the datastore);
    // workers are independent of each other, so they come in name order and reordering them in
    // the file changes nothing that is generated.
    List<Node> ordered = new ArrayList<>(nodes.stream().filter(Node::isControlPlane).toList());
    nodes.stream()
        .filter(n -> !n.isControlPlane())
        .sorted(Comparator.comparing(Node::name))
        .forEach(ordered::add);
    return ordered;
  }

  /**
   * An address several k0s nodes share on different SSH ports is a port-forwarding host, not one
   * machine: the API behind it would be any of them (FLEET-E113).
   */
  private void apiEndpointNotShared(List<String> shared) {
    Optional<String> endpoint = settings.string("apiEndpoint");
    if (shared.isEmpty() || endpoint.isEmpty()) {
      return;
    }
    Optional<String> canonical = NetworkAddress.canonical(endpoint.get());
    if (canonical.isPresent() && shared.contains(canonical.get())) {
      diagnostics.error(
          ErrorCode.API_ENDPOINT_SHARED_ADDRESS,
          settings.position("apiEndpoint"),
          "apiEndpoint "
              + endpoint.get()
              + " of cluster '"
              + cluster
              + "' is the address several nodes share on different SSH ports: it names no one"
              + " controller",
          "set apiEndpoint to the controllers' load balancer or a controller's own address, or"
              + " leave it out (k0sctl then uses the first controller's)");
    }
  }

  private void checkAddress(SourcePosition at, String field, String value, boolean ipOnly) {
    boolean ip = Addresses.ip(value).isPresent();
    if (ip || (!ipOnly && !Addresses.looksLikeIp(value) && Addresses.isHostName(value))) {
      return;
    }
    diagnostics.error(
        ErrorCode.INVALID_ADDRESS,
        at,
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
    return new Ssh(user, port, keyPath, bastion, openSsh(node, bastion));
  }

  private static final java.util.regex.Pattern SSH_OPTION =
      java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9]{0,63}");

  /**
   * {@code ssh.client: openssh}: k0sctl's {@code openSSH} connection, the system {@code ssh} client
   * (rig {@code openssh.go}). Its {@code options}, {@code configPath} and {@code
   * disableMultiplexing} mean nothing to the built-in client; a bastion is an option there ({@code
   * ProxyJump}), since rig's OpenSSH has no bastion block.
   */
  private Ssh.OpenSsh openSsh(Settings node, Bastion bastion) {
    Settings clientFrom = node.string("ssh.client").isPresent() ? node : settings;
    boolean openSsh = clientFrom.string("ssh.client").map("openssh"::equals).orElse(false);
    Map<String, Object> options = new TreeMap<>();
    for (Settings from : List.of(settings, node)) {
      Optional<YNode> block = from.node("ssh.options");
      if (block.isEmpty() || !(block.get() instanceof YMap map)) {
        continue;
      }
      for (YMap.Entry entry : map.entries()) {
        SourcePosition at = entry.keyPosition();
        if (!openSsh) {
          onlyOpenSsh(at, "ssh.options");
          break;
        }
        Object value =
            entry.value() instanceof YScalar scalar && !scalar.isNull()
                ? Settings.plain(scalar)
                : null;
        boolean plainText =
            value instanceof String text
                && !text.isEmpty()
                && text.chars().allMatch(c -> c >= 0x20 && c != 0x7f);
        if (!SSH_OPTION.matcher(entry.key()).matches()) {
          diagnostics.error(
              ErrorCode.OPENSSH_SETTING,
              at,
              "'" + entry.key() + "' is not an ssh_config keyword",
              "ssh.options holds ssh_config directives such as StrictHostKeyChecking or"
                  + " ProxyJump (letters and digits; ssh -o KEYWORD=VALUE)");
        } else if (!(value instanceof Boolean || value instanceof Long || plainText)) {
          diagnostics.error(
              ErrorCode.OPENSSH_SETTING,
              entry.value().position(),
              "ssh option '"
                  + entry.key()
                  + "' must be a string, a number or a boolean on one line",
              "booleans become yes/no (k0sctl's rig writes -o KEY=yes); write other values as"
                  + " ssh_config does, e.g. ProxyJump: admin@bastion.example");
        } else {
          options.put(entry.key(), value);
        }
      }
    }
    Settings configFrom = node.string("ssh.configPath").isPresent() ? node : settings;
    Optional<String> configPath = configFrom.string("ssh.configPath");
    Settings multiplexFrom = node.bool("ssh.disableMultiplexing").isPresent() ? node : settings;
    Optional<Boolean> disableMultiplexing = multiplexFrom.bool("ssh.disableMultiplexing");
    if (!openSsh) {
      configPath.ifPresent(
          p -> onlyOpenSsh(configFrom.position("ssh.configPath"), "ssh.configPath"));
      disableMultiplexing.ifPresent(
          b ->
              onlyOpenSsh(
                  multiplexFrom.position("ssh.disableMultiplexing"), "ssh.disableMultiplexing"));
      return null;
    }
    if (bastion != null) {
      Settings bastionFrom = node.node("ssh.bastion").isPresent() ? node : settings;
      diagnostics.error(
          ErrorCode.OPENSSH_SETTING,
          bastionFrom.position("ssh.bastion"),
          "ssh.bastion does not apply to ssh.client: openssh (k0sctl's openSSH connection has no"
              + " bastion)",
          "write the jump host as an option: 'options: {ProxyJump: user@jumphost:22}', or in the"
              + " ssh_config file the client reads");
    }
    return new Ssh.OpenSsh(
        node.string("ssh.user").or(() -> settings.string("ssh.user")).isPresent(),
        node.integer("ssh.port").or(() -> settings.integer("ssh.port")).isPresent(),
        configPath.orElse(null),
        options,
        disableMultiplexing.orElse(false));
  }

  private void onlyOpenSsh(SourcePosition at, String field) {
    diagnostics.error(
        ErrorCode.OPENSSH_SETTING,
        at,
        field + " applies to the system ssh client only",
        "set 'ssh.client: openssh' (k0sctl's openSSH connection, which reads ~/.ssh/config), or"
            + " remove "
            + field);
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
