package dev.fleetc.emit.cloudinit;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.support.YamlWriter;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Distribution;
import dev.fleetc.model.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * A cloud-init user-data file per K3s and MicroK8s node, so that a site's machine bootstraps itself
 * on first boot: the node's configuration and install script (the very files the distribution's
 * emitter rendered, not rendered again) as {@code write_files}, and {@code runcmd} to run the
 * script.
 *
 * <p>cloud-init runs {@code write_files} in its init stage and {@code runcmd} in its final stage
 * (cloudinit/config/cc_write_files.py, cc_runcmd.py and cc_scripts_user.py in
 * canonical/cloud-init), so the script exists before it runs. Secrets stay references: the script
 * reads {@code file:} references from the node's disk and {@code env:} references from the
 * environment, which runcmd takes from {@value #SECRETS_ENV} when the machine has one; no secret
 * value is written here.
 */
public final class CloudInitUserData {

  /** Where the files land on the node. */
  public static final String NODE_FOLDER = "/var/lib/fleetc";

  /**
   * An optional root-only file of {@code NAME=value} lines for the scripts' {@code env:} secrets.
   */
  public static final String SECRETS_ENV = "/etc/fleetc/secrets.env";

  static final String HEADER = "#cloud-config\n";

  // The project's writer, with multi-line strings (scripts) as literal blocks so that the file
  // stays readable; everything else is written as YamlWriter writes it.
  private static final ObjectMapper MAPPER =
      ((YAMLMapper) YamlWriter.mapper())
          .rebuild()
          .enable(YAMLWriteFeature.LITERAL_BLOCK_STYLE)
          .build();

  private CloudInitUserData() {}

  /** Whether the distribution's nodes get user-data (k0s nodes are driven over SSH by k0sctl). */
  public static boolean supports(Distribution distribution) {
    return distribution == Distribution.K3S || distribution == Distribution.MICROK8S;
  }

  /**
   * The user-data files of a cluster, built from its already emitted artifacts.
   *
   * @param artifacts the cluster's files so far; each node's config and install script among them
   */
  public static List<Artifact> emit(Cluster cluster, List<Artifact> artifacts) {
    if (!supports(cluster.distribution())) {
      return List.of();
    }
    List<Artifact> out = new ArrayList<>();
    for (Node node : cluster.nodes()) {
      Optional<Artifact> config = find(artifacts, node, configKind(cluster));
      Optional<Artifact> install = find(artifacts, node, installKind(cluster));
      if (config.isEmpty() || install.isEmpty()) {
        throw new IllegalStateException(
            "node " + cluster.name() + "/" + node.name() + " has no config or install script");
      }
      out.add(
          new Artifact(
              OutputLayout.node(cluster, node) + "/user-data.yaml",
              ArtifactKind.OTHER,
              node.name(),
              node.role(),
              HEADER + MAPPER.writeValueAsString(document(config.get(), install.get()))));
    }
    return out;
  }

  private static Map<String, Object> document(Artifact config, Artifact install) {
    String script = NODE_FOLDER + "/" + fileName(install);
    List<Object> files = new ArrayList<>();
    files.add(file(NODE_FOLDER + "/" + fileName(config), "0600", config.content()));
    files.add(file(script, "0755", install.content()));
    Map<String, Object> document = new LinkedHashMap<>();
    document.put("write_files", files);
    // One shell command: take the optional secrets file into the environment, then run the script
    // (its own checks stop it, with a message in cloud-init-output.log, when a secret is missing).
    document.put(
        "runcmd",
        List.of(
            List.of(
                "bash",
                "-c",
                "set -a; if [ -r "
                    + SECRETS_ENV
                    + " ]; then . "
                    + SECRETS_ENV
                    + "; fi; set +a; exec bash "
                    + script)));
    return document;
  }

  private static Map<String, Object> file(String path, String permissions, String content) {
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("path", path);
    file.put("owner", "root:root");
    file.put("permissions", permissions);
    file.put("content", content);
    return file;
  }

  private static String fileName(Artifact artifact) {
    return artifact.path().substring(artifact.path().lastIndexOf('/') + 1);
  }

  private static Optional<Artifact> find(List<Artifact> artifacts, Node node, ArtifactKind kind) {
    return artifacts.stream()
        .filter(a -> a.kind() == kind && node.name().equals(a.node()))
        .findFirst();
  }

  private static ArtifactKind configKind(Cluster cluster) {
    return cluster.distribution() == Distribution.K3S
        ? ArtifactKind.K3S_CONFIG
        : ArtifactKind.MICROK8S_LAUNCH_CONFIG;
  }

  private static ArtifactKind installKind(Cluster cluster) {
    return cluster.distribution() == Distribution.K3S
        ? ArtifactKind.K3S_INSTALL
        : ArtifactKind.MICROK8S_INSTALL;
  }
}
