package dev.fleetc.cli.status;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support: kubernetes-server-mock servers in CRUD mode (real HTTP servers on 127.0.0.1) seeded
 * from fixture YAML, and kubeconfig files pointing at them.
 */
public final class MockClusters {

  /** Held so that the level sticks: the mock server logs every request at INFO. */
  private static final java.util.logging.Logger QUIET =
      java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

  static {
    QUIET.setLevel(java.util.logging.Level.WARNING);
  }

  private MockClusters() {}

  private static CustomResourceDefinitionContext crd(ResourceDefinitionContext r) {
    return new CustomResourceDefinitionContext.Builder()
        .withGroup(r.getGroup())
        .withVersion(r.getVersion())
        .withPlural(r.getPlural())
        .withKind(r.getKind())
        .withScope(r.isNamespaceScoped() ? "Namespaced" : "Cluster")
        .build();
  }

  /** A started CRUD-mode server that knows the custom resources fleet status reads. */
  public static KubernetesMockServer start() {
    List<CustomResourceDefinitionContext> crds =
        List.of(
            crd(ClusterProbe.SUC_PLANS),
            crd(ClusterProbe.FLUX_KUSTOMIZATIONS),
            crd(ClusterProbe.FLUX_GIT_REPOSITORIES),
            crd(ClusterProbe.FLUX_OCI_REPOSITORIES),
            crd(ClusterProbe.ARGO_APPLICATIONS),
            crd(ClusterProbe.AUTOPILOT_PLANS));
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(crds),
            false);
    server.init(InetAddress.getLoopbackAddress(), 0);
    return server;
  }

  /** Creates every object of a fixture file (multi-document YAML), status included. */
  public static void seed(KubernetesMockServer server, InputStream fixture) {
    try (KubernetesClient client = server.createClient()) {
      List<HasMetadata> items = client.load(fixture).items();
      for (HasMetadata item : items) {
        client.resource(item).create();
      }
    }
  }

  /**
   * Replaces everything fleet status reads (Nodes, SUC Plans and Jobs, Flux objects, Argo CD
   * Applications, the Autopilot plan) with the objects of a multi-document YAML text: how a test
   * advances a cluster.
   */
  public static void replace(KubernetesMockServer server, String yaml) {
    try (KubernetesClient client = server.createClient()) {
      client.nodes().delete();
      client.batch().v1().jobs().inNamespace(ClusterProbe.SUC_NAMESPACE).delete();
      client
          .genericKubernetesResources(ClusterProbe.SUC_PLANS)
          .inNamespace(ClusterProbe.SUC_NAMESPACE)
          .delete();
      client
          .genericKubernetesResources(ClusterProbe.FLUX_KUSTOMIZATIONS)
          .inNamespace(ClusterProbe.FLUX_NAMESPACE)
          .delete();
      client
          .genericKubernetesResources(ClusterProbe.FLUX_GIT_REPOSITORIES)
          .inNamespace(ClusterProbe.FLUX_NAMESPACE)
          .delete();
      client
          .genericKubernetesResources(ClusterProbe.ARGO_APPLICATIONS)
          .inNamespace(ClusterProbe.ARGO_NAMESPACE)
          .delete();
      client.genericKubernetesResources(ClusterProbe.AUTOPILOT_PLANS).delete();
    }
    seed(
        server,
        new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** The server's URL as a kubeconfig names it. */
  public static String url(KubernetesMockServer server) {
    return "http://127.0.0.1:" + server.getPort();
  }

  /**
   * Writes a kubeconfig with one context per entry (context name to server URL), no credentials.
   */
  public static Path kubeconfig(Path file, Map<String, String> servers) {
    StringBuilder yaml = new StringBuilder("apiVersion: v1\nkind: Config\nclusters:\n");
    List<String> names = new ArrayList<>(servers.keySet());
    for (String name : names) {
      yaml.append("- name: ")
          .append(name)
          .append("\n  cluster:\n    server: ")
          .append(servers.get(name))
          .append('\n');
    }
    yaml.append("users:\n");
    for (String name : names) {
      yaml.append("- name: ").append(name).append("\n  user:\n    token: test-not-a-secret\n");
    }
    yaml.append("contexts:\n");
    for (String name : names) {
      yaml.append("- name: ")
          .append(name)
          .append("\n  context:\n    cluster: ")
          .append(name)
          .append("\n    user: ")
          .append(name)
          .append('\n');
    }
    try {
      return Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
