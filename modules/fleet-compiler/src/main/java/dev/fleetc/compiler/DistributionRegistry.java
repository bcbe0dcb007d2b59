package dev.fleetc.compiler;

import dev.fleetc.compiler.k0s.K0sRules;
import dev.fleetc.compiler.k3s.K3sRules;
import dev.fleetc.compiler.microk8s.MicroK8sRules;
import dev.fleetc.compiler.rules.DistributionRules;
import dev.fleetc.model.Distribution;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The rules of every distribution, by distribution: the one place that lists them (as {@code
 * FleetEmitter.standard()} lists the emitters).
 */
final class DistributionRegistry {

  private static final Map<Distribution, DistributionRules> RULES = byDistribution();

  private DistributionRegistry() {}

  private static Map<Distribution, DistributionRules> byDistribution() {
    Map<Distribution, DistributionRules> rules = new EnumMap<>(Distribution.class);
    for (DistributionRules r : List.of(new K3sRules(), new K0sRules(), new MicroK8sRules())) {
      rules.put(r.distribution(), r);
    }
    for (Distribution d : Distribution.values()) {
      if (!rules.containsKey(d)) {
        throw new IllegalStateException("no compiler rules for distribution " + d.id());
      }
    }
    return Collections.unmodifiableMap(rules);
  }

  static DistributionRules of(Distribution distribution) {
    return RULES.get(distribution);
  }

  /** Every distribution's rules, in the order of {@link Distribution}. */
  static Collection<DistributionRules> all() {
    return RULES.values();
  }
}
