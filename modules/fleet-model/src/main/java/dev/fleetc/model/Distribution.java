package dev.fleetc.model;

import java.util.Arrays;
import java.util.Optional;

/** The Kubernetes distributions a fleet can run. */
public enum Distribution {
  K3S("k3s"),
  K0S("k0s"),
  MICROK8S("microk8s");

  private final String id;

  Distribution(String id) {
    this.id = id;
  }

  /** The name used in fleet files and in {@code fleet.lock.json}. */
  public String id() {
    return id;
  }

  public static Optional<Distribution> fromId(String id) {
    return Arrays.stream(values()).filter(d -> d.id.equals(id)).findFirst();
  }
}
