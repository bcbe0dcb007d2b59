package dev.fleetc.cli.publish;

import dev.fleetc.compiler.values.OciUrl;
import java.util.regex.Pattern;

/**
 * Where artifacts go, from {@code oci://HOST[:PORT]/PATH}: cluster {@code c} becomes repository
 * {@code PATH/c}. Every part is checked against the OCI distribution-spec grammar, so that neither
 * the user's URL nor a cluster name from the (untrusted) lock can name another repository.
 */
public record Destination(String host, String path) {

  /** distribution-spec {@code spec.md}: a repository name component (the compiler's grammar). */
  private static final Pattern COMPONENT = OciUrl.COMPONENT;

  private static final Pattern HOST = OciUrl.HOST;

  /** distribution-spec {@code spec.md}: a tag. */
  private static final Pattern TAG = OciUrl.TAG;

  /**
   * Parses the {@code --to} value.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static Destination parse(String url) {
    if (!url.startsWith("oci://")) {
      throw new IllegalArgumentException(
          "must start with oci://, e.g. oci://registry.example:5000/fleet");
    }
    String rest = url.substring("oci://".length());
    int slash = rest.indexOf('/');
    if (slash <= 0 || slash == rest.length() - 1) {
      throw new IllegalArgumentException("needs a host and a path: oci://HOST[:PORT]/PATH");
    }
    String host = rest.substring(0, slash);
    String path = rest.substring(slash + 1);
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("'" + host + "' is not a registry host[:port]");
    }
    for (String component : path.split("/", -1)) {
      if (!COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException(
            "'"
                + path
                + "' is not a repository path (lower-case letters, digits, . _ - between"
                + " them, / between parts)");
      }
    }
    return new Destination(host, path);
  }

  /** Whether a cluster name can be a repository component ({@code PATH/<cluster>}). */
  public static boolean validCluster(String cluster) {
    return COMPONENT.matcher(cluster).matches();
  }

  /** Whether a tag is valid. */
  public static boolean validTag(String tag) {
    return TAG.matcher(tag).matches();
  }

  /** {@code HOST/PATH/cluster} (no scheme, no tag). */
  public String repository(String cluster) {
    return host + "/" + path + "/" + cluster;
  }

  /** The URL as given, normalized: {@code oci://HOST/PATH}. */
  public String url() {
    return "oci://" + host + "/" + path;
  }
}
