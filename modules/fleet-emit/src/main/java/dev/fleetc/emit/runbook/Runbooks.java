package dev.fleetc.emit.runbook;

import dev.fleetc.emit.support.ShellQuote;
import dev.fleetc.model.Bastion;
import dev.fleetc.model.Node;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.Ssh;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Small pieces of text that several targets' runbooks and scripts share. */
public final class Runbooks {

  private Runbooks() {}

  /**
   * The {@code --preserve-env=A,B } option that carries environment references through {@code
   * sudo}, which drops the caller's environment, without putting their values on a command line;
   * empty when no reference is an environment variable.
   */
  public static String sudoPreserveEnv(List<SecretRef> secrets) {
    String names =
        secrets.stream()
            .filter(s -> s.scheme() == SecretRef.Scheme.ENV)
            .map(SecretRef::name)
            .distinct()
            .collect(Collectors.joining(","));
    return names.isEmpty() ? "" : "--preserve-env=" + names + " ";
  }

  private static final Pattern PLAIN_WORD = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  /**
   * The {@code ssh} command (without the remote command) that reaches a node as the fleet's
   * configured user: {@code ssh.user}, {@code ssh.port}, {@code ssh.keyPath} and a bastion as
   * {@code -J}, each word shell-quoted where it needs it.
   */
  public static String sshTarget(Node node) {
    Ssh ssh = node.ssh();
    StringBuilder command = new StringBuilder("ssh");
    Bastion bastion = ssh.bastion();
    if (bastion != null) {
      String jump =
          (bastion.user() == null ? "" : bastion.user() + "@")
              + bastion.address()
              + (bastion.port() == Ssh.DEFAULT_PORT ? "" : ":" + bastion.port());
      command.append(" -J ").append(word(jump));
    }
    Ssh.OpenSsh client = ssh.openSsh();
    if (client != null) {
      // What k0sctl's openSSH connection passes to the same client (rig openssh.go).
      if (client.configPath() != null) {
        command.append(" -F ").append(homeWord(client.configPath()));
      }
      client
          .options()
          .forEach(
              (key, value) ->
                  command
                      .append(" -o ")
                      .append(
                          word(
                              key
                                  + "="
                                  + (value instanceof Boolean b ? (b ? "yes" : "no") : value))));
    }
    if (ssh.port() != Ssh.DEFAULT_PORT && (client == null || client.portDeclared())) {
      command.append(" -p ").append(ssh.port());
    }
    if (ssh.keyPath() != null) {
      command.append(" -i ").append(homeWord(ssh.keyPath()));
    }
    boolean userDeclared = client == null || client.userDeclared();
    return command
        .append(' ')
        .append(word(userDeclared ? ssh.user() + "@" + node.address() : node.address()))
        .toString();
  }

  /** A path as one shell word; a quoted ~ is not expanded, so the prefix stays outside quotes. */
  private static String homeWord(String path) {
    return path.startsWith("~/") ? "~/" + word(path.substring(2)) : word(path);
  }

  /** {@code sudo } when the node's SSH user is not root (the hosts allow sudo without password). */
  public static String sudo(Node node) {
    Ssh.OpenSsh client = node.ssh().openSsh();
    // A user left to ssh_config may be anyone: sudo, which root passes through too.
    boolean root = "root".equals(node.ssh().user()) && (client == null || client.userDeclared());
    return root ? "" : "sudo ";
  }

  private static String word(String text) {
    return PLAIN_WORD.matcher(text).matches() ? text : ShellQuote.quote(text);
  }
}
