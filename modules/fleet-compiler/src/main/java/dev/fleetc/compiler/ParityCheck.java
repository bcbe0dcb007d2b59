package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.model.Layer;
import dev.fleetc.model.Provenance;
import java.util.List;
import java.util.Map;

/**
 * The parity guarantee (FLEET-W003): clusters of one profile share their cluster-wide settings, so
 * a cluster that overrides one of them itself is warned about.
 */
final class ParityCheck {

  /** Cluster-wide settings that clusters of one profile must share. */
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

  private ParityCheck() {}

  /**
   * @param profile the cluster's profile, empty for none (then there is nothing to share)
   * @param provenance where each of the cluster's settings was set
   */
  static void check(
      String cluster, String profile, Map<String, Provenance> provenance, Diagnostics diagnostics) {
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
                    + cluster
                    + "' sets '"
                    + path
                    + "' itself although it uses profile '"
                    + profile
                    + "': clusters of that profile are no longer identical",
                "move the setting into a profile of its own if the difference is intended");
          }
        });
  }
}
