package dev.fleetc.model;

/** Backups with Velero to an S3 bucket; the credentials are a reference. */
public record Velero(String bucket, String region, String schedule, SecretRef credentials) {}
