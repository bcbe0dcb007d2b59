package dev.fleetc.model;

import java.util.Optional;

/**
 * The add-ons delivered to a cluster.
 *
 * @param backup the backup add-on, or {@code null} when switched off
 */
public record Addons(IngressController ingress, StorageProvider storage, Velero backup) {

  public Optional<Velero> backupIfAny() {
    return Optional.ofNullable(backup);
  }
}
