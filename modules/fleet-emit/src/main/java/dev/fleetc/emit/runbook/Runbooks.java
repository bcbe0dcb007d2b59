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
    if (ssh.port() != Ssh.DEFAULT_PORT) {
      command.append(" -p ").append(ssh.port());
    }
    if (ssh.keyPath() != null) {
      String key = ssh.keyPath();
      // A quoted ~ is not expanded: keep the home-directory prefix outside the quotes.
      command
          .append(" -i ")
          .append(key.startsWith("~/") ? "~/" + word(key.substring(2)) : word(key));
    }
    return command.append(' ').append(word(ssh.user() + "@" + node.address())).toString();
  }

  /** {@code sudo } when the node's SSH user is not root (the hosts allow sudo without password). */
  public static String sudo(Node node) {
    return "root".equals(node.ssh().user()) ? "" : "sudo ";
  }

  private static String word(String text) {
    return PLAIN_WORD.matcher(text).matches() ? text : ShellQuote.quote(text);
  }
}
