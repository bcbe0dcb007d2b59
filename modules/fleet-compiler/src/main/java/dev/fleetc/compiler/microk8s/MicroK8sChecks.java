package dev.fleetc.compiler.microk8s;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.diagnostics.Suggestions;
import dev.fleetc.compiler.rules.Addresses;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.Node;
import dev.fleetc.model.Release;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that only MicroK8s clusters need, and binds the {@code microk8s} escape hatch. Generic
 * rules (an odd number of voters, a join token) are the compiler's topology checks; this class adds
 * what the MicroK8s join and snap channels demand.
 */
final class MicroK8sChecks {

  /** dqlite keeps this many voters; further control-plane nodes become standby or spare. */
  static final int DQLITE_VOTERS = 3;

  /** Launch-configuration keys fleetc writes itself, with the fleet field that sets them. */
  static final Map<String, String> MANAGED =
      Map.of(
          "version", "the track (kubernetes/version)",
          "join", "the node list: the join scripts run 'microk8s join' with retries",
          "extraSANs", "apiEndpoint and sans");

  /** Add-ons the fleet language enables itself; {@code launchConfig.addons} may not name them. */
  static final Set<String> MANAGED_ADDONS =
      Set.of("dns", "rbac", "ingress", "hostpath-storage", "storage", "metallb");

  /** Every other key of a launch configuration (cluster-agent pkg/k8sinit/schema.go). */
  static final Set<String> OPEN_KEYS =
      Set.of(
          "extraKubeletArgs",
          "extraKubeAPIServerArgs",
          "extraKubeProxyArgs",
          "extraKubeControllerManagerArgs",
          "extraKubeSchedulerArgs",
          "extraKubeliteEnv",
          "extraContainerdArgs",
          "extraContainerdEnv",
          "extraDqliteArgs",
          "extraDqliteEnv",
          "extraMicroK8sClusterAgentArgs",
          "extraMicroK8sClusterAgentEnv",
          "extraMicroK8sAPIServerProxyArgs",
          "extraMicroK8sAPIServerProxyEnv",
          "extraEtcdArgs",
          "extraEtcdEnv",
          "extraFlanneldArgs",
          "extraFlanneldEnv",
          "extraCNIEnv",
          "extraFIPSEnv",
          "containerdRegistryConfigs",
          "extraConfigFiles",
          "addons",
          "addonRepositories");

  private static final Pattern TRACK = Pattern.compile("(1\\.\\d+)(-strict)?/.*");
  private static final Pattern RANGE = Pattern.compile("([^-/]+)-([^-/]+)");

  private MicroK8sChecks() {}

  /** Runs every MicroK8s rule over a bound cluster's parts. */
  static void check(
      String cluster,
      Settings settings,
      List<Node> nodes,
      Optional<Release> release,
      ReleaseCatalog catalog,
      Diagnostics diagnostics) {
    release.ifPresent(r -> checkTrack(r, settings, catalog, diagnostics));
    checkNativeBackup(cluster, settings, diagnostics);
    release.ifPresent(r -> checkNativeAddons(cluster, settings, r, diagnostics));
    List<Node> controlPlane = nodes.stream().filter(Node::isControlPlane).toList();
    if (nodes.size() > 1 && !controlPlane.isEmpty()) {
      checkJoinAddress(cluster, controlPlane.get(0), settings, diagnostics);
    }
    if (controlPlane.size() > DQLITE_VOTERS && controlPlane.size() % 2 == 1) {
      diagnostics.warning(
          ErrorCode.MICROK8S_STANDBY,
          settings.position("nodes"),
          "MicroK8s cluster '"
              + cluster
              + "' has "
              + controlPlane.size()
              + " control-plane nodes: dqlite keeps "
              + DQLITE_VOTERS
              + " voters, the other "
              + (controlPlane.size() - DQLITE_VOTERS)
              + " become standby and add no write capacity",
          "that is fine for failover; declare workers for more capacity");
    }
  }

  /**
   * MicroK8s has no core add-on for Velero and fleetc runs no Helm on its nodes, so without a
   * GitOps engine a declared backup would silently not exist.
   */
  private static void checkNativeBackup(
      String cluster, Settings settings, Diagnostics diagnostics) {
    boolean noEngine =
        settings
            .string("gitops.engine")
            .flatMap(GitOpsEngine::fromId)
            .orElse(GitOpsEngine.NONE)
            .equals(GitOpsEngine.NONE);
    if (noEngine && settings.node("addons.backup.velero").isPresent()) {
      diagnostics.warning(
          ErrorCode.NATIVE_BACKUP_UNAVAILABLE,
          settings.position("addons.backup.velero"),
          "MicroK8s cluster '"
              + cluster
              + "' declares Velero backups but has no GitOps engine: MicroK8s add-ons do not"
              + " include Velero, so no backup will be installed",
          "set gitops.engine to flux or argocd, or install Velero yourself");
    }
  }

  /**
   * Without a GitOps engine the core add-ons stand in for the fleet's charts, and they are not the
   * same products: up to 1.34 the {@code ingress} add-on is ingress-nginx (IngressClasses {@code
   * public}, the default, and {@code nginx}), from 1.35 Traefik (classes {@code public}, {@code
   * traefik}, {@code nginx}); {@code hostpath-storage} names its class {@code microk8s-hostpath}
   * (ADD branches 1.31-1.35: addons/ingress/ingress.yaml, values.yaml,
   * addons/hostpath-storage/storage.yaml). Workloads written for the fleet's class names would find
   * other ones, so say which.
   */
  private static void checkNativeAddons(
      String cluster, Settings settings, Release release, Diagnostics diagnostics) {
    if (!noEngine(settings)) {
      return;
    }
    String minorText = release.kubernetesMinor();
    int minor = Integer.parseInt(minorText.substring(minorText.indexOf('.') + 1));
    boolean traefikAddon = minor >= 35;
    List<String> differences = new ArrayList<>();
    String ingress = settings.string("addons.ingress").orElse("none");
    if (ingress.equals("traefik") && !traefikAddon) {
      differences.add(
          "ingress: the MicroK8s "
              + minorText
              + " ingress add-on is NGINX (IngressClass 'public', the default, and 'nginx'),"
              + " not Traefik: there is no IngressClass 'traefik'");
    } else if (ingress.equals("ingress-nginx") && traefikAddon) {
      differences.add(
          "ingress: the MicroK8s "
              + minorText
              + " ingress add-on is Traefik (IngressClass 'public', the default, 'traefik', and"
              + " 'nginx' through Traefik's NGINX compatibility), not ingress-nginx");
    }
    if (settings.string("addons.storage").filter("local-path"::equals).isPresent()) {
      differences.add(
          "storage: the hostpath-storage add-on's default StorageClass is 'microk8s-hostpath',"
              + " not 'local-path'");
    }
    if (differences.isEmpty()) {
      return;
    }
    String path = differences.get(0).startsWith("ingress") ? "addons.ingress" : "addons.storage";
    diagnostics.warning(
        ErrorCode.MICROK8S_NATIVE_ADDONS_DIFFER,
        settings.position(path),
        "MicroK8s cluster '"
            + cluster
            + "' has no GitOps engine, so MicroK8s add-ons replace the fleet's charts: "
            + String.join("; ", differences),
        "set gitops.engine to flux or argocd to get the declared charts, or write workloads for"
            + " the class names above (RUNBOOK.md lists them)");
  }

  private static boolean noEngine(Settings settings) {
    return settings
        .string("gitops.engine")
        .flatMap(GitOpsEngine::fromId)
        .orElse(GitOpsEngine.NONE)
        .equals(GitOpsEngine.NONE);
  }

  /** The channel's track must be one the catalog knows, installable with --classic. */
  private static void checkTrack(
      Release release, Settings settings, ReleaseCatalog catalog, Diagnostics diagnostics) {
    SourcePosition at =
        settings.node("version").isPresent()
            ? settings.position("version")
            : settings.position("kubernetes");
    Matcher track = TRACK.matcher(release.version());
    if (!track.matches()) {
      return; // the release check reported a malformed channel already
    }
    if (track.group(2) != null) {
      diagnostics.error(
          ErrorCode.MICROK8S_TRACK,
          at,
          "channel "
              + release.version()
              + " is a strictly confined track; fleetc installs the classic snap",
          "use " + track.group(1) + "/stable");
      return;
    }
    if (!catalog.minors(Distribution.MICROK8S).contains(track.group(1))) {
      diagnostics.error(
          ErrorCode.MICROK8S_TRACK,
          at,
          "MicroK8s has no track "
              + track.group(1)
              + " that fleetc can install (launch configurations need 1.27 or newer)",
          "known tracks: " + String.join(", ", catalog.minors(Distribution.MICROK8S)));
    }
  }

  /**
   * {@code microk8s join} accepts an IPv4 literal only (no host name, no IPv6), so the first
   * control-plane node, which every other node joins, needs an IPv4 cluster address.
   */
  private static void checkJoinAddress(
      String cluster, Node first, Settings settings, Diagnostics diagnostics) {
    String address = first.clusterAddress();
    if (Addresses.isIpv4(address)) {
      return;
    }
    String field = first.privateAddress() != null ? "privateAddress" : "address";
    diagnostics.error(
        ErrorCode.MICROK8S_JOIN_ADDRESS,
        nodePosition(settings, first.name(), field),
        "node '"
            + first.name()
            + "' of MicroK8s cluster '"
            + cluster
            + "' is joined at "
            + address
            + ", but microk8s join accepts IPv4 addresses only",
        "give " + first.name() + " an IPv4 privateAddress, e.g. 10.0.0.11");
  }

  private static SourcePosition nodePosition(Settings settings, String node, String field) {
    if (settings.node("nodes").orElse(null) instanceof YSeq seq) {
      for (YNode item : seq.items()) {
        if (item instanceof YMap map
            && map.get("name").orElse(null) instanceof YScalar name
            && name.text().equals(node)) {
          return map.get(field).map(YNode::position).orElse(map.position());
        }
      }
    }
    return settings.position("nodes");
  }

  /** The escape hatch as plain values: {@code launchConfig} (checked keys) and {@code metallb}. */
  static Map<String, Object> extensions(Settings settings, Diagnostics diagnostics) {
    Map<String, Object> extensions = new LinkedHashMap<>();
    settings
        .node("microk8s.launchConfig")
        .filter(n -> n instanceof YMap)
        .ifPresent(n -> extensions.put("launchConfig", launchConfig((YMap) n, diagnostics)));
    settings
        .bool("microk8s.rbac")
        .filter(rbac -> !rbac)
        .ifPresent(rbac -> extensions.put("rbac", false));
    settings
        .bool("microk8s.dns")
        .filter(dns -> !dns)
        .ifPresent(
            dns -> {
              extensions.put("dns", false);
              if (!noEngine(settings)) {
                // Flux's and Argo CD's controllers reach each other through Service names.
                diagnostics.error(
                    ErrorCode.MICROK8S_DNS_REQUIRED,
                    settings.position("microk8s.dns"),
                    "microk8s.dns is false, but the GitOps engine "
                        + settings.string("gitops.engine").orElse("")
                        + " needs cluster DNS: its controllers reach each other by Service name",
                    "remove 'microk8s.dns: false' (fleetc enables the dns add-on), or set"
                        + " gitops.engine: none");
              }
            });
    if (settings.node("microk8s.metallb").isPresent()) {
      List<String> ranges = settings.strings("microk8s.metallb");
      for (String range : ranges) {
        if (!isAddressRange(range)) {
          diagnostics.error(
              ErrorCode.INVALID_VALUE,
              settings.position("microk8s.metallb"),
              "MetalLB range '" + range + "' is neither a CIDR nor FIRST-LAST addresses",
              "write e.g. 10.0.0.200-10.0.0.220 or 10.0.0.192/27");
        }
      }
      if (ranges.isEmpty()) {
        diagnostics.error(
            ErrorCode.INVALID_VALUE,
            settings.position("microk8s.metallb"),
            "microk8s.metallb lists no address range",
            "the metallb add-on needs at least one range, e.g. 10.0.0.200-10.0.0.220");
      }
      extensions.put("metallb", new ArrayList<>(ranges));
    }
    return extensions;
  }

  private static Map<String, Object> launchConfig(YMap map, Diagnostics diagnostics) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (YMap.Entry e : map.entries()) {
      String key = e.key();
      if (key.equals("persistentClusterToken")) {
        dev.fleetc.compiler.schema.ShapeChecker.markSecret(e.value(), diagnostics);
        diagnostics.error(
            ErrorCode.INLINE_SECRET,
            e.keyPosition(),
            "'persistentClusterToken' would put the join token into a committed file",
            "use 'token: {secretRef: ...}'; the scripts register it at install time");
      } else if (MANAGED.containsKey(key)) {
        diagnostics.error(
            ErrorCode.ESCAPE_HATCH,
            e.keyPosition(),
            "launch-configuration key '" + key + "' is set by fleetc from " + MANAGED.get(key),
            "set it through the fleet language instead of the escape hatch");
      } else if (!OPEN_KEYS.contains(key)) {
        diagnostics.error(
            ErrorCode.ESCAPE_HATCH,
            e.keyPosition(),
            "MicroK8s launch configurations have no key '" + key + "'",
            Suggestions.didYouMean(key, OPEN_KEYS)
                .orElse("see the MicroK8s launch configuration reference"));
      } else {
        if (key.equals("addons")) {
          managedAddons(e.value(), diagnostics);
        }
        out.put(key, Settings.plain(e.value()));
      }
    }
    return out;
  }

  /** {@code launchConfig.addons}: add-ons beyond the language's, each a mapping with a name. */
  private static void managedAddons(YNode addons, Diagnostics diagnostics) {
    if (!(addons instanceof YSeq seq)) {
      diagnostics.error(
          ErrorCode.ESCAPE_HATCH,
          addons.position(),
          "launchConfig.addons is a list of add-ons ({name: NAME, args: [...]})",
          "write e.g. addons: [{name: cert-manager}]");
      return;
    }
    for (YNode item : seq.items()) {
      String name =
          item instanceof YMap map
              ? map.entry("name")
                  .map(YMap.Entry::value)
                  .filter(v -> v instanceof YScalar)
                  .map(v -> ((YScalar) v).text())
                  .orElse(null)
              : null;
      if (name == null) {
        diagnostics.error(
            ErrorCode.ESCAPE_HATCH,
            item.position(),
            "an add-on of launchConfig.addons needs a name",
            "write e.g. {name: cert-manager}");
      } else if (MANAGED_ADDONS.contains(name)) {
        diagnostics.error(
            ErrorCode.ESCAPE_HATCH,
            item.position(),
            "add-on '" + name + "' is enabled by fleetc from the fleet language",
            name.equals("rbac") || name.equals("dns")
                ? "fleetc enables " + name + " unless microk8s." + name + " is false"
                : "use addons.ingress, addons.storage or microk8s.metallb instead");
      }
    }
  }

  static boolean isAddressRange(String text) {
    if (text.contains("/")) {
      return Addresses.cidr(text).isPresent();
    }
    Matcher range = RANGE.matcher(text);
    if (!range.matches()) {
      return false;
    }
    Optional<byte[]> first = Addresses.ip(range.group(1));
    Optional<byte[]> last = Addresses.ip(range.group(2));
    return first.isPresent()
        && last.isPresent()
        && first.get().length == last.get().length
        && new java.math.BigInteger(1, first.get())
                .compareTo(new java.math.BigInteger(1, last.get()))
            <= 0;
  }
}
