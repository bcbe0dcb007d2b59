package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.importer.K3sImporter.NodeConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which keys of a K3s config file fleetc derived from the node itself, and drops them
 * before the cluster is read, so that per-node values do not read as cluster-wide settings.
 */
final class K3sDerivedKeys {

  private K3sDerivedKeys() {}

  /**
   * A server's config without what fleetc derives from the node itself: with a public and a private
   * address, {@code advertise-address} is the private one and {@code tls-san} carries the public
   * one (docs/targets/k3s.md). Left in, they would differ between servers and read as cluster-wide
   * settings.
   */
  static NodeConfig removedFrom(NodeConfig node) {
    Map<String, Object> config = new LinkedHashMap<>(node.config());
    List<String> external = Imports.addresses(config.get("node-external-ip"));
    List<String> internal = Imports.addresses(config.get("node-ip"));
    Object advertise = config.get("advertise-address");
    if (!external.isEmpty()
        && !internal.isEmpty()
        && advertise != null
        && internal.get(0).equals(String.valueOf(advertise))) {
      config.remove("advertise-address");
      List<String> sans = new ArrayList<>(Imports.strings(config.get("tls-san")));
      sans.removeAll(external);
      if (sans.isEmpty()) {
        config.remove("tls-san");
      } else {
        config.put("tls-san", sans);
      }
    }
    return new NodeConfig(node.address(), node.file(), config, node.label());
  }
}
