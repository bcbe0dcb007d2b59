package dev.fleetc.model;

import java.util.Map;
import java.util.TreeMap;

/**
 * The exact builds a cluster installs.
 *
 * @param kubernetesMinor e.g. {@code 1.31}
 * @param version the distribution's exact build: a K3s or k0s tag, or a MicroK8s snap channel
 * @param components pinned versions of everything else, by component name ({@code flux}, {@code
 *     argocd}, {@code chart/traefik}, ...), sorted
 */
public record Release(String kubernetesMinor, String version, Map<String, String> components) {

  public Release {
    components = java.util.Collections.unmodifiableMap(new TreeMap<>(components));
  }

  public String component(String name) {
    String pinned = components.get(name);
    if (pinned == null) {
      throw new IllegalStateException("no pinned version of " + name);
    }
    return pinned;
  }
}
