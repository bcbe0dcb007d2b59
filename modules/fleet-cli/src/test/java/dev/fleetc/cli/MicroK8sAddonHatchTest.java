package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MicroK8s add-ons beyond the language's through {@code microk8s.launchConfig}, and {@code
 * microk8s.rbac: false}: what {@code fleet import} writes for a launch configuration that has them.
 */
class MicroK8sAddonHatchTest {

  @TempDir Path temp;

  private Cli.Run compile(String microk8s) throws Exception {
    Path fleet = temp.resolve("fleet.yaml");
    Files.writeString(
        fleet,
        """
        apiVersion: fleetc.dev/v1alpha1
        kind: Fleet
        metadata: {name: f}
        clusters:
          - name: lab
            distribution: microk8s
            kubernetes: "1.31"
            token: {secretRef: env:LAB_TOKEN}
            gitops: {engine: none}
            addons: {ingress: none, storage: none, backup: none}
            microk8s:
        """
            + microk8s.indent(6)
            + "    nodes:\n"
            + "      - {name: m1, address: 10.0.0.11, role: control-plane}\n"
            + "      - {name: m2, address: 10.0.0.12, role: worker}\n",
        StandardCharsets.UTF_8);
    return Cli.run("compile", fleet.toString(), "-o", temp.resolve("out").toString());
  }

  private String launchConfig(String node) throws Exception {
    return Files.readString(
        temp.resolve("out/bootstrap/lab/nodes").resolve(node).resolve("launch-config.yaml"));
  }

  @Test
  void unmodelledAddonsAndRepositoriesFollowFleetcsOwnOnTheFirstNode() throws Exception {
    Cli.Run run =
        compile(
            """
            rbac: false
            launchConfig:
              addonRepositories: [{name: lab, url: "https://github.com/example/addons"}]
              addons: [{name: cert-manager}, {name: lab/otel, args: [a]}, {name: dashboard, disable: true}]
            """);
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
    String first = launchConfig("m1");
    assertThat(first).doesNotContain("rbac");
    assertThat(first.indexOf("addonRepositories")).isLessThan(first.indexOf("addons:"));
    assertThat(first.indexOf("name: \"dns\"")).isLessThan(first.indexOf("cert-manager"));
    assertThat(first).contains("lab/otel").contains("disable: true");
    assertThat(launchConfig("m2"))
        .doesNotContain("cert-manager")
        .doesNotContain("addonRepositories");
  }

  @Test
  void anAddonTheLanguageEnablesIsRefusedInTheHatch() throws Exception {
    Cli.Run run =
        compile(
            """
            launchConfig:
              addons: [{name: rbac}, {args: [x]}]
            """);
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .contains("error[FLEET-E022]: add-on 'rbac' is enabled by fleetc from the fleet language")
        .contains("error[FLEET-E022]: an add-on of launchConfig.addons needs a name");
  }
}
