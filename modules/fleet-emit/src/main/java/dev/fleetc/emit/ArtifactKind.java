package dev.fleetc.emit;

/** The kinds of file listed in {@code fleet.lock.json}, as the spec names them. */
public enum ArtifactKind {
  K0SCTL("k0sctl"),
  K3S_CONFIG("k3s-config"),
  K3S_INSTALL("k3s-install"),
  MICROK8S_LAUNCH_CONFIG("microk8s-launch-config"),
  MICROK8S_INSTALL("microk8s-install"),
  FLUX("flux"),
  ARGOCD("argocd"),
  MANIFEST("manifest"),
  RUNBOOK("runbook"),
  SQL("sql"),
  OTHER("other");

  private final String id;

  ArtifactKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /**
   * Whether the file at {@code path} is written executable: install scripts, and every other shell
   * script (a MicroK8s node's {@code upgrade.sh} is listed as {@code other}, the spec's kinds have
   * none for it, but an operator runs it as {@code ./upgrade.sh}).
   */
  public boolean executable(String path) {
    return this == K3S_INSTALL || this == MICROK8S_INSTALL || path.endsWith(".sh");
  }
}
