package dev.fleetc.emit.runbook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.model.Node;
import dev.fleetc.model.Role;
import dev.fleetc.model.Ssh;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The runbooks' ssh commands reach a node as k0sctl would, built-in or system client. */
class RunbooksSshTargetTest {

  private static Node node(Ssh ssh) {
    return new Node(
        "n-1", "10.0.0.5", null, Role.WORKER, ssh, Map.of(), List.of(), false, Map.of());
  }

  @Test
  void theBuiltInClientsUserAndPortAreSpelledOut() {
    Node node = node(new Ssh("admin", 2222, "~/.ssh/id lab", null));

    assertThat(Runbooks.sshTarget(node)).isEqualTo("ssh -p 2222 -i ~/'.ssh/id lab' admin@10.0.0.5");
    assertThat(Runbooks.sudo(node)).isEqualTo("sudo ");
  }

  @Test
  void theSystemClientGetsConfigPathAndOptionsAndLeavesUndeclaredUserAndPortToSshConfig() {
    Ssh.OpenSsh client =
        new Ssh.OpenSsh(
            false,
            false,
            "~/.ssh/fleet config",
            Map.of(
                "StrictHostKeyChecking", false, "ProxyJump", "ops@jump:2222", "ConnectTimeout", 5L),
            true);
    Node node = node(new Ssh("root", Ssh.DEFAULT_PORT, null, null, client));

    assertThat(Runbooks.sshTarget(node))
        .isEqualTo(
            "ssh -F ~/'.ssh/fleet config' -o ConnectTimeout=5 -o ProxyJump=ops@jump:2222"
                + " -o StrictHostKeyChecking=no 10.0.0.5");
    // The user ssh_config picks may be anyone: sudo, which root passes through.
    assertThat(Runbooks.sudo(node)).isEqualTo("sudo ");
  }

  @Test
  void aDeclaredUserAndPortReachTheSystemClientToo() {
    Ssh.OpenSsh client = new Ssh.OpenSsh(true, true, null, Map.of("Compression", true), false);
    Node node = node(new Ssh("root", 2200, null, null, client));

    assertThat(Runbooks.sshTarget(node)).isEqualTo("ssh -o Compression=yes -p 2200 root@10.0.0.5");
    assertThat(Runbooks.sudo(node)).isEmpty();
  }
}
