package dev.fleetc.emit.microk8s;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.TargetEmitter;
import dev.fleetc.emit.runbook.Runbooks;
import dev.fleetc.emit.runbook.SecretSource;
import dev.fleetc.emit.runbook.UnattendedInstall;
import dev.fleetc.emit.support.Templates;
import dev.fleetc.emit.support.YamlWriter;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.Node;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.UpgradeMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** MicroK8s launch configurations, install-and-join scripts, a cluster check and the runbook. */
public final class MicroK8sEmitter implements TargetEmitter {

  private static final String INSTALL_TEMPLATE = "dev/fleetc/emit/microk8s/install.sh.mustache";
  private static final String CHECK_TEMPLATE = "dev/fleetc/emit/microk8s/check-cluster.sh.mustache";
  private static final String RUNBOOK_TEMPLATE = "dev/fleetc/emit/microk8s/RUNBOOK.md.mustache";
  private static final String UPGRADE_TEMPLATE = "dev/fleetc/emit/microk8s/upgrade.sh.mustache";
  private static final String UPGRADE_RUNBOOK_TEMPLATE =
      "dev/fleetc/emit/microk8s/UPGRADE.md.mustache";
  private static final String LAUNCH_CONFIG_DELIMITER = "FLEETC_LAUNCH_CONFIG";

  /** Token lifetime when a token has to be registered with add-node: about ten years, as CAPI. */
  static final long TOKEN_TTL_SECONDS = 315569260L;

  /** dqlite keeps three voters; further control-plane nodes are standby. */
  private static final int MAX_VOTERS = 3;

  @Override
  public Distribution distribution() {
    return Distribution.MICROK8S;
  }

  @Override
  public void prepare() {
    Templates.prepareShell(INSTALL_TEMPLATE, CHECK_TEMPLATE, UPGRADE_TEMPLATE);
    Templates.prepareText(RUNBOOK_TEMPLATE, UPGRADE_RUNBOOK_TEMPLATE);
  }

  @Override
  public List<Artifact> emit(Cluster cluster) {
    List<Artifact> artifacts = new ArrayList<>();
    for (Node node : cluster.nodes()) {
      String dir = OutputLayout.node(cluster, node);
      String config = YamlWriter.write(LaunchConfig.forNode(cluster, node));
      artifacts.add(
          new Artifact(
              dir + "/launch-config.yaml",
              ArtifactKind.MICROK8S_LAUNCH_CONFIG,
              node.name(),
              node.role(),
              config));
      artifacts.add(
          new Artifact(
              dir + "/install.sh",
              ArtifactKind.MICROK8S_INSTALL,
              node.name(),
              node.role(),
              Templates.shell(INSTALL_TEMPLATE, installScope(cluster, node, config))));
    }
    if (cluster.upgrades().method() == UpgradeMethod.SCRIPTED) {
      artifacts.addAll(UpgradeScripts.emit(cluster, ordered(cluster)));
    }
    artifacts.add(
        Artifact.of(
            checkScriptPath(cluster),
            ArtifactKind.OTHER,
            Templates.shell(CHECK_TEMPLATE, checkScope(cluster))));
    artifacts.add(
        Artifact.of(
            OutputLayout.runbook(cluster),
            ArtifactKind.RUNBOOK,
            Templates.text(RUNBOOK_TEMPLATE, runbookScope(cluster))));
    return artifacts;
  }

  /** The node's upgrade script and the cluster's UPGRADE.md, from {@link UpgradeScripts}. */
  static String upgradeTemplate() {
    return UPGRADE_TEMPLATE;
  }

  static String upgradeRunbookTemplate() {
    return UPGRADE_RUNBOOK_TEMPLATE;
  }

  static String checkScriptPath(Cluster cluster) {
    return OutputLayout.bootstrap(cluster) + "/check-cluster.sh";
  }

  private static Map<String, Object> installScope(Cluster cluster, Node node, String config) {
    if (config.lines().anyMatch(LAUNCH_CONFIG_DELIMITER::equals)) {
      throw new IllegalStateException("the launch configuration contains its here-document end");
    }
    Node first = cluster.controlPlane().get(0);
    boolean isFirst = node.equals(first);
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("cluster", cluster.name());
    scope.put("node", node.name());
    scope.put("address", node.address());
    scope.put("clusterAddress", node.clusterAddress());
    scope.put("channel", cluster.release().version());
    scope.put("channelOption", "--channel=" + cluster.release().version());
    scope.put("roleWord", node.isControlPlane() ? "control-plane node" : "worker");
    scope.put("first", isFirst);
    scope.put("controlPlane", node.isControlPlane());
    scope.put("joiner", !isFirst);
    scope.put("worker", !node.isControlPlane());
    // Joiners look for join locks there, control-plane nodes for registered tokens.
    boolean printFingerprint = isFirst && cluster.nodes().size() > 1;
    scope.put("printFingerprint", printFingerprint);
    scope.put("needsDataDir", !isFirst || cluster.token() != null || printFingerprint);
    scope.put("firstNode", first.name());
    scope.put("joinAddress", first.clusterAddress() + ":" + LaunchConfig.CLUSTER_AGENT_PORT);
    scope.put("launchConfig", config);
    if (isFirst && cluster.controlPlane().size() > 1) {
      List<String> peers = new ArrayList<>();
      for (Node other : cluster.controlPlane().subList(1, cluster.controlPlane().size())) {
        String host = other.clusterAddress();
        peers.add(
            "https://"
                + (host.contains(":") ? "[" + host + "]" : host)
                + ":"
                + LaunchConfig.CLUSTER_AGENT_PORT
                + "/");
      }
      scope.put("rebuildGuard", Map.of("peers", peers));
    }
    scope.put("formatVersion", LaunchConfig.formatVersion(cluster.release().kubernetesMinor()));
    scope.put("tokenTtl", Long.toString(TOKEN_TTL_SECONDS));
    cluster
        .tokenIfAny()
        .ifPresent(
            t -> {
              scope.put("token", SecretSource.of(t));
              if (node.isControlPlane()) {
                scope.put("registerToken", true);
              }
            });
    scope.put("secretEnvList", Runbooks.sudoPreserveEnv(secrets(cluster)));
    return scope;
  }

  private static Map<String, Object> checkScope(Cluster cluster) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("cluster", cluster.name());
    scope.put("firstNode", cluster.controlPlane().get(0).name());
    scope.put("voters", Math.min(cluster.controlPlane().size(), MAX_VOTERS));
    scope.put("ha", cluster.controlPlane().size() >= MAX_VOTERS);
    List<Map<String, Object>> nodes = new ArrayList<>();
    for (Node node : ordered(cluster)) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("name", node.name());
      n.put("clusterAddress", node.clusterAddress());
      List<String> labels = new ArrayList<>();
      node.labels().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> labels.add(e.getKey() + "=" + e.getValue()));
      n.put("labels", labels);
      n.put("taints", node.taints());
      nodes.add(n);
    }
    scope.put("nodes", nodes);
    scope.put("addons", LaunchConfig.addonNames(cluster));
    scope.put("dnsAddress", LaunchConfig.dnsAddress(cluster.network().serviceCidr()));
    return scope;
  }

  /** Control-plane nodes first, then workers, each in declaration order. */
  static List<Node> ordered(Cluster cluster) {
    List<Node> ordered = new ArrayList<>(cluster.controlPlane());
    ordered.addAll(cluster.workers());
    return ordered;
  }

  private static List<SecretRef> secrets(Cluster cluster) {
    return cluster.tokenIfAny().map(List::of).orElse(List.of());
  }

  private static Map<String, Object> runbookScope(Cluster cluster) {
    Node first = cluster.controlPlane().get(0);
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("cluster", cluster.name());
    scope.put("channel", cluster.release().version());
    scope.put("minor", cluster.release().kubernetesMinor());
    scope.put("region", cluster.region().isEmpty() ? null : cluster.region());
    scope.put("firstNode", first.name());
    scope.put("firstNodeAddress", first.address());
    scope.put("apiEndpoint", cluster.apiEndpoint());
    scope.put("joinAddress", first.clusterAddress() + ":" + LaunchConfig.CLUSTER_AGENT_PORT);
    scope.put("controlPlaneCount", cluster.controlPlane().size());
    scope.put("workerCount", cluster.workers().size());
    scope.put("nodeCount", cluster.nodes().size());
    scope.put("voters", Math.min(cluster.controlPlane().size(), MAX_VOTERS));
    int standby = cluster.controlPlane().size() - MAX_VOTERS;
    scope.put("standby", standby > 0 ? standby : null);
    scope.put("firstNodeSsh", Runbooks.sshTarget(first));
    scope.put("firstNodeSudo", Runbooks.sudo(first));
    List<String> addonNames = LaunchConfig.addonNames(cluster);
    if (addonNames.contains("ingress")) {
      scope.put("nativeIngress", nativeIngress(cluster));
    }
    if (addonNames.contains("hostpath-storage")) {
      scope.put(
          "nativeStorage",
          "the MicroK8s `hostpath-storage` add-on: default StorageClass `microk8s-hostpath`"
              + " (provisioner `microk8s.io/hostpath`), **not** `local-path`: claims must name"
              + " `microk8s-hostpath` or none (FLEET-W028)");
    }
    scope.put("ha", cluster.controlPlane().size() >= MAX_VOTERS);
    scope.put("bootstrapDir", OutputLayout.bootstrap(cluster));
    scope.put("addons", String.join(", ", LaunchConfig.addonNames(cluster)));
    scope.put("scriptedUpgrade", cluster.upgrades().method() == UpgradeMethod.SCRIPTED);
    scope.put(
        "gitopsText",
        cluster.gitops().engine() == GitOpsEngine.NONE
            ? "none (MicroK8s add-ons deliver ingress and storage)"
            : cluster.gitops().engine().id() + ", path `" + cluster.gitops().path() + "`");
    if (cluster.gitops().engine() != GitOpsEngine.NONE) {
      scope.put("gitops", cluster.gitops());
    }
    scope.put("secretEnvList", Runbooks.sudoPreserveEnv(secrets(cluster)));
    cluster.tokenIfAny().ifPresent(t -> scope.put("token", t.toString()));
    List<Map<String, Object>> steps = new ArrayList<>();
    for (Node node : ordered(cluster)) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("number", steps.size() + 1);
      step.put("node", node.name());
      step.put("address", node.address());
      step.put("roleWord", node.isControlPlane() ? "control plane" : "worker");
      if (!node.equals(first)) {
        step.put("verifyEnv", "FLEETC_MICROK8S_FINGERPRINT=<fingerprint from step 1> ");
        scope.put("verifiedJoins", true);
      }
      step.put(
          "check",
          node.equals(first)
              ? "the script ends with `"
                  + node.name()
                  + " is Ready`; `microk8s status` lists the"
                  + " add-ons being enabled"
              : node.isControlPlane()
                  ? "the script ends with `"
                      + node.name()
                      + " is Ready`; on "
                      + first.name()
                      + " `microk8s kubectl get nodes` lists it"
                  : "the script ends with `joined`; on "
                      + first.name()
                      + " `microk8s kubectl get nodes` lists it `Ready` within a minute");
      steps.add(step);
    }
    scope.put("steps", steps);
    scope.put("unattended", UnattendedInstall.runbookScope(cluster));
    scope.put("checkStep", steps.size() + 1);
    return scope;
  }

  /**
   * What the {@code ingress} add-on really installs on this track (ADD branches 1.31-1.34
   * addons/ingress/ingress.yaml: ingress-nginx with IngressClasses public and nginx; 1.35
   * addons/ingress/values.yaml: Traefik with public, traefik and nginx).
   */
  private static String nativeIngress(Cluster cluster) {
    String minor = cluster.release().kubernetesMinor();
    boolean traefik = Integer.parseInt(minor.substring(minor.indexOf('.') + 1)) >= 35;
    String product =
        traefik
            ? "Traefik, IngressClasses `public` (the default), `traefik` and `nginx`"
            : "NGINX (ingress-nginx), IngressClasses `public` (the default) and `nginx`";
    boolean differs =
        traefik != (cluster.addons().ingress() == dev.fleetc.model.IngressController.TRAEFIK);
    return "the MicroK8s `ingress` add-on of "
        + minor
        + ": "
        + product
        + (differs
            ? "; **not** the fleet's `"
                + cluster.addons().ingress().id()
                + "`: Ingresses must name one of these classes or none (FLEET-W028)"
            : "");
  }
}
