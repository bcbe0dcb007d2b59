/**
 * {@code fleet publish}: each cluster's GitOps path of a compiled folder becomes one OCI artifact
 * in the format {@code flux push artifact} makes (docs/publish.md). Contract: the artifact of the
 * same files has the same digest on every machine ({@link FluxArtifact}); a cluster whose digest
 * the registry already holds under the tag uploads nothing; the folder and {@code
 * fleet.publish.json} are untrusted input, read without following links; registry traffic goes
 * through the ORAS Java SDK only; credentials come from the Docker config or the environment, never
 * from the fleet file.
 */
package dev.fleetc.cli.publish;
