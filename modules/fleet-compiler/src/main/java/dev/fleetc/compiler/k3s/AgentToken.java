package dev.fleetc.compiler.k3s;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.SourcePosition;
import java.util.Optional;

/** The K3s agent token: a secret that lets a machine join as an agent, never as a server. */
public final class AgentToken {

  private AgentToken() {}

  /**
   * The optional agent token: K3s servers take it as {@code agent-token-file}, agents join with it
   * in place of the cluster token, so an agent's secret cannot join a server. Only K3s has it.
   */
  public static Optional<SecretRef> bind(
      String cluster,
      Settings settings,
      Distribution distribution,
      Optional<SecretRef> token,
      Diagnostics diagnostics) {
    Optional<SecretRef> agentToken = settings.secret("agentToken");
    if (agentToken.isEmpty()) {
      return agentToken;
    }
    SourcePosition at = settings.position("agentToken");
    if (distribution != Distribution.K3S) {
      diagnostics.error(
          ErrorCode.AGENT_TOKEN_UNSUPPORTED,
          at,
          "agentToken is a K3s setting; "
              + distribution.id()
              + " cluster '"
              + cluster
              + "' has no separate agent token",
          distribution == Distribution.K0S
              ? "remove it: k0sctl creates a join token per node itself"
              : "remove it: MicroK8s workers join with the cluster token and '--worker'");
      return Optional.empty();
    }
    if (token.isPresent() && token.get().equals(agentToken.get())) {
      diagnostics.warning(
          ErrorCode.AGENT_TOKEN_IS_TOKEN,
          at,
          "agentToken is the same reference as token ("
              + token.get()
              + "): an agent's secret"
              + " would still let a machine join cluster '"
              + cluster
              + "' as a server",
          "give agents a secret of their own, e.g. {secretRef: env:"
              + cluster.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
              + "_AGENT_TOKEN}");
    }
    return agentToken;
  }
}
