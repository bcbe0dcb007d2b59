package dev.fleetc.model;

import java.util.Arrays;
import java.util.Optional;

/** The default storage class add-on. */
public enum StorageProvider {
  LOCAL_PATH("local-path"),
  NONE("none");

  private final String id;

  StorageProvider(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<StorageProvider> fromId(String id) {
    return Arrays.stream(values()).filter(s -> s.id.equals(id)).findFirst();
  }
}
