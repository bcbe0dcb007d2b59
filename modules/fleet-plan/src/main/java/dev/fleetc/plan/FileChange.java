package dev.fleetc.plan;

/**
 * A generated file that differs between the revisions, compared by sha256.
 *
 * @param node the node the file belongs to, or {@code null} for cluster-wide files
 */
public record FileChange(String path, Status status, String node) {

  /** What happened to the file. */
  public enum Status {
    ADDED("added"),
    REMOVED("removed"),
    MODIFIED("modified");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }
}
