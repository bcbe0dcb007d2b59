/**
 * Reads a fleet file into a small tree of YAML nodes that keep their source positions.
 *
 * <p>Contract: text in, {@link dev.fleetc.compiler.yaml.YNode} tree and diagnostics out. Jackson's
 * tree model forgets where a value stood, so the tree is built from the node graph of SnakeYAML
 * Engine (the parser under Jackson 3's YAML module). Hostile input (alias bombs, deep nesting, huge
 * files, overlong lines, duplicate keys) becomes a diagnostic here, never an exception or a hang;
 * the bounds are {@link dev.fleetc.compiler.yaml.InputLimits}, overridable by environment variables
 * through the command line. Depends on the model and {@code diagnostics} only.
 */
package dev.fleetc.compiler.yaml;
