package dev.fleetc.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * How a cluster's nodes reach a new version. {@code auto} in the language resolves to the
 * distribution's default ({@link #defaultFor}); it never reaches the model.
 */
public enum UpgradeMethod {
  /** K3s: Rancher's system-upgrade-controller applies a server/agent Plan pair in the cluster. */
  SUC("suc"),
  /** k0s: {@code k0sctl apply} with the new {@code spec.k0s.version}, run from CI or a laptop. */
  K0SCTL("k0sctl"),
  /** k0s: an Autopilot Plan in the cluster (not generated yet: no upgrade path). */
  AUTOPILOT("autopilot"),
  /** A generated per-node script run one node at a time (MicroK8s: snap refresh). */
  SCRIPTED("scripted"),
  /** fleetc pins the version; the operator upgrades the nodes by hand. */
  MANUAL("manual");

  private final String id;

  UpgradeMethod(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<UpgradeMethod> fromId(String id) {
    return Arrays.stream(values()).filter(m -> m.id.equals(id)).findFirst();
  }

  /** What {@code method: auto} means for a distribution. */
  public static UpgradeMethod defaultFor(Distribution distribution) {
    return switch (distribution) {
      case K3S -> SUC;
      case K0S -> K0SCTL;
      case MICROK8S -> SCRIPTED;
    };
  }

  /** Whether fleetc can carry out this method on that distribution. */
  public boolean supports(Distribution distribution) {
    return switch (this) {
      case SUC -> distribution == Distribution.K3S;
      case K0SCTL -> distribution == Distribution.K0S;
      case AUTOPILOT -> false; // not generated yet
      case SCRIPTED -> distribution == Distribution.MICROK8S;
      case MANUAL -> true;
    };
  }
}
