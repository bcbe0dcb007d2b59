package dev.fleetc.emit.gitops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ArtifactKind;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import dev.fleetc.model.GitOps;
import dev.fleetc.model.GitOpsEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GitOps emitter on every cluster of acme (whatever its distribution: the emitter does not
 * depend on it) and of the golden cases: served API versions only, objects valid against the
 * upstream CRDs, every GitOps path builds with kustomize, add-ons identical across distributions.
 */
class GitOpsEmitterTest {

  private static final Set<String> SERVED =
      Set.of(
          "v1",
          "kustomize.config.k8s.io/v1beta1",
          "source.toolkit.fluxcd.io/v1",
          "kustomize.toolkit.fluxcd.io/v1",
          "helm.toolkit.fluxcd.io/v2",
          "argoproj.io/v1alpha1",
          // The vendored system-upgrade-controller release (K3s, upgrades.method suc).
          "apiextensions.k8s.io/v1",
          "apps/v1",
          "rbac.authorization.k8s.io/v1",
          "upgrade.cattle.io/v1");

  private final GitOpsEmitter emitter = new GitOpsEmitter();

  static Fleet compile(Path file) throws IOException {
    CompileResult result = dev.fleetc.emit.ExampleFleets.compile(file);
    return result.fleet().orElseThrow(() -> new AssertionError("does not compile: " + file));
  }

  static Fleet acme() throws IOException {
    return compile(Path.of("..", "..", "fleet-examples", "acme.fleet.yaml"));
  }

  /** The clusters of every example and every golden case that use a GitOps engine. */
  static List<Cluster> clusters() throws IOException {
    List<Cluster> clusters = new ArrayList<>();
    try (Stream<Path> examples = Files.list(Path.of("..", "..", "fleet-examples"))) {
      for (Path example :
          examples.filter(p -> p.toString().endsWith(".fleet.yaml")).sorted().toList()) {
        clusters.addAll(compile(example).clusters());
      }
    }
    try (Stream<Path> cases = Files.list(Path.of("src", "test", "resources", "golden"))) {
      for (Path dir : cases.sorted().toList()) {
        clusters.addAll(compile(dir.resolve("fleet.yaml")).clusters());
      }
    }
    return clusters.stream().filter(c -> c.gitops().engine() != GitOpsEngine.NONE).toList();
  }

  private Map<String, String> gitopsFiles(Cluster cluster) {
    String prefix = cluster.gitops().path() + "/";
    Map<String, String> files = new TreeMap<>();
    for (Artifact a : emitter.emit(cluster)) {
      if (a.path().startsWith(prefix)) {
        files.put(a.path().substring(prefix.length()), a.content());
      }
    }
    return files;
  }

  @Test
  void acmeHasFluxAndArgoCdClustersOfEveryDistribution() throws IOException {
    Fleet acme = acme();
    assertThat(acme.cluster("dev").orElseThrow().gitops().engine()).isEqualTo(GitOpsEngine.ARGOCD);
    assertThat(gitopsFiles(acme.cluster("dev").orElseThrow())).containsKey("root.yaml");
    assertThat(gitopsFiles(acme.cluster("platform-us").orElseThrow()))
        .containsKey("flux-system/gotk-sync.yaml");
  }

  @Test
  void gitopsPathsHoldServedKubernetesObjectsOnly() throws IOException {
    for (Cluster cluster : clusters()) {
      for (Artifact a : emitter.emit(cluster)) {
        if (!a.path().startsWith(cluster.gitops().path() + "/")) {
          assertThat(a.kind()).isEqualTo(ArtifactKind.RUNBOOK);
          continue;
        }
        assertThat(a.kind()).isIn(ArtifactKind.FLUX, ArtifactKind.ARGOCD, ArtifactKind.MANIFEST);
        for (Object doc : CrdSchemas.documents(a.content())) {
          Map<?, ?> object = (Map<?, ?>) doc;
          assertThat(SERVED).as(a.path()).contains((String) object.get("apiVersion"));
          assertThat(object.get("kind")).as(a.path()).isNotNull();
          if (!"kustomize.config.k8s.io/v1beta1".equals(object.get("apiVersion"))) {
            assertThat(((Map<?, ?>) object.get("metadata")).get("name")).as(a.path()).isNotNull();
          }
          if ("Secret".equals(object.get("kind"))) {
            assertThat(object.keySet().stream().map(String::valueOf).toList())
                .as("%s: a Secret with values", a.path())
                .doesNotContain("data", "stringData");
          }
        }
      }
    }
  }

  @Test
  void everyFluxAndArgoCdObjectMatchesItsUpstreamCrd() throws IOException {
    Optional<Path> dir = CrdSchemas.folder();
    assumeTrue(
        dir.isPresent(),
        "shared/reference/gitops/crds not found next to the checkout: CRD check skipped");
    CrdSchemas crds = new CrdSchemas(dir.get());
    int checked = 0;
    for (Cluster cluster : clusters()) {
      for (Map.Entry<String, String> file : gitopsFiles(cluster).entrySet()) {
        for (Object doc : CrdSchemas.documents(file.getValue())) {
          Map<?, ?> object = (Map<?, ?>) doc;
          if (crds.governs((String) object.get("apiVersion"))) {
            assertThat(crds.problems(object))
                .as("%s %s %s", cluster.name(), file.getKey(), object.get("kind"))
                .isEmpty();
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(50);
  }

  @Test
  void theCrdCheckCanFail() {
    Optional<Path> dir = CrdSchemas.folder();
    assumeTrue(dir.isPresent(), "shared/reference/gitops/crds not found: CRD check skipped");
    CrdSchemas crds = new CrdSchemas(dir.get());
    Map<String, Object> badInterval =
        Objects.resource(
            FluxBootstrap.SOURCE_API,
            "GitRepository",
            "x",
            "flux-system",
            Objects.map(
                "interval", "1 minute", "url", "https://example.com/x.git", "branch", "main"));
    assertThat(crds.problems(badInterval)).hasSizeGreaterThanOrEqualTo(2);
    Map<String, Object> beta =
        Objects.resource(
            "kustomize.toolkit.fluxcd.io/v1beta2", "Kustomization", "x", "flux-system", Map.of());
    assertThat(crds.problems(beta))
        .containsExactly(
            "kustomize.toolkit.fluxcd.io/v1beta2 Kustomization: no served CRD version");
  }

  @Test
  void everyGitOpsPathBuildsWithKustomize(@TempDir Path tmp) throws Exception {
    assumeTrue(Kustomize.available(), "kubectl not on PATH: kustomize build skipped");
    Optional<CrdSchemas> crds = CrdSchemas.folder().map(CrdSchemas::new);
    for (Cluster cluster : clusters()) {
      String[] error = new String[1];
      // The path and the shared folders it references, at their places in the output tree.
      Map<String, String> tree = new TreeMap<>();
      gitopsFiles(cluster)
          .forEach((f, content) -> tree.put(cluster.gitops().path() + "/" + f, content));
      SharedFolders.files(List.of(cluster)).forEach(a -> tree.put(a.path(), a.content()));
      Optional<String> built =
          Kustomize.build(
              tmp.resolve(cluster.name() + "-" + cluster.hashCode()),
              tree,
              cluster.gitops().path(),
              error);
      assertThat(built).as("kubectl kustomize %s: %s", cluster.name(), error[0]).isPresent();
      // The rendered objects are what the engine applies: check them too.
      for (Object doc : CrdSchemas.documents(built.get())) {
        Map<?, ?> object = (Map<?, ?>) doc;
        crds.filter(c -> c.governs((String) object.get("apiVersion")))
            .ifPresent(c -> assertThat(c.problems(object)).as(cluster.name()).isEmpty());
      }
    }
  }

  @Test
  void everyGitOpsPathOfTheCommittedOutputBuildsWithKustomize(@TempDir Path tmp) throws Exception {
    assumeTrue(Kustomize.available(), "kubectl not on PATH: kustomize build skipped");
    Path generated = Path.of("..", "..", "generated");
    List<Path> trees = new ArrayList<>();
    try (Stream<Path> children = Files.list(generated)) {
      children.filter(d -> Files.isRegularFile(d.resolve("fleet.lock.json"))).forEach(trees::add);
    }
    int built = 0;
    for (Path tree : trees) {
      Map<?, ?> lock =
          (Map<?, ?>)
              CrdSchemas.documents(Files.readString(tree.resolve("fleet.lock.json"))).get(0);
      for (Object c : (List<?>) lock.get("clusters")) {
        Map<?, ?> cluster = (Map<?, ?>) c;
        Object gitopsPath = cluster.get("gitopsPath");
        if (gitopsPath == null) {
          continue;
        }
        // The path and the shared folders it references (the lock's "shared"), in place.
        List<Path> roots = new ArrayList<>();
        roots.add(tree.resolve((String) gitopsPath));
        Object shared = cluster.get("shared");
        if (shared instanceof List<?> folders) {
          folders.forEach(f -> roots.add(tree.resolve((String) f)));
        }
        Map<String, String> files = new TreeMap<>();
        for (Path root : roots) {
          try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
              files.put(tree.relativize(p).toString().replace('\\', '/'), Files.readString(p));
            }
          }
        }
        String[] error = new String[1];
        assertThat(
                Kustomize.build(
                    tmp.resolve(tree.getFileName() + "-" + cluster.get("name")),
                    files,
                    (String) gitopsPath,
                    error))
            .as("kubectl kustomize %s/%s: %s", tree, gitopsPath, error[0])
            .isPresent();
        built++;
      }
    }
    assertThat(built).isGreaterThan(6);
  }

  /**
   * The portability promise: a K3s and a k0s cluster carry the same add-on files byte for byte;
   * only {@code cluster-vars} and the files naming the cluster's own path differ.
   */
  @Test
  void addOnsAreByteIdenticalOnK3sAndK0s() throws IOException {
    Fleet acme = acme();
    Cluster prodEu = acme.cluster("prod-eu").orElseThrow();
    Cluster platformUs = acme.cluster("platform-us").orElseThrow();
    Map<String, String> k3s = gitopsFiles(prodEu);
    Map<String, String> k0s = gitopsFiles(platformUs);
    // K3s adds its in-cluster upgrade machinery (system-upgrade-controller), listed last in the
    // root kustomization; that is the one difference in the file set.
    assertThat(k3s.get("kustomization.yaml"))
        .isEqualTo(k0s.get("kustomization.yaml") + "  - \"system-upgrade.yaml\"\n");
    k3s.keySet().removeIf(f -> f.startsWith("system-upgrade") || f.equals("kustomization.yaml"));
    k0s.remove("kustomization.yaml");
    assertThat(k3s.keySet()).isEqualTo(k0s.keySet());
    // acme's profiles pick different ingress controllers; storage and backup are shared as is.
    for (String file :
        List.of(
            "infrastructure/storage.yaml",
            "infrastructure/backup.yaml",
            "infrastructure/kustomization.yaml",
            "apps/kustomization.yaml")) {
      assertThat(k0s.get(file)).as(file).isEqualTo(k3s.get(file));
    }
    assertThat(k3s.get("infrastructure/ingress.yaml")).contains("chart: \"traefik\"");
    assertThat(k0s.get("infrastructure/ingress.yaml")).contains("chart: \"ingress-nginx\"");

    // With the same add-ons, everything under infrastructure/ and apps/ is identical.
    Cluster k0sSameAddons = withAddonsOf(platformUs, prodEu);
    Map<String, String> same = gitopsFiles(k0sSameAddons);
    List<String> differing = new ArrayList<>();
    k3s.forEach(
        (file, content) -> {
          if (!content.equals(same.get(file))) {
            differing.add(file);
          }
        });
    // The ingress controller's exposure is the one difference a distribution forces: K3s has
    // ServiceLB for its LoadBalancer Service, k0s has none (hostPort DaemonSet instead).
    assertThat(differing)
        .containsExactlyInAnyOrder(
            "cluster-vars.yaml",
            "flux-system/gotk-sync.yaml",
            "infrastructure.yaml",
            "apps.yaml",
            "infrastructure/ingress.yaml");
    assertThat(k3s.get("infrastructure/ingress.yaml")).doesNotContain("hostPort");
    assertThat(same.get("infrastructure/ingress.yaml"))
        .contains("kind: \"DaemonSet\"", "hostPort: 80", "type: \"ClusterIP\"");
    differing.remove("infrastructure/ingress.yaml");
    // The others differ only on lines naming the cluster, its path, region, bucket region or the
    // kubelet's folder (where Velero's node agent reads volumes).
    for (String file : differing) {
      List<String> ours = k3s.get(file).lines().toList();
      // The hostPort ingress also reports a node address (cluster-vars ingress_address).
      List<String> theirs =
          same.get(file).lines().filter(l -> !l.contains("ingress_address")).toList();
      assertThat(theirs).as(file).hasSameSizeAs(ours);
      for (int i = 0; i < ours.size(); i++) {
        if (!ours.get(i).equals(theirs.get(i)) && !ours.get(i).contains("kubelet_root_dir")) {
          assertThat(ours.get(i)).as(file).containsAnyOf("prod-eu", "eu-central");
          assertThat(theirs.get(i)).as(file).containsAnyOf("platform-us", "us-west");
        }
      }
    }
  }

  private static Cluster withAddonsOf(Cluster target, Cluster source) {
    return new Cluster(
        target.name(),
        target.profile(),
        target.region(),
        target.labels(),
        target.distribution(),
        target.release(),
        target.datastore(),
        target.apiEndpoint(),
        target.sans(),
        target.token(),
        target.nodes(),
        target.network(),
        new GitOps(
            target.gitops().engine(),
            target.gitops().repository(),
            target.gitops().branch(),
            target.gitops().path()),
        source.addons(),
        target.extensions(),
        target.provenance(),
        target.agentToken(),
        target.firstBootDeadline(),
        target.upgrades());
  }

  /**
   * The runbook's {@code kubectl apply -k} commands are safe on their own: a path the compiler
   * would refuse (FLEET-E075) still reaches the shell as one word. Each command's code span is run
   * by bash with {@code kubectl} standing in as a function that prints its arguments.
   */
  @Test
  void runbookCommandsQuoteTheGitOpsPath(@TempDir Path temp) throws Exception {
    assumeTrue(new ProcessBuilder("bash", "-c", "true").start().waitFor() == 0);
    String hostile = "clusters/c1; touch pwned #";
    for (Cluster cluster : List.of(acme().clusters().get(0), argoCluster())) {
      Cluster withPath = withPath(cluster, hostile);
      String runbook =
          emitter.emit(withPath).stream()
              .filter(a -> a.path().equals(GitOpsEmitter.runbook(withPath)))
              .findFirst()
              .orElseThrow()
              .content();
      java.util.regex.Matcher spans =
          java.util.regex.Pattern.compile("`(kubectl apply [^`]* -k [^`]*)`").matcher(runbook);
      int commands = 0;
      while (spans.find()) {
        commands++;
        Process bash =
            new ProcessBuilder(
                    "bash", "-c", "kubectl() { printf '%s\\n' \"${@: -1}\"; }; " + spans.group(1))
                .directory(temp.toFile())
                .redirectErrorStream(true)
                .start();
        String printed = new String(bash.getInputStream().readAllBytes()).strip();
        bash.waitFor();
        assertThat(printed).as(spans.group(1)).startsWith(hostile).doesNotContain("\n");
      }
      assertThat(commands).as(cluster.name()).isPositive();
      assertThat(temp.resolve("pwned")).doesNotExist();
    }
  }

  private static Cluster argoCluster() throws IOException {
    return clusters().stream()
        .filter(c -> c.gitops().engine() == GitOpsEngine.ARGOCD)
        .findFirst()
        .orElseThrow();
  }

  private static Cluster withPath(Cluster target, String path) {
    return new Cluster(
        target.name(),
        target.profile(),
        target.region(),
        target.labels(),
        target.distribution(),
        target.release(),
        target.datastore(),
        target.apiEndpoint(),
        target.sans(),
        target.token(),
        target.nodes(),
        target.network(),
        new GitOps(
            target.gitops().engine(),
            target.gitops().repository(),
            target.gitops().branch(),
            path,
            target.gitops().auth()),
        target.addons(),
        target.extensions(),
        target.provenance(),
        target.agentToken(),
        target.firstBootDeadline(),
        target.upgrades());
  }

  @Test
  void engineNoneEmitsNothing() throws IOException {
    Fleet golden =
        compile(Path.of("src", "test", "resources", "golden", "k3s-single-sqlite", "fleet.yaml"));
    assertThat(emitter.emit(golden.clusters().get(0))).isEmpty();
  }
}
