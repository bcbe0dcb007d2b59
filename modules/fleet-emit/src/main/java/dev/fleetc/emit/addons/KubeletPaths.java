package dev.fleetc.emit.addons;

import dev.fleetc.model.Cluster;
import java.util.List;
import java.util.Map;

/**
 * Where each distribution's kubelet keeps pod volumes: Velero's node agent reads them from the host
 * ({@code nodeAgent.podVolumePath}), and a wrong path backs up nothing.
 *
 * <ul>
 *   <li>K3s: the kubelet default {@code /var/lib/kubelet} (k3s-io/k3s pkg/agent/config/config.go
 *       sets {@code AgentConfig.RootDir} only in rootless mode), unless {@code kubelet-arg:
 *       root-dir=...} moves it;
 *   <li>k0s: {@code <dataDir>/kubelet}, {@code /var/lib/k0s/kubelet} by default (k0sproject/k0s
 *       pkg/config/cfgvars.go), or the k0sctl host field {@code kubeletRootDir};
 *   <li>MicroK8s: {@code --root-dir=${SNAP_COMMON}/var/lib/kubelet}, i.e. {@code
 *       /var/snap/microk8s/common/var/lib/kubelet} (canonical/microk8s
 *       microk8s-resources/default-args/kubelet).
 * </ul>
 */
public final class KubeletPaths {

  static final String DEFAULT = "/var/lib/kubelet";
  static final String K0S_DATA_DIR = "/var/lib/k0s";
  static final String MICROK8S = "/var/snap/microk8s/common/var/lib/kubelet";

  private KubeletPaths() {}

  /** The kubelet root directory on the cluster's nodes (cluster-wide settings only). */
  public static String rootDir(Cluster cluster) {
    return switch (cluster.distribution()) {
      case K3S -> k3sRootDir(cluster.extensions());
      case K0S -> k0sRootDir(cluster.extensions());
      case MICROK8S -> MICROK8S;
    };
  }

  private static String k3sRootDir(Map<String, Object> extensions) {
    for (String role : List.of("agent", "server")) {
      if (extensions.get(role) instanceof Map<?, ?> config
          && config.get("kubelet-arg") instanceof List<?> args) {
        for (Object arg : args) {
          String text = String.valueOf(arg).replaceFirst("^--", "");
          if (text.startsWith("root-dir=")) {
            return text.substring("root-dir=".length());
          }
        }
      }
    }
    return DEFAULT;
  }

  private static String k0sRootDir(Map<String, Object> extensions) {
    if (extensions.get("hosts") instanceof Map<?, ?> hosts) {
      if (hosts.get("kubeletRootDir") instanceof String dir && !dir.isBlank()) {
        return dir;
      }
      if (hosts.get("dataDir") instanceof String dir && !dir.isBlank()) {
        return dir.replaceAll("/+$", "") + "/kubelet";
      }
    }
    return K0S_DATA_DIR + "/kubelet";
  }
}
