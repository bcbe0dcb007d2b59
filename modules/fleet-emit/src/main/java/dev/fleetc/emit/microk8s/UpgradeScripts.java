package dev.fleetc.emit.microk8s;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.runbook.Runbooks;
import dev.fleetc.emit.runbook.UnattendedInstall;
import dev.fleetc.emit.runbook.WindowCheck;
import dev.fleetc.emit.support.Templates;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Node;
import dev.fleetc.model.Upgrades;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scripted MicroK8s upgrade ({@code upgrades.method: scripted}, MicroK8s' {@code auto}): a
 * per-node {@code upgrade.sh} that drains the node, refreshes the snap to the cluster's effective
 * channel, waits until the node is Ready with a kubelet of the target minor, uncordons it and
 * soaks; and {@code UPGRADE.md}, which lists the nodes in order (control plane first). The
 * procedure is MicroK8s' documented one ("Upgrading a MicroK8s cluster"); see
 * docs/targets/microk8s.md.
 */
final class UpgradeScripts {

  private UpgradeScripts() {}

  static List<Artifact> emit(Cluster cluster, List<Node> ordered) {
    List<Artifact> artifacts = new ArrayList<>();
    for (Node node : ordered) {
      artifacts.add(
          new Artifact(
              OutputLayout.node(cluster, node) + "/upgrade.sh",
              ArtifactKind.OTHER,
              node.name(),
              node.role(),
              Templates.shell(MicroK8sEmitter.upgradeTemplate(), scriptScope(cluster, node))));
    }
    artifacts.add(
        Artifact.of(
            OutputLayout.bootstrap(cluster) + "/UPGRADE.md",
            ArtifactKind.RUNBOOK,
            Templates.text(
                MicroK8sEmitter.upgradeRunbookTemplate(), runbookScope(cluster, ordered))));
    return artifacts;
  }

  /** The Kubernetes minor number of a {@code 1.NN} minor: {@code 33}. */
  static int minorNumber(String kubernetesMinor) {
    return Integer.parseInt(kubernetesMinor.substring(kubernetesMinor.indexOf('.') + 1));
  }

  private static Map<String, Object> scriptScope(Cluster cluster, Node node) {
    Upgrades upgrades = cluster.upgrades();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("cluster", cluster.name());
    scope.put("node", node.name());
    scope.put("address", node.address());
    scope.put("clusterAddress", node.clusterAddress());
    scope.put("channel", cluster.release().version());
    scope.put("minor", cluster.release().kubernetesMinor());
    scope.put("targetMinor", Integer.toString(minorNumber(cluster.release().kubernetesMinor())));
    scope.put("roleWord", node.isControlPlane() ? "control-plane node" : "worker");
    scope.put("controlPlane", node.isControlPlane());
    scope.put("worker", !node.isControlPlane());
    scope.put("firstNode", cluster.controlPlane().get(0).name());
    scope.put(
        "controlPlaneNodes", cluster.controlPlane().stream().map(Node::clusterAddress).toList());
    scope.put("deadlineSeconds", Long.toString(upgrades.jobDeadline().toSeconds()));
    if (!upgrades.nodeSoak().isZero()) {
      scope.put("soak", true);
      scope.put("soakSeconds", Long.toString(upgrades.nodeSoak().toSeconds()));
    }
    upgrades.windowIfAny().ifPresent(w -> scope.put("window", WindowCheck.of(w)));
    Upgrades.Drain drain = upgrades.drain();
    if (drain.enabled()) {
      List<String> options = new ArrayList<>();
      // What 'microk8s kubectl drain' needs to finish on a MicroK8s node: the calico-node and
      // other DaemonSet pods stay; the timeout bounds eviction (upgrades.workers.drain.timeout).
      options.add("--ignore-daemonsets");
      options.add("--timeout=" + drain.timeout().toSeconds() + "s");
      if (drain.deleteEmptyDirData()) {
        options.add("--delete-emptydir-data");
      }
      if (drain.force()) {
        options.add("--force");
      }
      scope.put("drain", Map.of("drainOptions", options));
    }
    return scope;
  }

  private static Map<String, Object> runbookScope(Cluster cluster, List<Node> ordered) {
    Upgrades upgrades = cluster.upgrades();
    Node first = cluster.controlPlane().get(0);
    String minor = cluster.release().kubernetesMinor();
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("cluster", cluster.name());
    scope.put("channel", cluster.release().version());
    scope.put("minor", minor);
    scope.put("previousMinor", Integer.toString(minorNumber(minor) - 1));
    scope.put("bootstrapDir", OutputLayout.bootstrap(cluster));
    scope.put("controlPlaneCount", cluster.controlPlane().size());
    scope.put("workerCount", cluster.workers().size());
    scope.put("hasWorkers", !cluster.workers().isEmpty());
    scope.put("firstNode", first.name());
    scope.put("firstNodeSsh", Runbooks.sshTarget(first));
    scope.put("firstNodeSudo", Runbooks.sudo(first));
    Upgrades.Drain drain = upgrades.drain();
    scope.put(
        "drainText",
        drain.enabled()
            ? "`microk8s kubectl drain`, DaemonSet pods stay, eviction within "
                + text(drain.timeout())
                + (drain.deleteEmptyDirData() ? ", emptyDir data deleted" : "")
                + (drain.force() ? ", pods no controller manages deleted (`force`)" : "")
            : "off (`upgrades.workers.drain.enabled: false`): the node is only cordoned");
    scope.put("deadlineText", text(upgrades.jobDeadline()));
    scope.put(
        "soakText",
        upgrades.nodeSoak().isZero()
            ? "the next node at once (`upgrades.nodeSoak`: 0s)"
            : "a soak of "
                + text(upgrades.nodeSoak())
                + " before the next node (`upgrades.nodeSoak`)");
    scope.put(
        "windowText",
        upgrades
            .windowIfAny()
            .map(
                w ->
                    "in the maintenance window only ("
                        + WindowCheck.of(w).text()
                        + "): a script refuses to start outside it (exit 2) unless"
                        + " `FLEETC_IGNORE_WINDOW=1`; a node started inside it is finished")
            .orElse("any time (no `upgrades.window`)"));
    List<Map<String, Object>> steps = new ArrayList<>();
    for (Node node : ordered) {
      Map<String, Object> step = new LinkedHashMap<>();
      step.put("number", steps.size() + 1);
      step.put("node", node.name());
      step.put("address", node.address());
      step.put("roleWord", node.isControlPlane() ? "control plane" : "worker");
      step.put(
          "envPrefix",
          node.isControlPlane()
              ? ""
              : "FLEETC_KUBECONFIG=/root/" + cluster.name() + ".kubeconfig ");
      steps.add(step);
    }
    scope.put("steps", steps);
    return scope;
  }

  private static String text(Duration duration) {
    return duration.isZero() ? "0s" : UnattendedInstall.durationText(duration);
  }
}
