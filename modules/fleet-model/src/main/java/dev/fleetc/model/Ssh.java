package dev.fleetc.model;

/**
 * How to reach a node over SSH.
 *
 * @param bastion a jump host, or {@code null} for direct access
 */
public record Ssh(String user, int port, String keyPath, Bastion bastion) {

  public static final int DEFAULT_PORT = 22;
}
