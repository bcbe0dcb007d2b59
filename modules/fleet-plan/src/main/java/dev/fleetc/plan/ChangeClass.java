package dev.fleetc.plan;

/** The impact of one change on a running cluster, from the most to the least disruptive. */
public enum ChangeClass {
  /** Cannot be done to a running cluster: the cluster is rebuilt. */
  REPLACE("replace"),
  /** The cluster goes away. */
  DESTROY("destroy"),
  /** A new cluster is stood up. */
  CREATE("create"),
  /** Kubernetes or the distribution changes version, node by node. */
  UPGRADE("upgrade"),
  /** A node leaves the cluster. */
  REMOVE_NODE("remove-node"),
  /** A node joins the cluster. */
  ADD_NODE("add-node"),
  /** Node configuration changes in place; the service restarts on the named nodes. */
  RECONFIGURE("reconfigure"),
  /** Only what the GitOps engine reconciles changes; no node is touched. */
  GITOPS("gitops");

  private final String id;

  ChangeClass(String id) {
    this.id = id;
  }

  /** The name used in every output format and in {@code --fail-on}. */
  public String id() {
    return id;
  }

  /** The class of the same change seen from the other side: create↔destroy, add↔remove. */
  public ChangeClass mirror() {
    return switch (this) {
      case CREATE -> DESTROY;
      case DESTROY -> CREATE;
      case ADD_NODE -> REMOVE_NODE;
      case REMOVE_NODE -> ADD_NODE;
      default -> this;
    };
  }

  public static java.util.Optional<ChangeClass> fromId(String id) {
    return java.util.Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
  }
}
