package dev.fleetc.emit.gitops;

import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.emit.ClusterEmitter;
import dev.fleetc.emit.OutputLayout;
import dev.fleetc.emit.addons.AddonReleases;
import dev.fleetc.emit.addons.IngressExposure;
import dev.fleetc.emit.addons.KubeletPaths;
import dev.fleetc.emit.runbook.VeleroSecret;
import dev.fleetc.emit.support.ShellQuote;
import dev.fleetc.emit.support.Templates;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.GitOpsEngine;
import dev.fleetc.model.Node;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The GitOps path of every cluster whose engine is Flux or Argo CD, and its runbook {@code
 * bootstrap/<cluster>/GITOPS.md}: the steps that need a human (credentials, the first apply).
 */
public final class GitOpsEmitter implements ClusterEmitter {

  private static final String RUNBOOK_TEMPLATE = "dev/fleetc/emit/gitops/GITOPS.md.mustache";

  /** The runbook's path. */
  public static String runbook(Cluster cluster) {
    return OutputLayout.bootstrap(cluster) + "/GITOPS.md";
  }

  @Override
  public void prepare() {
    Templates.prepareText(RUNBOOK_TEMPLATE);
  }

  @Override
  public List<Artifact> emit(Cluster cluster) {
    GitOpsEngine engine = cluster.gitops().engine();
    if (engine == GitOpsEngine.NONE) {
      return List.of();
    }
    List<Artifact> out =
        new ArrayList<>(
            engine == GitOpsEngine.FLUX
                ? FluxBootstrap.emit(cluster)
                : ArgoCdBootstrap.emit(cluster));
    out.add(
        Artifact.of(
            runbook(cluster),
            ArtifactKind.RUNBOOK,
            Templates.text(RUNBOOK_TEMPLATE, runbookScope(cluster))));
    return out;
  }

  private static Map<String, Object> runbookScope(Cluster cluster) {
    boolean flux = cluster.gitops().engine() == GitOpsEngine.FLUX;
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("cluster", cluster.name());
    String path = OutputLayout.gitops(cluster);
    scope.put("path", path);
    scope.put("sharedFolders", SharedFolders.of(cluster));
    // Command words shell-quoted: the compiler's path grammar already allows no shell syntax, but
    // this writer must be safe on its own.
    scope.put(
        "pathArgs",
        Map.of(
            "root", ShellQuote.quote(path),
            "fluxSystem", ShellQuote.quote(path + "/flux-system"),
            "argocd", ShellQuote.quote(path + "/argocd")));
    scope.put("repository", cluster.gitops().repository());
    // Shell blocks show the URL as one quoted word (validated already; quoted as defense in depth).
    scope.put("repositoryArg", ShellQuote.quote(cluster.gitops().repository()));
    scope.put("branch", cluster.gitops().branch());
    scope.put("git", GitCredentials.scope(cluster.gitops()));
    if (cluster.gitops().fromOci()) {
      scope.put("registry", RegistryCredentials.scope(cluster));
    } else {
      scope.put("fromGit", Boolean.TRUE);
    }
    if (flux) {
      String version = cluster.release().component("flux");
      scope.put(
          "flux",
          Map.of(
              "version",
              version,
              "installUrl",
              FluxBootstrap.INSTALL_URL.formatted(version),
              "namespace",
              FluxBootstrap.NAMESPACE));
    } else {
      String version = cluster.release().component("argocd");
      scope.put(
          "argocd",
          Map.of(
              "version",
              version,
              "namespace",
              ArgoCdBootstrap.NAMESPACE,
              "clusterSecret",
              ArgoCdBootstrap.clusterSecretName(cluster),
              "inCluster",
              ArgoCdBootstrap.IN_CLUSTER,
              "knownHostsConfigMap",
              GitCredentials.ARGOCD_KNOWN_HOSTS_CONFIGMAP));
    }
    List<Map<String, Object>> addons = new ArrayList<>();
    for (AddonReleases.AddonRelease addon :
        AddonReleases.of(cluster, v -> AddonReleases.clusterVars(cluster).get(v))) {
      addons.add(
          Map.of(
              "role",
              addon.role(),
              "name",
              addon.name(),
              "namespace",
              addon.namespace(),
              "version",
              addon.source().version()));
    }
    scope.put("addons", addons);
    if (cluster.addons().ingress() != dev.fleetc.model.IngressController.NONE) {
      scope.put("ingress", ingressScope(cluster));
    }
    cluster
        .addons()
        .backupIfAny()
        .ifPresent(
            v -> {
              scope.put(
                  "velero",
                  VeleroSecret.of(v.credentials(), AddonReleases.VELERO_CREDENTIALS_SECRET));
              // Read inside {{#velero}}, which the record does not answer: from the outer scope.
              scope.put("podVolumePath", KubeletPaths.rootDir(cluster) + "/pods");
            });
    return scope;
  }

  private static Map<String, Object> ingressScope(Cluster cluster) {
    Map<String, Object> ingress = new LinkedHashMap<>();
    boolean hostPort = IngressExposure.of(cluster) == IngressExposure.HOST_PORT;
    String reason =
        switch (cluster.distribution()) {
          case K3S -> hostPort ? "K3s ServiceLB is disabled on this cluster" : "K3s ServiceLB";
          case K0S -> "k0s has no load balancer for Services";
          case MICROK8S ->
              hostPort
                  ? "MicroK8s has no load balancer for Services unless the MetalLB add-on is on"
                      + " (microk8s.metallb)"
                  : "the MicroK8s MetalLB add-on";
        };
    ingress.put(hostPort ? "hostPort" : "loadBalancer", Map.of("reason", reason));
    List<Node> answering = IngressExposure.answeringNodes(cluster);
    ingress.put(
        "answering",
        answering.isEmpty()
            // Only on a cluster that acknowledges it (no-ingress-node), e.g. one server of a larger
            // cluster imported alone.
            ? "no node of this fleet (the cluster acknowledges `no-ingress-node`: the controller"
                + " runs on nodes outside the fleet, or nowhere)"
            : answering.stream()
                .map(n -> "`" + n.name() + "` (" + n.address() + ")")
                .collect(Collectors.joining(", ")));
    List<String> others =
        cluster.nodes().stream().filter(n -> !answering.contains(n)).map(Node::name).toList();
    if (!others.isEmpty()) {
      ingress.put(
          "notAnswering",
          others.stream().map(n -> "`" + n + "`").collect(Collectors.joining(", ")));
    }
    if (hostPort && !answering.isEmpty()) {
      ingress.put("statusNode", answering.get(0).name());
    }
    return ingress;
  }
}
