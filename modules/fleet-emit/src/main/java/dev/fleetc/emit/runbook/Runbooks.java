package dev.fleetc.emit.runbook;

import dev.fleetc.model.SecretRef;
import java.util.List;
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
}
