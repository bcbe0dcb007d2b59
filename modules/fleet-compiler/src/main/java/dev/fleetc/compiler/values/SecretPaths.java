package dev.fleetc.compiler.values;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import java.util.Optional;

/**
 * The path of a {@code file:} secret reference. Generated scripts read it on the node, as root,
 * from whatever directory they are started in, so only an absolute, normalized path means the same
 * file everywhere: no {@code ~} (scripts run under sudo, whose home is not the operator's), no
 * {@code .} or {@code ..} components, no empty components, no control characters (a NUL ends the
 * path early in C, a line break splits the script's line).
 */
public final class SecretPaths {

  private SecretPaths() {}

  public static Optional<Problem> check(String path) {
    if (Characters.hasControl(path)) {
      return problem("the secret file path contains a control character or line break");
    }
    if (path.startsWith("~")) {
      return problem(
          "the secret file path starts with '~', which scripts run as root do not share");
    }
    if (!path.startsWith("/")) {
      return problem("the secret file path '" + KubernetesLabels.shown(path) + "' is relative");
    }
    if (path.length() > 1 && path.endsWith("/")) {
      return problem("the secret file path ends with '/': it names a directory");
    }
    for (String component : path.substring(1).split("/", -1)) {
      if (component.isEmpty() || component.equals(".") || component.equals("..")) {
        return problem(
            "the secret file path '"
                + KubernetesLabels.shown(path)
                + "' is not normalized (empty, '.' or '..' component)");
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> problem(String message) {
    return Optional.of(
        new Problem(
            ErrorCode.SECRET_PATH,
            message,
            "write file:/absolute/path such as file:/etc/fleet/secrets/token, without ~, '.' or"
                + " '..'"));
  }
}
