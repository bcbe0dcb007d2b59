package dev.fleetc.compiler.values;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Paths a fleet names that become paths or command words elsewhere.
 *
 * <p>An <em>output path</em> ({@code gitops.path}) becomes a folder of the output tree, a word of
 * the {@code kubectl apply -k} commands in the runbooks, and an entry of the lock that the next
 * compile reads back; so it is held to a grammar that is safe in all three: segments of {@code
 * [a-z0-9._-]}, none empty, none starting with a dot (so no {@code .}, {@code ..} or hidden folder,
 * and never fleetc's own {@code .fleetc-staging} or {@code .fleetc-lock}), not under a top-level
 * name fleetc writes itself ({@code bootstrap/}, {@code fleet.lock.json}, the lock's parts in
 * {@code fleet.lock.d/}, {@code FLEET.md}, the folders several clusters share in {@code shared/}),
 * at most {@value #MAX_OUTPUT_LENGTH} characters. Every such path also passes the lock reader's
 * check ({@code emit.LockReader.unsafe}), which is wider.
 *
 * <p>A <em>node path</em> (K3s {@code data-dir} and {@code kubelet-arg root-dir=}, a k0sctl host's
 * {@code dataDir} and {@code kubeletRootDir}) is a folder on the node that a generated script
 * writes under as root, or that Velero's node agent mounts from the host: absolute and normalized,
 * not {@code /}, segments of {@code [A-Za-z0-9._+@-]} (no {@code .} or {@code ..}, no empty
 * segment, no trailing slash).
 */
public final class SafePaths {

  /** Longest output path: far below any file system's limit with the file names fleetc adds. */
  public static final int MAX_OUTPUT_LENGTH = 200;

  private static final Pattern OUTPUT_SEGMENT = Pattern.compile("[a-z0-9_-][a-z0-9._-]*");
  private static final Pattern NODE_SEGMENT = Pattern.compile("[A-Za-z0-9._+@-]+");
  private static final Pattern OUTPUT_CHARACTER = Pattern.compile("[a-z0-9._-]");
  private static final Pattern NODE_CHARACTER = Pattern.compile("[A-Za-z0-9._+@-]");

  /**
   * Top-level names of the output tree that fleetc writes itself (compared without case: a
   * case-insensitive file system would merge {@code fleet.md} and {@code FLEET.md}).
   */
  public static final Set<String> RESERVED_TOP_LEVEL =
      Set.of("bootstrap", "fleet.lock.json", "fleet.lock.d", "fleet.md", "shared");

  private SafePaths() {}

  /** The problem with an output path ({@code gitops.path}), if any. */
  public static Optional<String> outputProblem(String path) {
    if (path.isEmpty()) {
      return Optional.of("is empty");
    }
    if (path.length() > MAX_OUTPUT_LENGTH) {
      return Optional.of("is longer than " + MAX_OUTPUT_LENGTH + " characters");
    }
    String[] segments = path.split("/", -1);
    for (String segment : segments) {
      if (segment.isEmpty()) {
        return Optional.of(
            path.startsWith("/")
                ? "is absolute"
                : "has an empty segment (a '//' or a '/' at an end)");
      }
      if (segment.startsWith(".")) {
        return Optional.of(
            segment.equals(".") || segment.equals("..")
                ? "has a '" + segment + "' segment: it must stay inside the output folder"
                : "has a segment starting with '.' ('"
                    + KubernetesLabels.shown(segment)
                    + "'): hidden folders, .fleetc-staging among them, are not GitOps paths");
      }
      if (!OUTPUT_SEGMENT.matcher(segment).matches()) {
        return Optional.of(
            "has "
                + Characters.describeFirstUnsafe(segment, OUTPUT_CHARACTER)
                + "; segments are lower-case letters, digits, '.', '_' and '-'");
      }
    }
    String top = segments[0].toLowerCase(java.util.Locale.ROOT);
    if (RESERVED_TOP_LEVEL.contains(top)) {
      return Optional.of("is inside '" + segments[0] + "', which fleetc writes itself");
    }
    return Optional.empty();
  }

  /** The problem with an absolute path on a node ({@code data-dir}), if any. */
  public static Optional<String> nodeProblem(String path) {
    if (!path.startsWith("/")) {
      return Optional.of("is not absolute");
    }
    if (path.equals("/")) {
      return Optional.of("is the root folder");
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        return Optional.of("is not normalized (an empty, '.' or '..' segment, or a trailing '/')");
      }
      if (!NODE_SEGMENT.matcher(segment).matches()) {
        return Optional.of(
            "has "
                + Characters.describeFirstUnsafe(segment, NODE_CHARACTER)
                + "; segments are letters, digits, '.', '_', '+', '@' and '-'");
      }
    }
    return Optional.empty();
  }

  /** A located problem for an output path. */
  public static Optional<Problem> checkOutput(String field, String path, String example) {
    return outputProblem(path)
        .map(
            why ->
                new Problem(
                    ErrorCode.UNSAFE_PATH,
                    field + " '" + KubernetesLabels.shown(path) + "' " + why,
                    "use a relative folder of lower-case segments, e.g. " + example));
  }

  /** A located problem for a node path. */
  public static Optional<Problem> checkNode(String field, String path, String example) {
    return nodeProblem(path)
        .map(
            why ->
                new Problem(
                    ErrorCode.UNSAFE_PATH,
                    field + " '" + KubernetesLabels.shown(path) + "' " + why,
                    "write an absolute, normalized path such as " + example));
  }
}
