package dev.fleetc.model;

/** Where a resolved value came from, from weakest to strongest. */
public enum Layer {
  BUILT_IN("built-in default"),
  CATALOG("release catalog"),
  DEFAULTS("defaults"),
  PROFILE("profile"),
  CLUSTER("cluster");

  private final String description;

  Layer(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
