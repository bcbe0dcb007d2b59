package dev.fleetc.compiler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class K0sctlImporterTest {

  private static FleetImporter.Result run(String k0sctl) {
    return new FleetImporter(ReleaseCatalog.builtIn())
        .run(
            new FleetImporter.Request(
                "f",
                List.of(new FleetImporter.Source("k0sctl.yaml", k0sctl)),
                "k3s",
                null,
                List.of(),
                "microk8s",
                null,
                List.of()));
  }

  @Test
  void anInlineKineDataSourceBecomesAReference() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            metadata: {name: Edge.One}
            spec:
              hosts:
                - role: single
                  ssh: {address: 10.0.0.5, user: ops, keyPath: /keys/id}
                  hostname: edge-1
                  installFlags: ["--labels=zone=a,tier=edge", --debug]
                  environment: {PRICE: "costs $$5"}
              k0s:
                version: v1.31.2+k0s.0
                config:
                  spec:
                    storage:
                      type: kine
                      kine: {dataSource: "postgres://k0s:hunter2@db:5432/k0s"}
                    telemetry: {enabled: false}
                    extensions:
                      helm:
                        repositories:
                          - {name: private, url: "https://charts.example.net", username: u, password: s3cr3t}
            """);
    assertThat(result.report().hasErrors()).isFalse();
    String text = result.fleet().orElseThrow().toString();
    assertThat(text)
        .doesNotContain("hunter2")
        .doesNotContain("s3cr3t")
        .contains("username=u")
        .contains("secretRef=env:EDGE_ONE_DATASOURCE");
    assertThat(text)
        .contains("name=edge-one")
        .contains("kubernetes=1.31")
        .contains("version=v1.31.2+k0s.0")
        .contains("labels={tier=edge, zone=a}")
        .contains("installFlags=[--debug]")
        .contains("PRICE=costs $5");
    assertThat(result.report().entries())
        .extracting(ImportReport.Entry::toString)
        .anyMatch(e -> e.contains("warning[FLEET-W012]") && e.contains("set EDGE_ONE_DATASOURCE"))
        .anyMatch(e -> e.contains("'Edge.One' is not a DNS-1123 label"))
        .anyMatch(e -> e.contains("extensions.helm.repositories[0].password is a secret"))
        .noneMatch(e -> e.contains("telemetry"));
    @SuppressWarnings("unchecked")
    Map<String, Object> cluster =
        (Map<String, Object>) ((List<?>) result.fleet().get().get("clusters")).get(0);
    assertThat(cluster.get("datastore"))
        .isEqualTo(
            Map.of("type", "postgres", "endpoint", Map.of("secretRef", "env:EDGE_ONE_DATASOURCE")));
  }

  @Test
  void aHostWithoutSshIsAnError() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: single
                  localhost: {enabled: true}
            """);
    assertThat(result.fleet()).isEmpty();
    assertThat(result.report().entries())
        .extracting(ImportReport.Entry::toString)
        .anyMatch(e -> e.contains("error[FLEET-E055]") && e.contains("through [localhost]"));
  }

  @Test
  void aHostFieldWrittenEmptyIsUnsetNotACrash() {
    // Found by ImportFuzzTest#k0sctl: the import stopped with a NullPointerException.
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            metadata: {name: edge}
            spec:
              hosts:
                - role: controller+worker
                  hostname: edge-1
                  ssh: {address: 10.0.0.5, user: ops, keyPath: /keys/id}
                  environment:
                  os:
                - role: worker
                  hostname: edge-2
                  ssh: {address: 10.0.0.6, user: ops, keyPath: /keys/id}
                  os:
              k0s:
                version: v1.31.2+k0s.0
            """);
    assertThat(result.report().hasErrors()).isFalse();
    assertThat(result.fleet()).isPresent();
    assertThat(result.fleet().get().toString()).doesNotContain("os=").doesNotContain("environment");
  }
}
