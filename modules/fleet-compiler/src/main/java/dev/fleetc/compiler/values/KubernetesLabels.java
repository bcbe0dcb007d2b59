package dev.fleetc.compiler.values;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kubernetes label keys and values and node taints, by the apimachinery rules the API server
 * applies ({@code k8s.io/apimachinery/pkg/util/validation}: {@code IsQualifiedName}, {@code
 * IsValidLabelValue}, {@code IsDNS1123Subdomain}) and the taint syntax of {@code kubectl taint} and
 * the kubelet's {@code --register-with-taints} ({@code key[=value]:Effect}).
 */
public final class KubernetesLabels {

  private static final Pattern NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final Pattern DNS_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern TAINT = Pattern.compile("([^=:]*)(?:=([^:]*))?:([^:]*)");
  private static final String NAME_RULE =
      "at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit";

  private KubernetesLabels() {}

  /** A label key: an optional DNS-1123 subdomain prefix (at most 253) and '/', then a name. */
  public static Optional<Problem> checkKey(String key, String what) {
    String prefix = null;
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
    }
    if (prefix != null
        && (prefix.isEmpty()
            || prefix.length() > 253
            || !DNS_SUBDOMAIN.matcher(prefix).matches())) {
      return label(
          what + " key '" + shown(key) + "' has a prefix that is not a DNS subdomain",
          "the prefix before '/' is a lower-case DNS name such as example.com (at most 253)");
    }
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      return label(
          what + " key '" + shown(key) + "' is not a valid label name",
          "a key is [prefix/]name, the name " + NAME_RULE);
    }
    return Optional.empty();
  }

  /** A label name without prefix (cluster labels get the prefix {@code fleetc.dev/}). */
  public static Optional<Problem> checkName(String name, String what) {
    if (name.isEmpty() || name.length() > 63 || !NAME.matcher(name).matches()) {
      return label(
          what + " key '" + shown(name) + "' is not a valid label name",
          "fleetc writes it as fleetc.dev/<key>, so the key is a name: " + NAME_RULE);
    }
    return Optional.empty();
  }

  /** A label value: empty, or at most 63 characters of the name alphabet. */
  public static Optional<Problem> checkValue(String value, String what) {
    if (!value.isEmpty() && (value.length() > 63 || !NAME.matcher(value).matches())) {
      return label(
          what + " value '" + shown(value) + "' is not a valid label value",
          "a value is empty or " + NAME_RULE + "; quote numbers and true/false in YAML");
    }
    return Optional.empty();
  }

  /** A taint {@code key[=value]:Effect}. */
  public static Optional<Problem> checkTaint(String taint) {
    Matcher m = TAINT.matcher(taint);
    if (!m.matches()) {
      return taint("taint '" + shown(taint) + "' is not key[=value]:Effect");
    }
    String effect = m.group(3);
    if (!effect.equals("NoSchedule")
        && !effect.equals("PreferNoSchedule")
        && !effect.equals("NoExecute")) {
      return taint("taint '" + shown(taint) + "' has the effect '" + shown(effect) + "'");
    }
    Optional<Problem> key = checkKey(m.group(1), "taint");
    if (key.isPresent()) {
      return taint(key.get().message());
    }
    if (m.group(2) != null && checkValue(m.group(2), "taint").isPresent()) {
      return taint("taint '" + shown(taint) + "' has a value that is not a valid label value");
    }
    return Optional.empty();
  }

  private static Optional<Problem> label(String message, String hint) {
    return Optional.of(new Problem(ErrorCode.KUBERNETES_LABEL, message, hint));
  }

  private static Optional<Problem> taint(String message) {
    return Optional.of(
        new Problem(
            ErrorCode.KUBERNETES_TAINT,
            message,
            "write key[=value]:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute and a"
                + " key and value as for labels, e.g. dedicated=db:NoSchedule"));
  }

  /** The value as it may appear in a message: one line, at most 80 characters. */
  static String shown(String value) {
    String oneLine = value.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
  }
}
