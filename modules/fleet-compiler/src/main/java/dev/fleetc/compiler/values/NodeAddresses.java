package dev.fleetc.compiler.values;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses of one cluster's nodes, compared in canonical form ({@link
 * NetworkAddress#canonical}): {@code 2001:DB8:0:0::1} is {@code 2001:db8::1}, {@code
 * ::ffff:10.0.0.1} is {@code 10.0.0.1}. A node may use one address as both its address and its
 * private address; two nodes may not share one, whichever field each wrote it in.
 *
 * <p>One exception, where the SSH endpoint names the host: on a k0s cluster two nodes may have the
 * same {@code address} when their SSH ports differ (containers behind port forwards, as k0sctl's
 * own smoke tests run them). k0sctl tells hosts apart by their connection, address and port ({@code
 * Hosts.Validate}, "is not unique", keyed by rig's {@code [ssh] ADDRESS:PORT}), and finds each
 * host's private address itself. A private address still belongs to one node.
 */
public final class NodeAddresses {

  /** No port: a private address, or an address on a distribution that uses it as the node's IP. */
  private static final int ANY_PORT = -1;

  private record Owner(String node, String field, String written, int port, SourcePosition at) {}

  private final String cluster;
  private final Diagnostics diagnostics;
  private final boolean sshEndpoints;
  private final Map<String, List<Owner>> owners = new HashMap<>();

  public NodeAddresses(String cluster, Diagnostics diagnostics) {
    this(cluster, diagnostics, false);
  }

  /**
   * @param sshEndpoints true when a node's {@code address} is only where fleetc reaches it over SSH
   *     (k0s: k0sctl detects the private address), so nodes may share it on different SSH ports
   */
  public NodeAddresses(String cluster, Diagnostics diagnostics, boolean sshEndpoints) {
    this.cluster = cluster;
    this.diagnostics = diagnostics;
    this.sshEndpoints = sshEndpoints;
  }

  /** Claims an address for a node, reporting FLEET-E009 when another node holds it already. */
  public void claim(String node, String field, String address, SourcePosition at) {
    claim(node, field, address, ANY_PORT, at);
  }

  /**
   * Claims the {@code address} a node is reached at on SSH port {@code port}: on a cluster of SSH
   * endpoints another node may hold the same address on another port.
   */
  public void claimEndpoint(String node, String address, int port, SourcePosition at) {
    claim(node, "address", address, sshEndpoints ? port : ANY_PORT, at);
  }

  /** The addresses that several nodes share on different SSH ports (canonical form). */
  public List<String> shared() {
    List<String> out = new ArrayList<>();
    owners.forEach(
        (address, list) -> {
          if (list.stream().map(Owner::node).distinct().count() > 1) {
            out.add(address);
          }
        });
    out.sort(null);
    return out;
  }

  private void claim(String node, String field, String address, int port, SourcePosition at) {
    Optional<String> canonical = NetworkAddress.canonical(address);
    if (canonical.isEmpty()) {
      return; // not an address at all: reported by the address check
    }
    List<Owner> list = owners.computeIfAbsent(canonical.get(), a -> new ArrayList<>());
    Owner first =
        list.stream()
            .filter(o -> !o.node().equals(node))
            .filter(o -> o.port() == ANY_PORT || port == ANY_PORT || o.port() == port)
            .findFirst()
            .orElse(null);
    list.add(new Owner(node, field, address, port, at));
    if (first == null) {
      return;
    }
    boolean sameSpelling = first.written().equals(address);
    boolean samePort = first.port() != ANY_PORT && first.port() == port;
    diagnostics.error(
        ErrorCode.DUPLICATE_ADDRESS,
        at,
        field
            + " "
            + address
            + (samePort ? " (SSH port " + port + ")" : "")
            + " of node '"
            + node
            + "' is already used by node '"
            + first.node()
            + "' of cluster '"
            + cluster
            + "' (its "
            + first.field()
            + (sameSpelling ? "" : " " + first.written())
            + (samePort ? " on the same SSH port" : "")
            + ")",
        "the first is at line "
            + first.at().line()
            + (sameSpelling ? "" : "; both spell " + canonical.get())
            + (samePort
                ? "; k0s nodes may share an address only on different SSH ports (containers behind"
                    + " port forwards)"
                : "; each address belongs to one node"));
  }
}
