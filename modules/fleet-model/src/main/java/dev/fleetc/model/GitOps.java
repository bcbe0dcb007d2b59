package dev.fleetc.model;

/**
 * How the cluster reconciles itself from Git.
 *
 * @param path the folder of the GitOps repository that this cluster syncs, relative to the
 *     repository root and {@code /}-separated (e.g. {@code clusters/prod-eu})
 */
public record GitOps(GitOpsEngine engine, String repository, String branch, String path) {}
