package dev.fleetc.emit.upgrades;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * When a system-upgrade-controller Plan counts as healthy, in the language of each engine: healthy
 * only when it completed at its own {@code spec.version} and a node job applied that version (the
 * {@link SystemUpgradeController#APPLIED_VERSION} witness). SUC also reports {@code Complete} when
 * no node matches the selector: that vacuous completion is a failure here, as is a failed job or an
 * invalid plan. Anything else is still in progress.
 */
public final class PlanHealth {

  /** The kind's key in Argo CD's {@code argocd-cm}: {@code <group>_<kind>}. */
  public static final String ARGOCD_KEY = "resource.customizations.health.upgrade.cattle.io_Plan";

  private static final String TARGET = "spec.version.replace('+', '-')";
  private static final String AT_TARGET =
      "has(status.latestVersion) && status.latestVersion == " + TARGET;
  private static final String COMPLETE =
      "has(status.conditions) && status.conditions.exists(c, c.type == 'Complete'"
          + " && c.status == 'True')";
  private static final String WITNESSED =
      "has(metadata.annotations) && '"
          + SystemUpgradeController.APPLIED_VERSION
          + "' in metadata.annotations && metadata.annotations['"
          + SystemUpgradeController.APPLIED_VERSION
          + "'] == status.latestVersion";

  /**
   * Flux {@code healthCheckExprs[].current}: the Plan completed at its target and a node applied
   * it. Flux binds the object's top-level fields ({@code metadata}, {@code spec}, {@code status})
   * as variables; a Plan without a status fails to evaluate, which Flux treats as not ready yet.
   */
  public static final String FLUX_CURRENT = COMPLETE + " && " + AT_TARGET + " && " + WITNESSED;

  /**
   * Flux {@code healthCheckExprs[].failed}: the plan is invalid or cannot resolve its version, a
   * job failed, or it completed at its target without any node applying it.
   */
  public static final String FLUX_FAILED =
      "(has(status.conditions) && status.conditions.exists(c, ((c.type == 'Validated'"
          + " || c.type == 'LatestResolved') && c.status == 'False') || (c.type == 'Complete'"
          + " && c.status == 'False' && has(c.reason) && c.reason == 'JobFailed')))"
          + " || ("
          + COMPLETE
          + " && "
          + AT_TARGET
          + " && !("
          + WITNESSED
          + "))";

  private static final String LUA_RESOURCE = "/dev/fleetc/emit/upgrades/plan-health.lua";
  private static volatile String lua;

  private PlanHealth() {}

  /** The Argo CD health script ({@code hs.status}: Healthy, Progressing or Degraded). */
  public static String argoCdLua() {
    String script = lua;
    if (script == null) {
      try (InputStream in = PlanHealth.class.getResourceAsStream(LUA_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(LUA_RESOURCE + " missing from the class path");
        }
        script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      lua = script;
    }
    return script;
  }
}
