package dev.fleetc.emit.cloudinit;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.runbook.NodeSecrets;
import dev.fleetc.emit.runbook.UnattendedInstall;
import dev.fleetc.emit.support.Templates;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Node;
import dev.fleetc.model.SecretRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A cloud-init user-data file per K3s and MicroK8s node, so that a site's machine installs itself
 * and joins its cluster on first boot with no one on it.
 *
 * <p>The user-data writes the node's install script (the very file the distribution's emitter
 * rendered, not rendered again), a first-boot script and the systemd unit {@value
 * UnattendedInstall#UNIT} that runs it, and starts the unit without waiting for it (runcmd, in
 * cloud-init's final stage: cloudinit/config/cc_runcmd.py, cc_scripts_user.py in
 * canonical/cloud-init), so cloud-init finishes while the unit carries on, at every boot until it
 * has succeeded. The first-boot script waits for the node's secrets and its join target, runs
 * install.sh, retries with a growing delay under a deadline and keeps a one-line status.
 *
 * <p>The document carries {@code merge_how} (lists append) so that an operator's second {@code
 * #cloud-config} part with the secrets adds its {@code write_files} to these instead of replacing
 * them, in whichever order the parts come. No secret value is written here.
 */
public final class CloudInitUserData {

  /** Where the files land on the node. */
  public static final String NODE_FOLDER = UnattendedInstall.NODE_FOLDER;

  /** The root-only file of {@code NAME=value} lines for the scripts' {@code env:} secrets. */
  public static final String SECRETS_ENV = UnattendedInstall.SECRETS_ENV;

  static final String HEADER = "#cloud-config\n";

  private static final String FIRST_BOOT_TEMPLATE =
      "dev/fleetc/emit/cloudinit/first-boot.sh.mustache";

  private CloudInitUserData() {}

  /** Whether the distribution's nodes get user-data (k0s nodes are driven over SSH by k0sctl). */
  public static boolean supports(Distribution distribution) {
    return distribution == Distribution.K3S || distribution == Distribution.MICROK8S;
  }

  /** Compiles the first-boot template early (see {@code FleetEmitter.prepare}). */
  public static void prepare() {
    Templates.prepareShell(FIRST_BOOT_TEMPLATE);
  }

  /**
   * The user-data files of a cluster, built from its already emitted artifacts.
   *
   * @param artifacts the cluster's files so far; each node's install script among them
   */
  public static List<Artifact> emit(Cluster cluster, List<Artifact> artifacts) {
    if (!supports(cluster.distribution())) {
      return List.of();
    }
    Duration deadline = UnattendedInstall.deadline(cluster);
    List<Artifact> out = new ArrayList<>();
    for (Node node : cluster.nodes()) {
      Optional<Artifact> install = find(artifacts, node, installKind(cluster));
      if (install.isEmpty()) {
        throw new IllegalStateException(
            "node " + cluster.name() + "/" + node.name() + " has no install script");
      }
      String firstBoot =
          Templates.shell(FIRST_BOOT_TEMPLATE, firstBootScope(cluster, node, deadline));
      out.add(
          new Artifact(
              OutputLayout.node(cluster, node) + "/user-data.yaml",
              ArtifactKind.OTHER,
              node.name(),
              node.role(),
              HEADER
                  + UnattendedInstall.cloudConfig(
                      document(install.get().content(), firstBoot, unit(cluster, node)))));
    }
    return out;
  }

  private static Map<String, Object> document(String install, String firstBoot, String unit) {
    List<Object> files = new ArrayList<>();
    files.add(file(NODE_FOLDER + "/install.sh", "0755", install));
    files.add(file(NODE_FOLDER + "/first-boot.sh", "0755", firstBoot));
    files.add(file("/etc/systemd/system/" + UnattendedInstall.UNIT, "0644", unit));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("merge_how", UnattendedInstall.mergeHow());
    document.put("write_files", files);
    // --no-block: the unit is ordered after cloud-final, which runs this; it starts once
    // cloud-init is done, and at every later boot until it has succeeded (WantedBy).
    document.put(
        "runcmd",
        List.of(
            List.of("systemctl", "daemon-reload"),
            List.of("systemctl", "enable", UnattendedInstall.UNIT),
            List.of("systemctl", "start", "--no-block", UnattendedInstall.UNIT)));
    return document;
  }

  /**
   * The unit: a long-running service (not a oneshot, which would hold up multi-user.target for
   * hours), restarted when the script itself fails, except at its deadline (exit status 2).
   */
  static String unit(Cluster cluster, Node node) {
    return "[Unit]\n"
        + "Description=fleetc first boot: install this node and join its cluster\n"
        + "Wants=network-online.target\n"
        + "After=network-online.target cloud-final.service\n"
        + "ConditionPathExists=!"
        + NODE_FOLDER
        + "/first-boot.done\n"
        + "StartLimitIntervalSec=0\n"
        + "\n"
        + "[Service]\n"
        + "Type=simple\n"
        + "ExecStart=/bin/bash "
        + NODE_FOLDER
        + "/first-boot.sh\n"
        + "Restart=on-failure\n"
        + "RestartSec=30\n"
        + "RestartPreventExitStatus=2\n"
        + "\n"
        + "[Install]\n"
        + "WantedBy=multi-user.target\n";
  }

  private static Map<String, Object> firstBootScope(Cluster cluster, Node node, Duration deadline) {
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("cluster", cluster.name());
    scope.put("node", node.name());
    scope.put("deadlineSeconds", Long.toString(deadline.toSeconds()));
    scope.put("deadlineText", UnattendedInstall.durationText(deadline));
    List<SecretRef> secrets = NodeSecrets.of(cluster, node);
    scope.put(
        "envNames",
        secrets.stream()
            .filter(s -> s.scheme() == SecretRef.Scheme.ENV)
            .map(SecretRef::name)
            .toList());
    scope.put(
        "files",
        secrets.stream()
            .filter(s -> s.scheme() == SecretRef.Scheme.FILE)
            .map(SecretRef::name)
            .toList());
    List<UnattendedInstall.JoinWait> waits = UnattendedInstall.joinWaits(cluster, node);
    scope.put("waits", waits);
    scope.put("hasWaits", !waits.isEmpty());
    return scope;
  }

  private static Map<String, Object> file(String path, String permissions, String content) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("path", path);
    file.put("owner", "root:root");
    file.put("permissions", permissions);
    file.put("content", content);
    return file;
  }

  private static Optional<Artifact> find(List<Artifact> artifacts, Node node, ArtifactKind kind) {
    return artifacts.stream()
        .filter(a -> a.kind() == kind && node.name().equals(a.node()))
        .findFirst();
  }

  private static ArtifactKind installKind(Cluster cluster) {
    return cluster.distribution() == Distribution.K3S
        ? ArtifactKind.K3S_INSTALL
        : ArtifactKind.MICROK8S_INSTALL;
  }
}
