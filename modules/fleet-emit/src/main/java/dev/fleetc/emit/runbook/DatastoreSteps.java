package dev.fleetc.emit.runbook;

import dev.fleetc.emit.OutputLayout;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.DatastoreType;
import java.util.Optional;

/**
 * What a runbook needs for its "prepare the datastore" steps (K3s and k0s on {@code datastore:
 * postgres}); templates read it inside {@code {{#postgres}}}.
 *
 * @param sqlPath the script the datastore emitter writes ({@link OutputLayout#datastoreSql})
 * @param endpointRef the cluster's endpoint reference, which the script reads at run time
 */
public record DatastoreSteps(String sqlPath, String endpointRef) {

  /** The steps, or nothing for a cluster on another datastore. */
  public static Optional<DatastoreSteps> of(Cluster cluster) {
    if (cluster.datastore().type() != DatastoreType.POSTGRES) {
      return Optional.empty();
    }
    return Optional.of(
        new DatastoreSteps(
            OutputLayout.datastoreSql(cluster), cluster.datastore().endpoint().toString()));
  }
}
