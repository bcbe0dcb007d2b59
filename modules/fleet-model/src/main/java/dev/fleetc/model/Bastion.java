package dev.fleetc.model;

/** A jump host in front of a cluster's nodes. */
public record Bastion(String address, String user, int port, String keyPath) {}
