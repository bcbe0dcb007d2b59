package dev.fleetc.compiler.values;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A branch name as {@code git check-ref-format --branch} accepts it (git's {@code refs.c}, {@code
 * check_refname_component}): no component starting with '.' or ending with {@code .lock}, no
 * {@code ..}, no {@code @{}, not {@code @} alone, no control characters, space, {@code ~ ^ : ? * [
 * \}, no leading, trailing or doubled '/', no trailing '.', no leading '-'.
 *
 * <p>Stricter than git on purpose: shell metacharacters ({@code $ ` ; & | < > ( ) ' " ! # { }}),
 * legal in a ref, are refused too, because the branch is shown in runbooks next to commands and no
 * GitOps branch needs them.
 */
public final class GitBranch {

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._/+,=@%-]+");

  private GitBranch() {}

  public static Optional<Problem> check(String branch) {
    if (branch.isEmpty()) {
      return problem("the GitOps branch is empty");
    }
    if (branch.length() > 255) {
      return problem("the GitOps branch name is longer than 255 characters");
    }
    if (!ALLOWED.matcher(branch).matches()) {
      return problem(
          "the GitOps branch contains " + Characters.describeFirstUnsafe(branch, ALLOWED));
    }
    if (branch.startsWith("-")) {
      return problem("the GitOps branch starts with '-', which Git reads as an option");
    }
    if (branch.equals("@") || branch.contains("@{")) {
      return problem("the GitOps branch is '@' or contains '@{', which Git reserves");
    }
    if (branch.contains("..")) {
      return problem("the GitOps branch contains '..'");
    }
    if (branch.startsWith("/") || branch.endsWith("/") || branch.contains("//")) {
      return problem("the GitOps branch starts or ends with '/' or has an empty component");
    }
    if (branch.endsWith(".")) {
      return problem("the GitOps branch ends with '.'");
    }
    for (String component : branch.split("/")) {
      if (component.startsWith(".") || component.endsWith(".lock")) {
        return problem("a component of the GitOps branch starts with '.' or ends with '.lock'");
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> problem(String message) {
    return Optional.of(
        new Problem(
            ErrorCode.GIT_BRANCH,
            message,
            "use a name 'git check-ref-format --branch' accepts, such as main or release/2026-11;"
                + " letters, digits and . _ / + , = @ % -"));
  }
}
