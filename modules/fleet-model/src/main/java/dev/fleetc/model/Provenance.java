package dev.fleetc.model;

/**
 * Which layer set a resolved value and where.
 *
 * @param source the profile's name for {@link Layer#PROFILE}, the cluster's for {@link
 *     Layer#CLUSTER}, otherwise empty
 */
public record Provenance(Layer layer, String source, SourcePosition position) {

  public static final Provenance BUILT_IN = new Provenance(Layer.BUILT_IN, "", SourcePosition.NONE);
  public static final Provenance CATALOG = new Provenance(Layer.CATALOG, "", SourcePosition.NONE);

  /** Human form, e.g. {@code profile saas-prod at acme.fleet.yaml:36:5}. */
  public String describe() {
    StringBuilder text = new StringBuilder(layer.description());
    if (!source.isEmpty()) {
      text.append(' ').append(source);
    }
    if (position.isKnown()) {
      text.append(" at ").append(position);
    }
    return text.toString();
  }
}
