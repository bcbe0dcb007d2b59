package dev.fleetc.cli.status;

import dev.fleetc.cli.status.ClusterStatus.AutopilotStatus;
import dev.fleetc.cli.status.ClusterStatus.GitOpsObject;
import dev.fleetc.cli.status.ClusterStatus.GitOpsStatus;
import dev.fleetc.cli.status.ClusterStatus.NodeStatus;
import dev.fleetc.cli.status.ClusterStatus.PlanState;
import dev.fleetc.cli.status.ClusterStatus.PlanStatus;
import dev.fleetc.model.GitOpsEngine;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads one cluster. Every resource is named explicitly (group, version, plural, scope), so no
 * discovery request is made; a 404 on a list means the resource is not installed.
 */
public final class ClusterProbe {

  /** system-upgrade-controller Plans (upgrade.cattle.io/v1), namespaced. */
  static final ResourceDefinitionContext SUC_PLANS =
      resource("upgrade.cattle.io", "v1", "plans", "Plan", true);

  /** Flux Kustomizations (kustomize.toolkit.fluxcd.io/v1), namespaced. */
  static final ResourceDefinitionContext FLUX_KUSTOMIZATIONS =
      resource("kustomize.toolkit.fluxcd.io", "v1", "kustomizations", "Kustomization", true);

  /** Flux GitRepositories (source.toolkit.fluxcd.io/v1), namespaced. */
  static final ResourceDefinitionContext FLUX_GIT_REPOSITORIES =
      resource("source.toolkit.fluxcd.io", "v1", "gitrepositories", "GitRepository", true);

  /** Flux OCIRepositories (source.toolkit.fluxcd.io/v1, Flux 2.6+), namespaced. */
  static final ResourceDefinitionContext FLUX_OCI_REPOSITORIES =
      resource("source.toolkit.fluxcd.io", "v1", "ocirepositories", "OCIRepository", true);

  /** Argo CD Applications (argoproj.io/v1alpha1), namespaced. */
  static final ResourceDefinitionContext ARGO_APPLICATIONS =
      resource("argoproj.io", "v1alpha1", "applications", "Application", true);

  /**
   * The k0s Autopilot plan (autopilot.k0sproject.io/v1beta2), cluster-scoped; Autopilot only acts
   * on the one named {@code autopilot} (k0s docs/autopilot.md).
   */
  static final ResourceDefinitionContext AUTOPILOT_PLANS =
      resource("autopilot.k0sproject.io", "v1beta2", "plans", "Plan", false);

  static final String AUTOPILOT_PLAN = "autopilot";

  /** Autopilot plan states that end the plan without success (k0s docs/autopilot.md). */
  private static final Set<String> AUTOPILOT_FAILED =
      Set.of("IncompleteTargets", "InconsistentTargets", "Restricted");

  /** Where SUC keeps its Plans and Jobs (docs/targets, k3s note section 10). */
  static final String SUC_NAMESPACE = "system-upgrade";

  static final String FLUX_NAMESPACE = "flux-system";
  static final String ARGO_NAMESPACE = "argocd";

  private ClusterProbe() {}

  static ResourceDefinitionContext resource(
      String group, String version, String plural, String kind, boolean namespaced) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withPlural(plural)
        .withKind(kind)
        .withNamespaced(namespaced)
        .build();
  }

  /** Reads the cluster; never throws for what the cluster answers or fails to answer. */
  public static ClusterStatus probe(KubernetesClient client, String context, Expectation expected) {
    List<Node> nodes;
    try {
      nodes = client.nodes().list().getItems();
    } catch (KubernetesClientException e) {
      return unreachable(expected, context, Unreachable.of(e));
    } catch (RuntimeException e) {
      return unreachable(expected, context, Unreachable.of(e));
    }
    try {
      List<NodeStatus> nodeStatuses = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (Node node : nodes) {
        String name = node.getMetadata().getName();
        seen.add(name);
        boolean ready =
            node.getStatus() != null
                && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                    .anyMatch(
                        (NodeCondition c) ->
                            "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean cordoned =
            node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        String kubelet =
            node.getStatus() == null || node.getStatus().getNodeInfo() == null
                ? null
                : node.getStatus().getNodeInfo().getKubeletVersion();
        String declaredRole = expected.nodes().get(name);
        String role = expected.observedRole(node.getMetadata().getLabels());
        nodeStatuses.add(
            new NodeStatus(
                name,
                ready,
                cordoned,
                kubelet,
                declaredRole != null,
                expected.kubeletMatches(kubelet),
                role,
                declaredRole == null || role == null || role.equals(declaredRole)));
      }
      nodeStatuses.sort(java.util.Comparator.comparing(NodeStatus::name));
      List<String> missing =
          expected.nodes().keySet().stream().filter(n -> !seen.contains(n)).sorted().toList();
      List<PlanStatus> upgrade = plans(client, nodes);
      GitOpsStatus gitops = gitops(client, expected);
      AutopilotStatus autopilot = expected.distribution().equals("k0s") ? autopilot(client) : null;
      return new ClusterStatus(
          expected, context, null, List.copyOf(nodeStatuses), missing, upgrade, gitops, autopilot);
    } catch (KubernetesClientException e) {
      // reachable for the first request, then lost: still a status
      return unreachable(expected, context, Unreachable.of(e));
    }
  }

  private static ClusterStatus unreachable(Expectation expected, String context, Unreachable why) {
    return new ClusterStatus(expected, context, why, List.of(), List.of(), null, null);
  }

  /** The items of a namespaced list, or empty when the API server does not know the resource. */
  private static Optional<List<GenericKubernetesResource>> list(
      KubernetesClient client, ResourceDefinitionContext resource, String namespace) {
    try {
      return Optional.of(
          client.genericKubernetesResources(resource).inNamespace(namespace).list().getItems());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Each SUC Plan's state. A Plan is complete on a node when SUC labelled the node {@code
   * plan.upgrade.cattle.io/NAME} with the Plan's {@code status.latestHash}; its Jobs carry the
   * label {@code upgrade.cattle.io/plan=NAME}. A Plan complete on no node is vacuously complete
   * (its selector matched nothing); with a {@code window} and nothing applying, it waits for the
   * window.
   */
  static List<PlanStatus> plans(KubernetesClient client, List<Node> nodes) {
    Optional<List<GenericKubernetesResource>> plans = list(client, SUC_PLANS, SUC_NAMESPACE);
    if (plans.isEmpty()) {
      return null;
    }
    List<Job> jobs;
    try {
      jobs = client.batch().v1().jobs().inNamespace(SUC_NAMESPACE).list().getItems();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      jobs = List.of();
    }
    List<PlanStatus> result = new ArrayList<>();
    for (GenericKubernetesResource plan : plans.get()) {
      String name = plan.getMetadata().getName();
      Map<String, Object> status = map(plan.getAdditionalProperties().get("status"));
      Map<String, Object> spec = map(plan.getAdditionalProperties().get("spec"));
      String latestHash = string(status.get("latestHash"));
      String latestVersion = string(status.get("latestVersion"));
      List<String> applying = strings(status.get("applying"));
      List<String> done = new ArrayList<>();
      for (Node node : nodes) {
        Map<String, String> labels = node.getMetadata().getLabels();
        if (latestHash != null
            && labels != null
            && latestHash.equals(labels.get("plan.upgrade.cattle.io/" + name))) {
          done.add(node.getMetadata().getName());
        }
      }
      done.sort(null);
      List<String> failedJobs = new ArrayList<>();
      int activeJobs = 0;
      for (Job job : jobs) {
        Map<String, String> labels = job.getMetadata().getLabels();
        if (labels == null || !name.equals(labels.get("upgrade.cattle.io/plan"))) {
          continue;
        }
        if (job.getStatus() != null && job.getStatus().getConditions() != null) {
          for (JobCondition c : job.getStatus().getConditions()) {
            if ("Failed".equals(c.getType()) && "True".equals(c.getStatus())) {
              String node = labels.get("upgrade.cattle.io/node");
              failedJobs.add(job.getMetadata().getName() + (node == null ? "" : " on " + node));
            }
          }
        }
        if (job.getStatus() != null
            && job.getStatus().getActive() != null
            && job.getStatus().getActive() > 0) {
          activeJobs++;
        }
      }
      failedJobs.sort(null);
      boolean complete = conditionTrue(status, "Complete");
      PlanState state;
      String detail;
      if (!failedJobs.isEmpty()) {
        state = PlanState.FAILED;
        detail = "failed jobs: " + String.join(", ", failedJobs);
      } else if (!applying.isEmpty() || activeJobs > 0) {
        state = PlanState.IN_PROGRESS;
        detail =
            applying.isEmpty()
                ? activeJobs + " jobs running"
                : "applying on " + String.join(", ", applying);
      } else if (complete || latestHash != null && !done.isEmpty()) {
        state = done.isEmpty() ? PlanState.VACUOUS : PlanState.COMPLETE;
        detail =
            done.isEmpty() ? "its node selector matches no node" : "on " + String.join(", ", done);
      } else if (spec.get("window") != null) {
        state = PlanState.WAITING_FOR_WINDOW;
        detail = "window " + window(map(spec.get("window")));
      } else {
        state = PlanState.PENDING;
        detail = latestHash == null ? "version not resolved yet" : "no node upgraded yet";
      }
      result.add(new PlanStatus(name, state, latestVersion, List.copyOf(done), detail));
    }
    result.sort(java.util.Comparator.comparing(PlanStatus::name));
    return List.copyOf(result);
  }

  /**
   * The Autopilot plan: {@code status.state}, the {@code k0supdate} command's version, and the
   * nodes whose signal completed ({@code status.commands[].k0supdate.controllers[]} and {@code
   * workers[]}). HTTP 404 (no CRD, or no plan named autopilot) means not installed.
   */
  static AutopilotStatus autopilot(KubernetesClient client) {
    GenericKubernetesResource plan;
    try {
      plan = client.genericKubernetesResources(AUTOPILOT_PLANS).withName(AUTOPILOT_PLAN).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) {
        throw e;
      }
      plan = null;
    }
    if (plan == null) {
      return new AutopilotStatus(false, null, null, List.of(), false);
    }
    Map<String, Object> status = map(plan.getAdditionalProperties().get("status"));
    Map<String, Object> spec = map(plan.getAdditionalProperties().get("spec"));
    String state = string(status.get("state"));
    String version = null;
    if (spec.get("commands") instanceof List<?> commands) {
      for (Object command : commands) {
        Object v = map(map(command).get("k0supdate")).get("version");
        if (v != null) {
          version = v.toString();
          break;
        }
      }
    }
    List<String> done = new ArrayList<>();
    boolean failed = state != null && AUTOPILOT_FAILED.contains(state);
    if (status.get("commands") instanceof List<?> commands) {
      for (Object command : commands) {
        Map<String, Object> c = map(command);
        failed |= AUTOPILOT_FAILED.contains(string(c.get("state")));
        Map<String, Object> update = map(c.get("k0supdate"));
        for (String group : List.of("controllers", "workers")) {
          if (update.get(group) instanceof List<?> targets) {
            for (Object target : targets) {
              Map<String, Object> t = map(target);
              if ("SignalCompleted".equals(t.get("state")) && t.get("name") != null) {
                done.add(t.get("name").toString());
              }
            }
          }
        }
      }
    }
    done.sort(null);
    return new AutopilotStatus(true, state, version, List.copyOf(done), failed);
  }

  private static String window(Map<String, Object> window) {
    return String.join(
        " ",
        Objects.toString(window.get("days"), "every day"),
        Objects.toString(window.get("startTime"), "?")
            + "-"
            + Objects.toString(window.get("endTime"), "?"),
        Objects.toString(window.get("timeZone"), "UTC"));
  }

  static GitOpsStatus gitops(KubernetesClient client, Expectation expected) {
    if (expected.engine() == GitOpsEngine.FLUX) {
      // A cluster that pulls its artifact has an OCIRepository where others have a GitRepository;
      // its status.artifact.revision is <tag>@sha256:<manifest digest>.
      Optional<List<GenericKubernetesResource>> sources =
          list(
              client,
              expected.fromOci() ? FLUX_OCI_REPOSITORIES : FLUX_GIT_REPOSITORIES,
              FLUX_NAMESPACE);
      Optional<List<GenericKubernetesResource>> kustomizations =
          list(client, FLUX_KUSTOMIZATIONS, FLUX_NAMESPACE);
      if (sources.isEmpty() || kustomizations.isEmpty()) {
        return new GitOpsStatus("flux", false, List.of());
      }
      List<GitOpsObject> objects = new ArrayList<>();
      for (GenericKubernetesResource source : sources.get()) {
        Map<String, Object> status = map(source.getAdditionalProperties().get("status"));
        String revision = string(map(status.get("artifact")).get("revision"));
        objects.add(fluxObject(source, status, revision, expected.revisionMatches(revision)));
      }
      for (GenericKubernetesResource kustomization : kustomizations.get()) {
        Map<String, Object> status = map(kustomization.getAdditionalProperties().get("status"));
        String revision = string(status.get("lastAppliedRevision"));
        objects.add(
            fluxObject(kustomization, status, revision, expected.revisionMatches(revision)));
      }
      return new GitOpsStatus("flux", true, List.copyOf(objects));
    }
    if (expected.engine() == GitOpsEngine.ARGOCD) {
      Optional<List<GenericKubernetesResource>> applications =
          list(client, ARGO_APPLICATIONS, ARGO_NAMESPACE);
      if (applications.isEmpty()) {
        return new GitOpsStatus("argocd", false, List.of());
      }
      List<GitOpsObject> objects = new ArrayList<>();
      for (GenericKubernetesResource app : applications.get()) {
        Map<String, Object> status = map(app.getAdditionalProperties().get("status"));
        Map<String, Object> spec = map(app.getAdditionalProperties().get("spec"));
        String sync = Objects.toString(map(status.get("sync")).get("status"), "Unknown");
        String health = Objects.toString(map(status.get("health")).get("status"), "Unknown");
        String revision = string(map(status.get("sync")).get("revision"));
        // Only Applications that track the fleet's repository are held to its commit; add-on
        // Applications point at Helm charts whose revision is a chart version.
        String repoUrl = string(map(spec.get("source")).get("repoURL"));
        boolean tracksFleetRepository = repoUrl != null && repoUrl.equals(expected.repository());
        String state =
            switch (health) {
              case "Degraded", "Missing" -> "failing";
              case "Healthy" -> sync.equals("Synced") ? "ready" : "progressing";
              default -> "progressing";
            };
        objects.add(
            new GitOpsObject(
                "Application",
                app.getMetadata().getNamespace(),
                app.getMetadata().getName(),
                state,
                sync + "/" + health,
                revision,
                !tracksFleetRepository || expected.revisionMatches(revision),
                string(map(status.get("health")).get("message"))));
      }
      return new GitOpsStatus("argocd", true, List.copyOf(objects));
    }
    return null;
  }

  private static GitOpsObject fluxObject(
      GenericKubernetesResource object,
      Map<String, Object> status,
      String revision,
      boolean revisionMatches) {
    Map<String, Object> ready = condition(status, "Ready");
    String readyStatus = string(ready.get("status"));
    String reason = string(ready.get("reason"));
    String state;
    if ("True".equals(readyStatus)) {
      state = "ready";
    } else if ("False".equals(readyStatus) && !"Progressing".equals(reason)) {
      state = "failing";
    } else {
      state = "progressing";
    }
    return new GitOpsObject(
        object.getKind(),
        object.getMetadata().getNamespace(),
        object.getMetadata().getName(),
        state,
        reason == null ? Objects.toString(readyStatus, "Unknown") : reason,
        revision,
        revisionMatches,
        string(ready.get("message")));
  }

  private static boolean conditionTrue(Map<String, Object> status, String type) {
    return "True".equals(string(condition(status, type).get("status")));
  }

  private static Map<String, Object> condition(Map<String, Object> status, String type) {
    Object conditions = status.get("conditions");
    if (conditions instanceof List<?> list) {
      for (Object c : list) {
        Map<String, Object> condition = map(c);
        if (type.equals(condition.get("type"))) {
          return condition;
        }
      }
    }
    return Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : new TreeMap<>();
  }

  private static String string(Object value) {
    return value == null ? null : value.toString();
  }

  private static List<String> strings(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).sorted().toList();
    }
    return List.of();
  }
}
