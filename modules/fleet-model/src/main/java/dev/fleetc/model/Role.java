package dev.fleetc.model;

import java.util.Arrays;
import java.util.Optional;

/** A node's role, mapped per distribution (K3s server/agent, k0s controller/worker, ...). */
public enum Role {
  CONTROL_PLANE("control-plane"),
  WORKER("worker");

  private final String id;

  Role(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<Role> fromId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }
}
