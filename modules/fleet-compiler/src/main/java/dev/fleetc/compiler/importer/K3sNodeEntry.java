package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.importer.K3sImporter.NodeConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Decides one node's entry (a unique DNS-1123 name, its addresses, role, labels and taints) from
 * its K3s config file, and reports what the entry cannot express.
 */
final class K3sNodeEntry {

  private final ImportReport report;

  K3sNodeEntry(ImportReport report) {
    this.report = report;
  }

  /**
   * The node entry.
   *
   * @param names the names given so far in the cluster; the node's is added
   */
  Map<String, Object> of(
      NodeConfig node, String role, Set<String> names, boolean dualStackNetwork) {
    Map<String, Object> config = node.config();
    Map<String, Object> out = new LinkedHashMap<>();
    String declared = Imports.string(config.get("node-name"));
    // Without node-name K3s registers the node under the machine's hostname: the node keeps it
    // (keepHostname), and the fleet's name for it comes from NAME@ or the file, else the address.
    String name =
        Imports.label(
            declared != null
                ? declared
                : node.label() != null ? node.label() : "node-" + node.address());
    while (!names.add(name)) {
      name = Imports.label(name + "-" + names.size());
    }
    if (declared != null && !declared.equals(name)) {
      report.notExpressed(
          node.file(),
          "node-name '" + declared + "' is not a DNS-1123 label; named '" + name + "'");
    }
    out.put("name", name);
    if (declared == null) {
      out.put("keepHostname", true);
    }
    out.put("address", node.address());
    List<String> ips = Imports.addresses(config.get("node-ip"));
    boolean dualStack =
        dualStackNetwork && ips.size() == 2 && ips.get(0).contains(":") != ips.get(1).contains(":");
    if (dualStack) {
      // One address per family (docs/dual-stack.md), in the order the node lists them.
      out.put("privateAddress", ips);
    } else if (!ips.isEmpty() && !ips.get(0).equals(node.address())) {
      out.put("privateAddress", ips.get(0));
    }
    if (ips.size() > 1 && !dualStack) {
      report.notExpressed(node.file(), "node-ip " + ips + ": only the first address is imported");
    }
    List<String> external = Imports.addresses(config.get("node-external-ip"));
    if (!external.isEmpty() && !external.equals(List.of(node.address()))) {
      report.notExpressed(
          node.file(),
          "node-external-ip "
              + external
              + " differs from the node's address "
              + node.address()
              + "; fleetc writes the address");
    }
    out.put("role", role);
    List<String> labels = Imports.strings(config.get("node-label"));
    if (!labels.isEmpty()) {
      Map<String, Object> map = new TreeMap<>();
      for (String label : labels) {
        int eq = label.indexOf('=');
        map.put(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
      }
      out.put("labels", map);
    }
    List<String> taints = Imports.strings(config.get("node-taint"));
    if (!taints.isEmpty()) {
      out.put("taints", taints);
    }
    return out;
  }
}
