package dev.fleetc.model;

/**
 * Where the cluster keeps its state.
 *
 * @param endpoint the external datastore's connection string reference; {@code null} for embedded
 *     datastores
 */
public record Datastore(DatastoreType type, SecretRef endpoint) {}
