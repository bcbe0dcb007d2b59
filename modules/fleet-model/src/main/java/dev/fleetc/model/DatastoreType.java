package dev.fleetc.model;

import java.util.Arrays;
import java.util.Optional;

/** Where a cluster keeps its state. */
public enum DatastoreType {
  ETCD("etcd"),
  POSTGRES("postgres"),
  SQLITE("sqlite"),
  DQLITE("dqlite");

  private final String id;

  DatastoreType(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /** Embedded datastores that need a majority of control-plane nodes to stay up. */
  public boolean needsQuorum() {
    return this == ETCD || this == DQLITE;
  }

  public static Optional<DatastoreType> fromId(String id) {
    return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
  }
}
