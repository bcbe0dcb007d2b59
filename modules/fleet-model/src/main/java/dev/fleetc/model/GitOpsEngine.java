package dev.fleetc.model;

import java.util.Arrays;
import java.util.Optional;

/** What reconciles a cluster from Git; {@link #NONE} means the distribution's own mechanisms. */
public enum GitOpsEngine {
  FLUX("flux"),
  ARGOCD("argocd"),
  NONE("none");

  private final String id;

  GitOpsEngine(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<GitOpsEngine> fromId(String id) {
    return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
  }
}
