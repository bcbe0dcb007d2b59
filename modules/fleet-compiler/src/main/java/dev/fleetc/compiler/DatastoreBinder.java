package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.Datastore;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.Node;
import dev.fleetc.model.Provenance;
import dev.fleetc.model.SecretRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a cluster's datastore: the declared type or the distribution's default, and the endpoint
 * that only an external postgres has. Whether the distribution runs on it is a topology check.
 */
final class DatastoreBinder {

  private DatastoreBinder() {}

  static Datastore bind(
      String cluster,
      DistributionRules rules,
      List<Node> nodes,
      Settings settings,
      Map<String, Provenance> provenance,
      Diagnostics diagnostics) {
    Optional<DatastoreType> declared =
        settings.string("datastore.type").flatMap(DatastoreType::fromId);
    DatastoreType type;
    if (declared.isPresent()) {
      type = declared.get();
    } else {
      type = rules.defaultDatastore(nodes.stream().filter(Node::isControlPlane).count());
      provenance.put("datastore.type", Provenance.BUILT_IN);
    }
    Optional<SecretRef> endpoint = settings.secret("datastore.endpoint");
    if (type == DatastoreType.POSTGRES
        && endpoint.isEmpty()
        && settings.node("datastore.endpoint").isEmpty()) {
      diagnostics.error(
          ErrorCode.DATASTORE_ENDPOINT_REQUIRED,
          settings.position("datastore.type"),
          "cluster '" + cluster + "' uses an external postgres datastore but has no endpoint",
          "add 'endpoint: {secretRef: env:NAME}' under datastore; the variable holds"
              + " postgres://user:password@host:5432/db?sslmode=require");
    }
    if (type != DatastoreType.POSTGRES && endpoint.isPresent()) {
      diagnostics.error(
          ErrorCode.INVALID_VALUE,
          settings.position("datastore.endpoint"),
          "a datastore endpoint only applies to type postgres, this cluster's datastore is "
              + type.id(),
          "remove the endpoint, or set 'type: postgres'");
    }
    return new Datastore(type, type == DatastoreType.POSTGRES ? endpoint.orElse(null) : null);
  }
}
