package dev.fleetc.emit.support;

import dev.fleetc.model.SecretRef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
            .collect(java.util.stream.Collectors.joining(","));
    return names.isEmpty() ? "" : "--preserve-env=" + names + " ";
  }

  /**
   * What a runbook needs to tell the operator how to create Velero's credentials Secret (key {@code
   * cloud}) from the fleet's reference: {@code secret}, {@code ref}, and {@code env} or {@code
   * file}, the reference's name ({@code fileArg}: the path shell-quoted).
   */
  public static Map<String, Object> veleroSecret(SecretRef ref, String secret) {
    Map<String, Object> velero = new LinkedHashMap<>();
    velero.put("secret", secret);
    velero.put("ref", String.valueOf(ref));
    if (ref != null && ref.scheme() == SecretRef.Scheme.ENV) {
      velero.put("env", ref.name());
    } else if (ref != null) {
      velero.put("file", ref.name());
      velero.put("fileArg", ShellQuote.quote(ref.name())); // one word in a shell block
    }
    return velero;
  }
}
