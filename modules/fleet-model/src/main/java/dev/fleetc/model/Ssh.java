package dev.fleetc.model;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to reach a node over SSH.
 *
 * @param bastion a jump host, or {@code null} for direct access
 * @param openSsh the system {@code ssh} client's settings (k0sctl's {@code openSSH} connection), or
 *     {@code null} for k0sctl's built-in client
 */
public record Ssh(String user, int port, String keyPath, Bastion bastion, OpenSsh openSsh) {

  public static final int DEFAULT_PORT = 22;

  public Ssh(String user, int port, String keyPath, Bastion bastion) {
    this(user, port, keyPath, bastion, null);
  }

  /**
   * The system {@code ssh} client: it reads {@code ~/.ssh/config} (or {@code configPath}), so a
   * user or port the fleet does not declare is left to that file rather than written as a default.
   *
   * @param userDeclared whether the fleet declared {@code ssh.user} (else ssh_config decides)
   * @param portDeclared whether the fleet declared {@code ssh.port} (else ssh_config decides)
   * @param configPath an ssh_config file ({@code ssh -F}), or {@code null}
   * @param options ssh_config directives ({@code ssh -o}): String, Boolean or Long values, sorted
   * @param disableMultiplexing no control master: one connection per command
   */
  public record OpenSsh(
      boolean userDeclared,
      boolean portDeclared,
      String configPath,
      Map<String, Object> options,
      boolean disableMultiplexing) {

    public OpenSsh {
      options = Collections.unmodifiableMap(new TreeMap<>(options));
    }
  }
}
