package dev.fleetc.emit.datastore;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.ClusterEmitter;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.support.ShellQuote;
import dev.fleetc.emit.support.Templates;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.DatastoreType;
import dev.fleetc.model.SecretRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The SQL script that provisions a postgres cluster's role and database. */
public final class PostgresDatastoreEmitter implements ClusterEmitter {

  private static final String TEMPLATE = "dev/fleetc/emit/datastore/datastore.sql.mustache";

  /** Where the script goes: {@code bootstrap/<cluster>/datastore.sql}. */
  public static String path(Cluster cluster) {
    return OutputLayout.datastoreSql(cluster);
  }

  /**
   * The shell command that psql runs (a backquoted {@code \\set}) to read the endpoint, so that the
   * password is never on a command line; empty for a path psql cannot quote.
   */
  static Optional<String> endpointCommand(SecretRef ref) {
    return switch (ref.scheme()) {
      case ENV -> Optional.of("printenv " + ref.name());
      case FILE ->
          ref.name().contains("`") || ref.name().contains("\n") || ref.name().contains(":")
              ? Optional.empty()
              : Optional.of("cat " + ShellQuote.quote(ref.name()));
    };
  }

  @Override
  public void prepare() {
    Templates.prepareText(TEMPLATE);
  }

  @Override
  public List<Artifact> emit(Cluster cluster) {
    if (cluster.datastore().type() != DatastoreType.POSTGRES) {
      return List.of();
    }
    SecretRef endpoint = cluster.datastore().endpoint();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("cluster", cluster.name());
    scope.put("endpointRef", endpoint.toString());
    endpointCommand(endpoint).ifPresent(c -> scope.put("endpointCommand", c));
    scope.put("clusterLiteral", sqlLiteral("kine datastore of fleetc cluster " + cluster.name()));
    return List.of(Artifact.of(path(cluster), ArtifactKind.SQL, Templates.text(TEMPLATE, scope)));
  }

  /** A standard SQL string literal. */
  static String sqlLiteral(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
