package dev.fleetc.compiler.importer;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.model.Distribution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers the importers share: names, secret variables, versions, map access. */
final class Imports {

  private static final Pattern MINOR = Pattern.compile("v?(\\d+)\\.(\\d+)(\\.\\d+)?.*");

  private Imports() {}

  /** A DNS-1123 label made from any name: lower case, '-' for the rest, at most 63 characters. */
  static String label(String name) {
    String out = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
    out = out.replaceAll("^-+", "").replaceAll("-+$", "");
    if (out.length() > 63) {
      out = out.substring(0, 63).replaceAll("-+$", "");
    }
    return out.isEmpty() ? "node" : out;
  }

  /** An environment variable name for a secret of a cluster: {@code PROD_EU_TOKEN}. */
  static String variable(String cluster, String what) {
    String name = (cluster + "_" + what).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    return Character.isDigit(name.charAt(0)) ? "_" + name : name;
  }

  static Map<String, Object> secretRef(String ref) {
    Map<String, Object> secret = new LinkedHashMap<>();
    secret.put("secretRef", ref);
    return secret;
  }

  /**
   * {@code kubernetes} and, when the catalog's build for that minor is another one, {@code
   * version}, for an exact build; empty when the build names no minor.
   */
  static Optional<Map<String, Object>> release(
      ReleaseCatalog catalog, Distribution distribution, String build) {
    Matcher m = MINOR.matcher(build == null ? "" : build);
    if (!m.matches()) {
      return Optional.empty();
    }
    String minor = m.group(1) + "." + m.group(2);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("kubernetes", minor);
    if (!catalog.build(distribution, minor).map(build::equals).orElse(false)) {
      out.put("version", build);
    }
    return Optional.of(out);
  }

  /** The catalog's newest minor of a distribution. */
  static String newestMinor(ReleaseCatalog catalog, Distribution distribution) {
    return catalog.minors(distribution).last();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object value) {
    return value instanceof List<?> l ? (List<Object>) l : null;
  }

  static String string(Object value) {
    return value == null || value instanceof Map || value instanceof List
        ? null
        : String.valueOf(value);
  }

  /**
   * A K3s address-list flag ({@code node-ip}, {@code node-external-ip}): a scalar or a list, each
   * item split on commas as K3s splits them ({@code 192.168.1.2,2001:db8::2} is two addresses).
   */
  static List<String> addresses(Object value) {
    List<String> out = new java.util.ArrayList<>();
    for (String item : strings(value)) {
      for (String part : item.split(",")) {
        if (!part.isBlank()) {
          out.add(part.strip());
        }
      }
    }
    return out;
  }

  /** A scalar or list of scalars as strings (K3s takes either for a string-slice flag). */
  static List<String> strings(Object value) {
    if (value instanceof List<?> l) {
      return l.stream().map(String::valueOf).toList();
    }
    return value == null ? List.of() : List.of(String.valueOf(value));
  }

  /** Moves {@code key} of {@code from}, when present, to {@code to} as {@code as}. */
  static void copy(Map<String, Object> from, String key, Map<String, Object> to, String as) {
    Object value = from.remove(key);
    if (value != null) {
      to.put(as, value);
    }
  }
}
