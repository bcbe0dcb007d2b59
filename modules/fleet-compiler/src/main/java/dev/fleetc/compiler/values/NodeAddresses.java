package dev.fleetc.compiler.values;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.model.SourcePosition;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The addresses of one cluster's nodes, compared in canonical form ({@link
 * NetworkAddress#canonical}): {@code 2001:DB8:0:0::1} is {@code 2001:db8::1}, {@code
 * ::ffff:10.0.0.1} is {@code 10.0.0.1}. A node may use one address as both its address and its
 * private address; two nodes may not share one, whichever field each wrote it in.
 */
public final class NodeAddresses {

  private record Owner(String node, String field, String written, SourcePosition at) {}

  private final String cluster;
  private final Diagnostics diagnostics;
  private final Map<String, Owner> owners = new HashMap<>();

  public NodeAddresses(String cluster, Diagnostics diagnostics) {
    this.cluster = cluster;
    this.diagnostics = diagnostics;
  }

  /** Claims an address for a node, reporting FLEET-E009 when another node holds it already. */
  public void claim(String node, String field, String address, SourcePosition at) {
    Optional<String> canonical = NetworkAddress.canonical(address);
    if (canonical.isEmpty()) {
      return; // not an address at all: reported by the address check
    }
    Owner first = owners.putIfAbsent(canonical.get(), new Owner(node, field, address, at));
    if (first == null || first.node().equals(node)) {
      return;
    }
    boolean sameSpelling = first.written().equals(address);
    diagnostics.error(
        ErrorCode.DUPLICATE_ADDRESS,
        at,
        field
            + " "
            + address
            + " of node '"
            + node
            + "' is already used by node '"
            + first.node()
            + "' of cluster '"
            + cluster
            + "' (its "
            + first.field()
            + (sameSpelling ? "" : " " + first.written())
            + ")",
        "the first is at line "
            + first.at().line()
            + (sameSpelling ? "" : "; both spell " + canonical.get())
            + "; each address belongs to one node");
  }
}
