package dev.fleetc.model;

/**
 * The OCI artifact a cluster's engine pulls its GitOps path from ({@code gitops.source: oci}): the
 * repository {@code <url>/<cluster>} at {@code tag}, as {@code fleet publish --to <url> --tag
 * <tag>} pushes it.
 *
 * @param url the registry and repository prefix, {@code oci://host[:port]/path} (no credentials, no
 *     tag, no trailing slash)
 * @param tag the tag the engine follows
 * @param insecure plain HTTP (a test registry)
 * @param auth the registry credentials as references ({@link GitAuth#NONE}: a public registry);
 *     only {@code username} and {@code password} apply
 */
public record OciSource(String url, String tag, boolean insecure, GitAuth auth) {

  public OciSource {
    auth = auth == null ? GitAuth.NONE : auth;
  }

  /** The cluster's own artifact repository, {@code oci://host[:port]/path/<cluster>}. */
  public String artifact(String cluster) {
    return url + "/" + cluster;
  }

  /** The registry's host and port, as a Docker config names it ({@code host[:port]}). */
  public String server() {
    String rest = url.substring("oci://".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }

  /** Whether the engine needs a credentials Secret. */
  public boolean authenticated() {
    return auth.password() != null;
  }
}
