/**
 * Cluster sets: one cluster template stamped once per row of an inventory (a CSV file next to the
 * fleet file, or inline {@code members}).
 *
 * <p>Contract: {@link dev.fleetc.compiler.sets.ClusterSets#expand} turns a fleet's {@code
 * clusterSets} into ordinary cluster entries before layering and validation, so a member compiles
 * exactly as the same cluster written by hand. A stamped string stands at the inventory cell it
 * came from, so a value that is invalid once substituted is reported at that cell, with the
 * template lines as a note ({@link dev.fleetc.compiler.sets.Notes}). Nothing here touches the file
 * system: inventories are read through {@link dev.fleetc.compiler.sets.InventoryFiles}, supplied by
 * the command line; their paths are checked ({@link dev.fleetc.compiler.sets.InventoryPaths})
 * before anything is read.
 */
package dev.fleetc.compiler.sets;
