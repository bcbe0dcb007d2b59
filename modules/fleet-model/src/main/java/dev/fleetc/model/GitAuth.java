package dev.fleetc.model;

import java.util.Optional;

/**
 * How the GitOps engine authenticates to the repository. Which fields apply depends on the URL's
 * scheme: {@code https://} takes a user name and a password or token, {@code ssh://} a private key.
 * Secrets are references, read by the operator when creating the engine's Secret.
 *
 * @param username the user name for https (not a secret), or {@code null}
 * @param password the password or access token for https, or {@code null}
 * @param sshKey the private key for ssh, or {@code null}
 */
public record GitAuth(String username, SecretRef password, SecretRef sshKey) {

  public static final GitAuth NONE = new GitAuth(null, null, null);

  public boolean isEmpty() {
    return username == null && password == null && sshKey == null;
  }

  public Optional<SecretRef> passwordIfAny() {
    return Optional.ofNullable(password);
  }

  public Optional<SecretRef> sshKeyIfAny() {
    return Optional.ofNullable(sshKey);
  }
}
