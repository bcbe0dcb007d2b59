package dev.fleetc.compiler;

import dev.fleetc.compiler.catalog.K3sFlags;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.k3s.K3sRules;
import dev.fleetc.compiler.microk8s.MicroK8sRules;
import dev.fleetc.compiler.schema.JsonSchema;
import dev.fleetc.model.Distribution;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The JSON Schema that {@code fleet schema} prints: {@link JsonSchema}'s structure of the language,
 * refined with what {@code fleet validate} checks wherever JSON Schema can say it: name, address,
 * CIDR, taint, version and path patterns, the release catalog's Kubernetes minors, and the keys
 * (with their types) that the K3s and MicroK8s escape hatches accept. It never refuses what
 * validate accepts: rules that depend on another field's value (a distribution set in a profile),
 * on other clusters, or on the k0s ClusterConfig schema stay with validate.
 */
public final class EditorSchema {

  static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";
  private static final String IPV4_PART =
      "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}";
  private static final String IPV6_PART = "[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*";
  private static final String HOST_PART =
      "(?![0-9.]+$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*";
  static final String ADDRESS = "^(" + IPV4_PART + "|" + IPV6_PART + "|" + HOST_PART + ")$";
  static final String CIDR =
      "^("
          + IPV4_PART
          + "/(3[0-2]|[12]?[0-9])|"
          + IPV6_PART
          + "/(12[0-8]|1[01][0-9]|[1-9]?[0-9]))$";
  static final String BUILD =
      "^(v1\\.[0-9]+\\.[0-9]+(-rc[0-9]+)?\\+k3s[0-9]+"
          + "|v1\\.[0-9]+\\.[0-9]+(-rc\\.[0-9]+)?\\+k0s\\.[0-9]+"
          + "|1\\.[0-9]+(-strict)?/(stable|candidate|beta|edge)(/[a-z0-9-]+)?)$";
  static final String TAINT =
      "^[A-Za-z0-9./_-]+(=[A-Za-z0-9._-]*)?:(NoSchedule|PreferNoSchedule|NoExecute)$";

  /** {@code values.SafePaths.outputProblem} as a pattern (its length limit aside). */
  static final String GITOPS_PATH =
      "^(?!(bootstrap|fleet\\.lock\\.json|fleet\\.md)(/|$))"
          + "[a-z0-9_-][a-z0-9._-]*(/[a-z0-9_-][a-z0-9._-]*)*$";

  static final String METALLB_RANGE =
      "^("
          + IPV4_PART
          + "-"
          + IPV4_PART
          + "|"
          + IPV6_PART
          + "-"
          + IPV6_PART
          + "|"
          + CIDR.substring(1, CIDR.length() - 1)
          + ")$";

  /** A duration as {@code upgrades:} and {@code rollout:} take it: 90s, 10m, 1h30m. */
  static final String DURATION = "^(?=.)([0-9]{1,6}h)?([0-9]{1,6}m)?([0-9]{1,8}s)?$";

  static final String CLOCK = "^([01][0-9]|2[0-3]):[0-5][0-9]$";

  private EditorSchema() {}

  /** The schema, as plain maps and lists ready to serialize. */
  public static Map<String, Object> ofFleet() {
    Map<String, Object> schema = JsonSchema.ofFleet();
    ReleaseCatalog catalog = ReleaseCatalog.builtIn();
    refine(at(schema, "properties", "metadata", "properties", "name"), DNS_LABEL);
    refineSettings(at(schema, "properties", "defaults"), catalog);
    refineSettings(at(schema, "properties", "profiles", "additionalProperties"), catalog);
    Map<String, Object> cluster = at(schema, "properties", "clusters", "items");
    refineSettings(cluster, catalog);
    refine(at(cluster, "properties", "name"), DNS_LABEL);
    refine(at(cluster, "properties", "apiEndpoint"), ADDRESS);
    Map<String, Object> node = at(cluster, "properties", "nodes", "items");
    refine(at(node, "properties", "name"), DNS_LABEL);
    refine(at(node, "properties", "address"), ADDRESS);
    pairOf(node, "privateAddress", ADDRESS);
    refine(at(node, "properties", "taints", "items"), TAINT);
    refineRollout(at(schema, "properties", "rollout"));
    return schema;
  }

  private static void refineSettings(Map<String, Object> settings, ReleaseCatalog catalog) {
    if (settings == null) {
      return;
    }
    Map<String, Object> properties = at(settings, "properties");
    properties.put("kubernetes", kubernetes(catalog, properties.get("kubernetes")));
    refine(at(settings, "properties", "version"), BUILD);
    Map<String, Object> network = at(settings, "properties", "network");
    pairOf(network, "podCIDR", CIDR);
    pairOf(network, "serviceCIDR", CIDR);
    refine(at(settings, "properties", "sans", "items"), ADDRESS);
    refine(
        at(settings, "properties", "firstBoot", "properties", "deadline"),
        FirstBootDeadline.PATTERN);
    refine(at(settings, "properties", "gitops", "properties", "path"), GITOPS_PATH);
    refine(at(settings, "properties", "microk8s", "properties", "metallb", "items"), METALLB_RANGE);
    Map<String, Object> upgrades = at(settings, "properties", "upgrades");
    refine(at(upgrades, "properties", "nodeSoak"), DURATION);
    refine(at(upgrades, "properties", "jobDeadline"), DURATION);
    refine(
        at(upgrades, "properties", "workers", "properties", "drain", "properties", "timeout"),
        DURATION);
    refine(at(upgrades, "properties", "window", "properties", "start"), CLOCK);
    refine(at(upgrades, "properties", "window", "properties", "end"), CLOCK);
    Map<String, Object> k3s = at(settings, "properties", "k3s", "properties");
    if (k3s != null) {
      k3s.put("server", k3sKeys(k3s.get("server"), K3sFlags.server()));
      k3s.put("agent", k3sKeys(k3s.get("agent"), K3sFlags.agent()));
    }
    Map<String, Object> k0s = at(settings, "properties", "k0s", "properties");
    if (k0s != null) {
      k0s.put("config", K0sConfigJsonSchema.ofSpec());
    }
    Map<String, Object> launch =
        at(settings, "properties", "microk8s", "properties", "launchConfig");
    if (launch != null) {
      launch.put(
          "propertyNames",
          Map.of("enum", List.copyOf(new TreeSet<>(MicroK8sRules.launchConfigKeys()))));
    }
  }

  /** Durations, and the counts that are a number or a percentage ({@code 1}, {@code 10%}). */
  private static void refineRollout(Map<String, Object> rollout) {
    refine(at(rollout, "properties", "progressDeadline"), DURATION);
    Map<String, Object> wave = at(rollout, "properties", "waves", "items");
    refine(at(wave, "properties", "name"), DNS_LABEL);
    refine(at(wave, "properties", "soak"), DURATION);
    Map<String, Object> properties = at(wave, "properties");
    if (properties != null) {
      properties.put("maxConcurrent", amount(properties.get("maxConcurrent"), 1));
      properties.put("maxFailures", amount(properties.get("maxFailures"), 0));
    }
  }

  private static Map<String, Object> amount(Object base, int minimum) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (base instanceof Map<?, ?> map && map.get("description") != null) {
      out.put("description", map.get("description"));
    }
    out.put(
        "anyOf",
        List.of(
            Map.of("type", "integer", "minimum", minimum),
            Map.of("type", "string", "pattern", "^([0-9]|[1-9][0-9]|100)%$|^[0-9]{1,7}$")));
    return out;
  }

  /**
   * A minor the catalog has for some distribution: {@code "1.31"}, or an unquoted {@code 1.31},
   * which YAML reads as a number and {@code fleet validate} accepts as written.
   */
  private static Map<String, Object> kubernetes(ReleaseCatalog catalog, Object base) {
    TreeSet<String> minors = new TreeSet<>();
    for (Distribution d : Distribution.values()) {
      minors.addAll(catalog.minors(d));
    }
    List<Object> numbers = new ArrayList<>();
    minors.forEach(m -> numbers.add(Double.valueOf(m)));
    Map<String, Object> out = new LinkedHashMap<>();
    if (base instanceof Map<?, ?> map && map.get("description") != null) {
      out.put("description", map.get("description"));
    }
    out.put(
        "anyOf",
        List.of(
            Map.of("type", "string", "enum", List.copyOf(minors)),
            Map.of("type", "number", "enum", numbers)));
    return out;
  }

  /** The keys a K3s role accepts in the escape hatch, each with its type. */
  private static Map<String, Object> k3sKeys(Object base, K3sFlags flags) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (base instanceof Map<?, ?> map && map.get("description") != null) {
      out.put("description", map.get("description"));
    }
    out.put("type", "object");
    Map<String, Object> properties = new LinkedHashMap<>();
    List<Object> scalar = List.of("string", "number", "boolean");
    for (K3sFlags.Flag flag : flags.all().values()) {
      String key = flag.key();
      if (K3sRules.managedKeys().contains(key) || K3sRules.secretKeys().contains(key)) {
        continue;
      }
      Map<String, Object> type =
          switch (flag.type()) {
            case BOOL -> Map.of("type", "boolean");
            case INT -> Map.of("type", "integer");
            case STRING_SLICE ->
                Map.of(
                    "anyOf",
                    List.of(
                        Map.of("type", scalar),
                        Map.of("type", "array", "items", Map.of("type", scalar))));
            default -> Map.of("type", scalar);
          };
      properties.put(key, type);
      if (flag.type() == K3sFlags.Type.STRING_SLICE) {
        properties.put(key + "+", type);
      }
    }
    out.put("properties", properties);
    out.put("additionalProperties", false);
    return out;
  }

  /**
   * A value written once, or one per IP family (dual-stack): a string, or a list of one or two
   * (that the two are of different families, JSON Schema cannot say; validate does).
   */
  private static void pairOf(Map<String, Object> object, String field, String pattern) {
    Map<String, Object> properties = object == null ? null : at(object, "properties");
    if (properties == null || !(properties.get(field) instanceof Map<?, ?> base)) {
      return;
    }
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("type", "string");
    one.put("pattern", pattern);
    Map<String, Object> pair = new LinkedHashMap<>();
    pair.put("type", "array");
    pair.put("items", one);
    pair.put("minItems", 1);
    pair.put("maxItems", 2);
    Map<String, Object> out = new LinkedHashMap<>();
    if (base.get("description") != null) {
      out.put("description", base.get("description"));
    }
    out.put("anyOf", List.of(one, pair));
    properties.put(field, out);
  }

  private static void refine(Map<String, Object> string, String pattern) {
    if (string != null) {
      string.put("pattern", pattern);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> at(Map<String, Object> root, String... path) {
    Object node = root;
    for (String key : path) {
      if (!(node instanceof Map<?, ?> map)) {
        return null;
      }
      node = map.get(key);
    }
    return node instanceof Map<?, ?> map ? (Map<String, Object>) map : null;
  }
}
