package dev.fleetc.compiler.values;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.model.GitOpsEngine;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The GitOps repository URL, which is written into {@code gotk-sync.yaml} or the Argo CD
 * Application, {@code GITOPS.md} and the runbook's shell blocks.
 *
 * <p>Accepted: {@code https://host[:port]/path}, {@code ssh://[user@]host[:port]/path}, the scp
 * form {@code [user@]host:path} (Argo CD only: Flux's GitRepository CRD requires {@code
 * ^(http|https|ssh)://}, fluxcd/source-controller {@code api/v1/gitrepository_types.go}), and
 * {@code http://} with warning FLEET-W007 (both engines fetch it, but without transport security
 * anyone on the path can change what the cluster applies). Refused: {@code git://} (no engine
 * accepts it: Flux's pattern excludes it, and it is unauthenticated), {@code file://} and local
 * paths (the engine runs in the cluster, where the operator's paths do not exist).
 *
 * <p>No credentials: a password in the user part anywhere, and for http(s) any user part (a token
 * as user name is a credential too). Credentials belong in the Secret the runbook creates. The host
 * is a DNS name, IPv4 or bracketed IPv6; the only characters allowed are those of URLs that need no
 * quoting in a shell word, so the URL is also safe where a runbook shows it.
 */
public final class GitUrl {

  /** How the URL names the repository. */
  public enum Form {
    HTTPS,
    HTTP,
    SSH,
    SCP
  }

  /** A URL that passed, with the warnings it deserves. */
  public record Checked(Form form, String host, List<Problem> warnings) {}

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._~:/@%+=,\\[\\]-]+");
  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*)://(.*)");
  private static final Pattern USER = Pattern.compile("[A-Za-z0-9._-]{1,64}");
  private static final Pattern AUTHORITY =
      Pattern.compile("(?:([^@/]*)@)?(\\[[0-9A-Fa-f:.]+\\]|[^:/\\[\\]@]+)(?::(\\d{1,5}))?");
  private static final Pattern SCP = Pattern.compile("(?:([^@/:]*)@)?([^:/\\[\\]@]+):(.*)");
  private static final Pattern PATH = Pattern.compile("[A-Za-z0-9._~/%+=,@:-]*");

  private GitUrl() {}

  /**
   * Checks a repository URL for the engine that will fetch it.
   *
   * @return the problem (an error), or the checked URL with its warnings
   */
  public static Result check(String url, GitOpsEngine engine) {
    if (url.isEmpty()) {
      return Result.problem(error("the GitOps repository URL is empty", "write the Git URL"));
    }
    if (!SAFE.matcher(url).matches()) {
      return Result.problem(
          error(
              "the GitOps repository URL contains "
                  + Characters.describeFirstUnsafe(url, SAFE)
                  + ", which no Git URL needs",
              "URLs use letters, digits and . _ ~ : / @ % + = , -; percent-encode anything else"
                  + " (%20 for a space)"));
    }
    Matcher scheme = SCHEME.matcher(url);
    if (scheme.matches()) {
      String name = scheme.group(1).toLowerCase(Locale.ROOT);
      Form form =
          switch (name) {
            case "https" -> Form.HTTPS;
            case "http" -> Form.HTTP;
            case "ssh" -> Form.SSH;
            default -> null;
          };
      if (form == null) {
        return Result.problem(
            error(
                "the GitOps repository uses the scheme '"
                    + name
                    + "', which fleetc does not accept",
                "use https://HOST/PATH or ssh://git@HOST/PATH: the engine fetches from inside the"
                    + " cluster, so file:// and local paths do not exist there, and git:// is"
                    + " unauthenticated and refused by Flux"));
      }
      return authorityAndPath(scheme.group(2), form);
    }
    if (url.indexOf('@') > 0 && url.substring(0, url.indexOf('@')).contains(":")) {
      return Result.problem(credentials());
    }
    Matcher scp = SCP.matcher(url);
    if (scp.matches() && !url.startsWith("/") && !url.startsWith(".")) {
      if (engine == GitOpsEngine.FLUX) {
        return Result.problem(
            error(
                "Flux does not accept the scp-like form user@host:path",
                "write it as ssh://"
                    + (scp.group(1) == null ? "git" : scp.group(1))
                    + "@"
                    + scp.group(2)
                    + "/"
                    + scp.group(3)
                    + " (Flux's GitRepository accepts http, https and ssh URLs only)"));
      }
      if (scp.group(1) != null && !USER.matcher(scp.group(1)).matches()) {
        return Result.problem(
            error("the SSH user of the GitOps repository is not valid", USER_HINT));
      }
      if (!NetworkAddress.isHostName(scp.group(2))
          && NetworkAddress.bytes(scp.group(2)).isEmpty()) {
        return Result.problem(error("the GitOps repository's host is not a DNS name", HOST_HINT));
      }
      return path(scp.group(3), Form.SCP, scp.group(2));
    }
    return Result.problem(
        error(
            "the GitOps repository is not a Git URL",
            "write https://HOST/PATH or ssh://git@HOST/PATH (a local path does not exist inside"
                + " the cluster)"));
  }

  private static final String USER_HINT = "an SSH user is letters, digits, '.', '_' and '-'";
  private static final String HOST_HINT =
      "write the Git server's DNS name or IP address (IPv6 in brackets: [2001:db8::1])";

  private static Result authorityAndPath(String rest, Form form) {
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    // The last '@' ends the user part: a password may itself hold '@' (percent-encoded or not).
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String user = authority.substring(0, at);
      if (user.contains(":") || form == Form.HTTPS || form == Form.HTTP) {
        return Result.problem(credentials());
      }
      if (!USER.matcher(user).matches()) {
        return Result.problem(
            error("the SSH user of the GitOps repository is not valid", USER_HINT));
      }
    }
    Matcher matcher = AUTHORITY.matcher(at >= 0 ? authority.substring(at + 1) : authority);
    if (!matcher.matches()) {
      return Result.problem(error("the GitOps repository URL has no valid host", HOST_HINT));
    }
    String host = matcher.group(2);
    boolean validHost =
        host.startsWith("[")
            ? NetworkAddress.bytes(host.substring(1, host.length() - 1))
                .filter(b -> b.length == 16)
                .isPresent()
            : NetworkAddress.isHostName(host) || NetworkAddress.bytes(host).isPresent();
    if (!validHost) {
      return Result.problem(error("the GitOps repository's host is not valid", HOST_HINT));
    }
    if (matcher.group(3) != null) {
      int port = Integer.parseInt(matcher.group(3));
      if (port < 1 || port > 65535) {
        return Result.problem(
            error("the GitOps repository's port is not between 1 and 65535", "fix the port"));
      }
    }
    Result result = path(path, form, host);
    if (result.checked() != null && form == Form.HTTP) {
      result
          .checked()
          .warnings()
          .add(
              new Problem(
                  ErrorCode.GIT_PLAIN_HTTP,
                  "the GitOps repository is fetched over plain http: anyone on the network path can"
                      + " change what the cluster applies",
                  "use https:// or ssh://"));
    }
    return result;
  }

  private static Result path(String path, Form form, String host) {
    if (path.isEmpty() || path.equals("/")) {
      return Result.problem(
          error(
              "the GitOps repository URL names no repository path",
              "add the path: HOST/org/repo.git"));
    }
    if (!PATH.matcher(path).matches()) {
      return Result.problem(error("the GitOps repository's path is not valid", "fix the path"));
    }
    for (String segment : path.split("/")) {
      if (segment.equals("..")) {
        return Result.problem(
            error("the GitOps repository's path contains '..'", "write the repository's own path"));
      }
    }
    if (path.startsWith("-") || host.startsWith("-")) {
      return Result.problem(
          error(
              "the GitOps repository URL starts a part with '-'",
              "Git would read it as an option"));
    }
    return Result.ok(new Checked(form, host, new ArrayList<>()));
  }

  private static Problem credentials() {
    return new Problem(
        ErrorCode.GIT_CREDENTIALS,
        "the GitOps repository URL carries credentials, which would be written into Git and the"
            + " runbooks",
        "remove the user:password@ (for https any user@) part; the runbook's Secret holds the"
            + " credentials, read from your own files");
  }

  private static Problem error(String message, String hint) {
    return new Problem(ErrorCode.GIT_URL, message, hint);
  }

  /** Either a problem or a checked URL. */
  public record Result(Problem problem, Checked checked) {
    static Result problem(Problem problem) {
      return new Result(problem, null);
    }

    static Result ok(Checked checked) {
      return new Result(null, checked);
    }
  }
}
