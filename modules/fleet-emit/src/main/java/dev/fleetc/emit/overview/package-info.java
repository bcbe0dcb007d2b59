/**
 * Files at the output root that describe the whole fleet rather than one cluster: {@code FLEET.md}.
 * Pure: the resolved fleet in, an {@link dev.fleetc.emit.Artifact} out. Rendered from every cluster
 * of the fleet (not only those selected by {@code --cluster}), so a partial compile writes the same
 * overview as a full one.
 */
package dev.fleetc.emit.overview;
