/**
 * What every emitter shares: the one configured YAML writer, the one JSON writer, and compiled
 * Mustache templates with a shell-quoting escaper.
 *
 * <p>Contract: each writer and template is built once per process and is safe to share; output uses
 * {@code \n} line ends and depends only on its input.
 */
package dev.fleetc.emit.support;
