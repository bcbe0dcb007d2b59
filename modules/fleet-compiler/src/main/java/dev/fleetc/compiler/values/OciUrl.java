package dev.fleetc.compiler.values;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registry URL {@code oci://host[:port]/path} for {@code gitops.registry.url} and {@code fleet
 * publish --to}, held to the OCI distribution-spec grammar ({@code spec.md}, "Pulling manifests": a
 * repository name is path components {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*} separated by {@code
 * /}; a tag {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}). Every cluster's artifact is {@code
 * <path>/<cluster>}, so a URL that passes can only name repositories below its own path. No user
 * information (credentials are references, never part of a URL), no tag or digest (the tag is a
 * setting of its own; Flux's OCIRepository refuses both in {@code spec.url}), no query.
 */
public final class OciUrl {

  /** distribution-spec: one path component of a repository name. */
  public static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*");

  /** A DNS name or IPv4 address with an optional port (the reference grammar's {@code domain}). */
  public static final Pattern HOST =
      Pattern.compile(
          "[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*(:[0-9]{1,5})?");

  /** distribution-spec: a tag. */
  public static final Pattern TAG = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

  /** Longest URL accepted: a repository name stays far below registries' 255-character limit. */
  private static final int MAX_LENGTH = 200;

  private static final String EXAMPLE = "oci://registry.example:5000/fleet";

  private OciUrl() {}

  /** What is wrong with the URL, if anything (code FLEET-E076). */
  public static Optional<Problem> check(String url) {
    if (!url.startsWith("oci://")) {
      return problem("the registry URL does not start with oci://");
    }
    if (url.length() > MAX_LENGTH) {
      return problem("the registry URL is longer than " + MAX_LENGTH + " characters");
    }
    String rest = url.substring("oci://".length());
    int slash = rest.indexOf('/');
    String host = slash < 0 ? rest : rest.substring(0, slash);
    if (host.contains("@")) {
      return Optional.of(
          new Problem(
              ErrorCode.OCI_URL,
              "the registry URL carries user information (credentials are never part of a URL)",
              "write oci://HOST[:PORT]/PATH and give the credentials as gitops.registry.auth"
                  + " {username, password: {secretRef: ...}}"));
    }
    if (slash <= 0 || slash == rest.length() - 1) {
      return problem("the registry URL needs a host and a path");
    }
    if (!HOST.matcher(host).matches()) {
      return problem(
          "the registry URL's host is not host[:port] (letters, digits, - and . ; a port of"
              + " digits)");
    }
    String path = rest.substring(slash + 1);
    if (path.contains(":") || path.contains("@")) {
      return problem(
          "the registry URL names a tag or digest; the tag is gitops.registry.tag and each"
              + " cluster's repository is <path>/<cluster>");
    }
    for (String component : path.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        return problem(
            "the repository path of the registry URL is not in the distribution-spec grammar"
                + " (lower-case letters and digits, with . _ __ - between them, / between parts)");
      }
    }
    return Optional.empty();
  }

  /** What is wrong with a tag, if anything (code FLEET-E078). */
  public static Optional<Problem> checkTag(String tag) {
    if (TAG.matcher(tag).matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            ErrorCode.OCI_TAG,
            "the registry tag is not a valid OCI tag (distribution-spec: [a-zA-Z0-9_]"
                + " then up to 127 of [a-zA-Z0-9._-])",
            "use a tag such as latest, fleet or prod; the same that fleet publish --tag pushes"));
  }

  private static Optional<Problem> problem(String message) {
    return Optional.of(
        new Problem(ErrorCode.OCI_URL, message, "write oci://HOST[:PORT]/PATH, e.g. " + EXAMPLE));
  }
}
