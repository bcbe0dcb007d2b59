package dev.fleetc.model;

import java.util.Arrays;
import java.util.Optional;

/** The ingress add-on. */
public enum IngressController {
  TRAEFIK("traefik"),
  INGRESS_NGINX("ingress-nginx"),
  NONE("none");

  private final String id;

  IngressController(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<IngressController> fromId(String id) {
    return Arrays.stream(values()).filter(i -> i.id.equals(id)).findFirst();
  }
}
