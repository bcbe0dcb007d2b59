package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.cli.publish.FluxArtifact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fleet publish} against a real registry (CNCF distribution, Debian's docker-registry), read
 * back with an independent client (skopeo): Flux's media types, the digest fleetc records is the
 * registry's, the same fleet compiled twice gives the same digests, a republish uploads nothing,
 * and one changed cluster uploads exactly one new artifact.
 */
class PublishRegistryTest {

  @TempDir static Path temp;

  private static LocalRegistry registry;

  private static final Pattern DIGEST =
      Pattern.compile("\"name\" : \"([^\"]+)\",\\s*\"digest\" : \"(sha256:[0-9a-f]{64})\"");

  @BeforeAll
  static void startRegistry() throws Exception {
    LocalRegistry.assumeInstalled();
    registry = LocalRegistry.start(Files.createDirectories(temp.resolve("registry")));
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  private static Path compile(String name, String fleetText) throws Exception {
    Path fleet = temp.resolve(name + ".fleet.yaml");
    Files.writeString(fleet, fleetText, StandardCharsets.UTF_8);
    Path out = temp.resolve(name);
    Cli.Run run = Cli.run("compile", fleet.toString(), "-o", out.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    return out;
  }

  private static String acme() throws Exception {
    return Files.readString(
        Cli.projectRoot().resolve("fleet-examples/acme.fleet.yaml"), StandardCharsets.UTF_8);
  }

  private static Map<String, String> recorded(Path out) throws Exception {
    Map<String, String> digests = new TreeMap<>();
    Matcher m = DIGEST.matcher(Files.readString(out.resolve("fleet.publish.json")));
    while (m.find()) {
      digests.put(m.group(1), m.group(2));
    }
    return digests;
  }

  private static long manifestPuts(List<String> requests) {
    return requests.stream().filter(r -> r.matches("PUT /v2/.*/manifests/.* 201")).count();
  }

  private static long blobUploads(List<String> requests) {
    return requests.stream().filter(r -> r.matches("POST /v2/.*/blobs/uploads/ 202")).count();
  }

  @Test
  void publishesFluxArtifactsOnceAndOnlyTheChangedClusterAgain() throws Exception {
    String to = "oci://" + registry.host() + "/fleet";
    long putsBefore = manifestPuts(registry.requests());
    Path first = compile("first", acme());
    Cli.Run publish = Cli.run("publish", first.toString(), "--to", to, "--insecure");
    assertThat(publish.exitCode()).as(publish.out() + publish.err()).isEqualTo(ExitCode.OK);
    Map<String, String> digests = recorded(first);
    assertThat(digests).containsKeys("dev", "prod-eu").hasSize(6);
    List<String> afterFirst = registry.requests();
    assertThat(manifestPuts(afterFirst)).isEqualTo(putsBefore + 6);

    // skopeo reads what the engine reads: media types (dev is an Argo CD cluster: the layer type
    // Argo CD's repo server accepts), and the digest fleetc recorded.
    String reference = "docker://" + registry.host() + "/fleet/dev:latest";
    String manifest = LocalRegistry.skopeo("inspect", "--raw", "--tls-verify=false", reference);
    assertThat(manifest)
        .contains("\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\"")
        .contains("\"mediaType\":\"" + FluxArtifact.EMPTY_CONFIG_MEDIA_TYPE + "\"")
        .contains("\"mediaType\":\"" + FluxArtifact.OCI_LAYER_MEDIA_TYPE + "\"");
    assertThat(FluxArtifact.digest(manifest.strip().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(digests.get("dev"));
    // The layer holds the cluster's GitOps path, byte for byte.
    Path layout = temp.resolve("layout");
    LocalRegistry.skopeo(
        "copy", "-q", "--src-tls-verify=false", reference, "oci:" + layout + ":dev");
    Matcher layer =
        Pattern.compile(
                "\""
                    + Pattern.quote(FluxArtifact.OCI_LAYER_MEDIA_TYPE)
                    + "\",\"digest\":\"sha256:([0-9a-f]{64})\"")
            .matcher(manifest);
    assertThat(layer.find()).isTrue();
    Path tgz = layout.resolve("blobs/sha256/" + layer.group(1));
    Path unpacked = Files.createDirectories(temp.resolve("unpacked"));
    Process tar =
        new ProcessBuilder("tar", "-xzf", tgz.toString(), "-C", unpacked.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    assertThat(unpacked.resolve("cluster.yaml"))
        .hasSameBinaryContentAs(first.resolve("clusters/dev/cluster.yaml"));

    // The same fleet compiled again: the same digests, and nothing uploaded.
    Path second = compile("second", acme());
    Cli.Run again = Cli.run("publish", second.toString(), "--to", to, "--insecure");
    assertThat(again.exitCode()).as(again.err()).isEqualTo(ExitCode.OK);
    assertThat(again.out()).contains("0 uploaded, 6 unchanged");
    assertThat(recorded(second)).isEqualTo(digests);
    List<String> afterSecond = registry.requests();
    assertThat(manifestPuts(afterSecond)).isEqualTo(putsBefore + 6);
    assertThat(blobUploads(afterSecond)).isEqualTo(blobUploads(afterFirst));

    // One cluster changed (a label of dev): --check names it, and exactly one artifact is new.
    String changedFleet = acme().replace("labels: {env: dev}", "labels: {env: dev, tier: canary}");
    assertThat(changedFleet).isNotEqualTo(acme());
    Path third = compile("third", changedFleet);
    Files.copy(second.resolve("fleet.publish.json"), third.resolve("fleet.publish.json"));
    Cli.Run check = Cli.run("publish", third.toString(), "--to", to, "--check");
    assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(check.out())
        .contains("changes: " + registry.host() + "/fleet/dev:latest")
        .contains("1 of 6 artifacts change");
    // fleet diff says the same from the record: one artifact changes, the others as published.
    Cli.Run diff =
        Cli.run(
            "diff",
            second.toString(),
            third.toString(),
            "--published",
            second.resolve("fleet.publish.json").toString());
    assertThat(diff.exitCode()).as(diff.out() + diff.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(diff.out()).contains("Artifacts: 1 change (dev), 5 as published.");
    Cli.Run same =
        Cli.run(
            "diff",
            first.toString(),
            second.toString(),
            "--published",
            second.resolve("fleet.publish.json").toString());
    assertThat(same.out()).contains("Artifacts: none of 6 published changes.");
    Cli.Run changed = Cli.run("publish", third.toString(), "--to", to, "--insecure");
    assertThat(changed.exitCode()).as(changed.err()).isEqualTo(ExitCode.OK);
    assertThat(changed.out()).contains("1 uploaded, 5 unchanged");
    List<String> afterThird = registry.requests();
    assertThat(manifestPuts(afterThird)).isEqualTo(putsBefore + 7);
    assertThat(afterThird.subList(afterSecond.size(), afterThird.size()))
        .filteredOn(r -> r.startsWith("PUT ") || r.startsWith("POST "))
        .allMatch(r -> r.startsWith("PUT /v2/fleet/dev/") || r.startsWith("POST /v2/fleet/dev/"));
    Map<String, String> after = recorded(third);
    assertThat(after.get("dev")).isNotEqualTo(digests.get("dev"));
    after.remove("dev");
    Map<String, String> before = new TreeMap<>(digests);
    before.remove("dev");
    assertThat(after).isEqualTo(before);
    assertThat(Cli.run("publish", third.toString(), "--to", to, "--check").exitCode())
        .isEqualTo(ExitCode.OK);
  }

  /**
   * An Argo CD cluster's artifact carries the layer media type Argo CD's repo server accepts by
   * default (application/vnd.oci.image.layer.v1.tar+gzip), not Flux's; a Flux cluster's stays
   * Flux's. The example with gitops.source: oci is what is published.
   */
  @Test
  void argoCdClustersGetTheLayerTypeArgoCdAccepts() throws Exception {
    String to = "oci://" + registry.host() + "/oci";
    Path out =
        compile(
            "oci",
            Files.readString(
                Cli.projectRoot().resolve("fleet-examples/oci.fleet.yaml"),
                StandardCharsets.UTF_8));
    Cli.Run publish =
        Cli.run("publish", out.toString(), "--to", to, "--insecure", "--tag", "fleet");
    assertThat(publish.exitCode()).as(publish.out() + publish.err()).isEqualTo(ExitCode.OK);
    Map<String, String> digests = recorded(out);
    String argo =
        LocalRegistry.skopeo(
            "inspect",
            "--raw",
            "--tls-verify=false",
            "docker://" + registry.host() + "/oci/hub:fleet");
    assertThat(argo)
        .contains("\"mediaType\":\"" + FluxArtifact.EMPTY_CONFIG_MEDIA_TYPE + "\"")
        .contains("\"mediaType\":\"" + FluxArtifact.OCI_LAYER_MEDIA_TYPE + "\"")
        .doesNotContain(FluxArtifact.CONTENT_MEDIA_TYPE);
    assertThat(FluxArtifact.digest(argo.strip().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(digests.get("hub"));
    String flux =
        LocalRegistry.skopeo(
            "inspect",
            "--raw",
            "--tls-verify=false",
            "docker://" + registry.host() + "/oci/store-001:fleet");
    assertThat(flux)
        .contains("\"mediaType\":\"" + FluxArtifact.CONFIG_MEDIA_TYPE + "\"")
        .contains("\"mediaType\":\"" + FluxArtifact.CONTENT_MEDIA_TYPE + "\"");
    assertThat(FluxArtifact.digest(flux.strip().getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(digests.get("store-001"));
  }

  /** Pulls a cluster's artifact with skopeo and unpacks its one layer into a new folder. */
  private static Path unpack(String reference, String name) throws Exception {
    String manifest = LocalRegistry.skopeo("inspect", "--raw", "--tls-verify=false", reference);
    Path layout = temp.resolve("layout-" + name);
    LocalRegistry.skopeo(
        "copy", "-q", "--src-tls-verify=false", reference, "oci:" + layout + ":" + name);
    Matcher layer =
        Pattern.compile("\"(?:layers)\"\\s*:\\s*\\[\\{[^}]*\"digest\":\"sha256:([0-9a-f]{64})\"")
            .matcher(manifest);
    assertThat(layer.find()).as(manifest).isTrue();
    Path unpacked = Files.createDirectories(temp.resolve("unpacked-" + name));
    Process tar =
        new ProcessBuilder(
                "tar",
                "-xzf",
                layout.resolve("blobs/sha256/" + layer.group(1)).toString(),
                "-C",
                unpacked.toString())
            .inheritIO()
            .start();
    assertThat(tar.waitFor()).isZero();
    return unpacked;
  }

  /**
   * A K3s cluster's artifact holds its GitOps path and the shared system-upgrade-controller folder
   * at their places in the output tree, so its kustomization's relative reference resolves inside
   * the artifact (kubectl kustomize builds it there); a cluster without shared folders keeps its
   * path as the artifact's root. A change of the shared folder changes the artifact of every
   * cluster that uses it, and of no other.
   */
  @Test
  void anArtifactHoldsTheSharedFoldersItsPathReferences() throws Exception {
    String to = "oci://" + registry.host() + "/shared";
    Path out =
        compile(
            "shared",
            Files.readString(
                Cli.projectRoot().resolve("fleet-examples/oci.fleet.yaml"),
                StandardCharsets.UTF_8));
    Cli.Run publish =
        Cli.run("publish", out.toString(), "--to", to, "--insecure", "--tag", "fleet");
    assertThat(publish.exitCode()).as(publish.out() + publish.err()).isEqualTo(ExitCode.OK);
    Path store = unpack("docker://" + registry.host() + "/shared/store-001:fleet", "store-001");
    String crd = "shared/system-upgrade-controller/v0.20.1/crd.yaml";
    assertThat(store.resolve(crd)).hasSameBinaryContentAs(out.resolve(crd));
    assertThat(store.resolve("clusters/store-001/system-upgrade/plans/plans.yaml"))
        .hasSameBinaryContentAs(out.resolve("clusters/store-001/system-upgrade/plans/plans.yaml"));
    assertThat(store.resolve("clusters/store-002")).doesNotExist();
    assertThat(store.resolve("bootstrap")).doesNotExist();
    if (java.nio.file.Files.isExecutable(Path.of("/usr/bin/kubectl"))) {
      Process build =
          new ProcessBuilder(
                  "kubectl",
                  "kustomize",
                  store.resolve("clusters/store-001/system-upgrade/controller").toString())
              .redirectErrorStream(true)
              .start();
      String built = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(build.waitFor()).as(built).isZero();
      assertThat(built).contains("kind: CustomResourceDefinition", "kind: Deployment");
    }
    Path lab = unpack("docker://" + registry.host() + "/shared/lab:fleet", "lab");
    assertThat(lab.resolve("kustomization.yaml"))
        .hasSameBinaryContentAs(out.resolve("clusters/lab/kustomization.yaml"));
    assertThat(lab.resolve("shared")).doesNotExist();

    // The shared CRD changed (as a new vendored release would change it), the lock along with it:
    // every cluster whose path references the folder has a new artifact, the others do not.
    Path crdFile = out.resolve(crd);
    String before = sha256(Files.readAllBytes(crdFile));
    Files.writeString(crdFile, Files.readString(crdFile) + "# changed\n", StandardCharsets.UTF_8);
    String after = sha256(Files.readAllBytes(crdFile));
    Path lock = out.resolve("fleet.lock.json");
    Files.writeString(lock, Files.readString(lock).replace(before, after), StandardCharsets.UTF_8);
    Cli.Run check = Cli.run("publish", out.toString(), "--to", to, "--tag", "fleet", "--check");
    assertThat(check.exitCode()).as(check.out() + check.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(check.out())
        .contains("changes: " + registry.host() + "/shared/store-001:fleet")
        .contains("changes: " + registry.host() + "/shared/store-002:fleet")
        .contains("changes: " + registry.host() + "/shared/legacy-git:fleet")
        .contains("3 of 5 artifacts change");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
