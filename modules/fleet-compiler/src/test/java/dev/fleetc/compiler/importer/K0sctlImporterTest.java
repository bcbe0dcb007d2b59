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
  void aK0sVersionWithoutItsLeadingVIsTheSameBuild() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: single
                  ssh: {address: 10.0.0.5}
              k0s:
                version: 1.29.4+k0s.0
            """);
    Map<String, Object> cluster =
        Imports.map(Imports.list(result.fleet().orElseThrow().get("clusters")).get(0));
    assertThat(cluster)
        .containsEntry("kubernetes", "1.29")
        .containsEntry("version", "v1.29.4+k0s.0");
    assertThat(result.report().entries().toString()).doesNotContain("names no release");
  }

  @Test
  void aNullClusterConfigKeyMeansWhatItsAbsenceMeans() {
    // k0s config create (1.21 to 1.24) writes calico: null; k0s gives a calico provider its
    // default Calico settings for it (k0s Network.UnmarshalJSON).
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: single
                  ssh: {address: 10.0.0.5}
              k0s:
                version: v1.31.2+k0s.0
                config:
                  spec:
                    network:
                      provider: calico
                      calico: null
                      kuberouter: {autoMTU: null, mtu: 1400}
            """);
    assertThat(result.report().hasErrors()).isFalse();
    Map<String, Object> cluster = firstCluster(result);
    assertThat(Imports.map(cluster.get("network"))).containsEntry("provider", "calico");
    Map<String, Object> network =
        Imports.map(
            Imports.map(Imports.map(Imports.map(cluster.get("k0s")).get("config"))).get("network"));
    assertThat(network).doesNotContainKey("calico");
    assertThat(Imports.map(network.get("kuberouter"))).isEqualTo(Map.of("mtu", 1400L));
  }

  @Test
  void nodesInsideTheDefaultServiceRangeAreAcknowledgedNotRefused() {
    // k0s's default service range is 10.96.0.0/12 (10.96.0.0 to 10.111.255.255).
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller+worker
                  ssh: {address: 10.100.64.171}
                - role: worker
                  ssh: {address: 10.120.0.5}
              k0s: {version: v1.31.2+k0s.0}
            """);
    assertThat(firstCluster(result).get("acknowledge")).isEqualTo(List.of("node-in-service-range"));
    assertThat(result.report().entries())
        .anySatisfy(
            e -> {
              assertThat(e.code()).isEqualTo("FLEET-W039");
              assertThat(e.message()).contains("10.100.64.171 in 10.96.0.0/12");
              assertThat(e.message()).doesNotContain("10.120.0.5");
            });
  }

  @Test
  void anOpenSshHostKeepsTheSystemClientItsOptionsAndConfigPath() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: single
                  openSSH:
                    address: 10.0.0.5
                    user: admin
                    configPath: ~/.ssh/lab_config
                    disableMultiplexing: true
                    options: {StrictHostkeyChecking: false, ProxyJump: "ops@jump:2222"}
              k0s: {version: v1.31.2+k0s.0}
            """);
    assertThat(result.report().hasErrors()).isFalse();
    assertThat(firstCluster(result).get("ssh"))
        .isEqualTo(
            Map.of(
                "client", "openssh",
                "user", "admin",
                "configPath", "~/.ssh/lab_config",
                "disableMultiplexing", true,
                "options", Map.of("StrictHostkeyChecking", false, "ProxyJump", "ops@jump:2222")));
    assertThat(result.report().entries().toString()).doesNotContain("openSSH");
  }

  @Test
  void anOpenSshHostWithoutAnAddressIsRefusedAtItsEntry() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: single
                  openSSH: {user: admin}
              k0s: {version: v1.31.2+k0s.0}
            """);
    assertThat(result.report().entries())
        .anySatisfy(
            e -> {
              assertThat(e.error()).isTrue();
              assertThat(e.file()).isEqualTo("k0sctl.yaml:5:7");
              assertThat(e.message()).contains("through openSSH without an address");
            });
  }

  private static Map<String, Object> firstCluster(FleetImporter.Result result) {
    return Imports.map(Imports.list(result.fleet().orElseThrow().get("clusters")).get(0));
  }

  @Test
  void installFlagsAreReadAsShellWords() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller+worker
                  ssh: {address: 10.0.0.5}
                  installFlags:
                    - --debug
                    - --labels="topology.kubernetes.io/region=ch,topology.kubernetes.io/zone=ch-1"
                - role: worker
                  ssh: {address: 10.0.0.6}
                  installFlags: ["--labels 'disk=ssd'", "--taints=dedicated=db:NoSchedule"]
              k0s: {version: v1.31.2+k0s.0}
            """);
    assertThat(result.report().hasErrors()).isFalse();
    List<Object> nodes = Imports.list(firstCluster(result).get("nodes"));
    assertThat(Imports.map(nodes.get(0)).get("labels"))
        .isEqualTo(
            Map.of("topology.kubernetes.io/region", "ch", "topology.kubernetes.io/zone", "ch-1"));
    assertThat(Imports.map(nodes.get(1)).get("labels")).isEqualTo(Map.of("disk", "ssd"));
    assertThat(Imports.map(nodes.get(1)).get("taints"))
        .isEqualTo(List.of("dedicated=db:NoSchedule"));
  }

  @Test
  void controllerPlusWorkerKeepsItsTaintUnlessNoTaintsOrTheFlagSaysOtherwise() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - {role: controller+worker, ssh: {address: 10.0.0.5}}
                - {role: controller+worker, ssh: {address: 10.0.0.6}, noTaints: true}
                - {role: controller+worker, ssh: {address: 10.0.0.7}, installFlags: [--no-taints]}
                - {role: controller, ssh: {address: 10.0.0.8}, installFlags: [--enable-worker, --no-taints=true]}
                - {role: controller, ssh: {address: 10.0.0.9}, installFlags: [--enable-worker=true, --debug]}
              k0s: {version: v1.31.2+k0s.0}
            """);
    assertThat(result.report().hasErrors()).isFalse();
    List<Object> nodes = Imports.list(firstCluster(result).get("nodes"));
    // k0s's own default: controller+worker keeps the control-plane taint.
    assertThat(Imports.map(nodes.get(0)))
        .containsEntry("worker", true)
        .doesNotContainKeys("schedulable", "k0s");
    assertThat(Imports.map(nodes.get(1)))
        .containsEntry("schedulable", true)
        .doesNotContainKey("k0s");
    assertThat(Imports.map(nodes.get(2)))
        .containsEntry("schedulable", true)
        .doesNotContainKey("k0s");
    // k0sctl (v0.12.0+) reads role controller with --enable-worker as controller+worker.
    assertThat(Imports.map(nodes.get(3)))
        .containsEntry("schedulable", true)
        .doesNotContainKey("k0s");
    assertThat(Imports.map(nodes.get(4)))
        .containsEntry("worker", true)
        .doesNotContainKey("schedulable")
        .containsEntry("k0s", Map.of("host", Map.of("installFlags", List.of("--debug"))));
  }

  @Test
  void anExternalEtcdIsCarriedInTheEscapeHatchAndItsClientsAreNoMembers() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - {role: controller, ssh: {address: 10.0.0.5}}
                - {role: controller, ssh: {address: 10.0.0.6}}
              k0s:
                version: v1.31.2+k0s.0
                config:
                  spec:
                    api: {externalAddress: 10.0.0.10}
                    storage:
                      type: etcd
                      etcd: {externalCluster: {endpoints: ["https://etcd:2379"], etcdPrefix: k0s}}
            """);
    assertThat(result.report().hasErrors()).isFalse();
    Map<String, Object> cluster = firstCluster(result);
    assertThat(cluster)
        .containsEntry("datastore", Map.of("type", "etcd"))
        .doesNotContainKey("acknowledge");
    assertThat(Imports.map(Imports.map(cluster.get("k0s")).get("config")).get("storage"))
        .isEqualTo(
            Map.of(
                "etcd",
                Map.of(
                    "externalCluster",
                    Map.of("endpoints", List.of("https://etcd:2379"), "etcdPrefix", "k0s"))));
  }

  @Test
  void severalControllersWithoutAnAddressAreAcknowledgedNotRefused() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - {role: controller, ssh: {address: 10.0.0.5}}
                - {role: controller, ssh: {address: 10.0.0.6}}
                - {role: worker, ssh: {address: 10.0.0.7}}
              k0s: {version: v1.31.2+k0s.0}
            """);
    assertThat(result.report().hasErrors()).isFalse();
    assertThat(firstCluster(result))
        .containsEntry("acknowledge", List.of("even-control-plane", "no-api-endpoint"));
    assertThat(result.report().entries()).filteredOn(e -> e.code().equals("FLEET-W039")).hasSize(2);
  }

  @Test
  void k0sctlOptionsAtTheirDefaultsNeedNothingOthersAreReported() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - {role: single, ssh: {address: 10.0.0.5}}
              k0s: {version: v1.31.2+k0s.0}
              options:
                wait: {enabled: true}
                drain: {enabled: true, gracePeriod: 90s, timeout: 10m0s}
                concurrency: {limit: 30}
            """);
    assertThat(result.report().entries())
        .filteredOn(e -> e.message().contains("spec.options"))
        .extracting(ImportReport.Entry::message)
        .singleElement()
        .asString()
        .contains("spec.options.drain.gracePeriod '90s' is not imported");
  }

  @Test
  void k0sctlDrainAndWorkerBatchBecomeTheClustersUpgradeSettings() {
    // fleetc writes upgrades.workers back into spec.options: an import keeps what k0sctl did.
    Map<String, Object> withoutOptions =
        firstCluster(
            run(
                """
                apiVersion: k0sctl.k0sproject.io/v1beta1
                kind: Cluster
                spec:
                  hosts:
                    - {role: single, ssh: {address: 10.0.0.5}}
                  k0s: {version: v1.31.2+k0s.0}
                """));
    // k0sctl's defaults (5 minutes, force) are not the fleet's (10 minutes, no force).
    assertThat(withoutOptions)
        .containsEntry(
            "upgrades", Map.of("workers", Map.of("drain", Map.of("timeout", "5m", "force", true))));
    FleetImporter.Result set =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - {role: single, ssh: {address: 10.0.0.5}}
              k0s: {version: v1.31.2+k0s.0}
              options:
                drain: {enabled: false, timeout: 1h0m0s, force: false, deleteEmptyDirData: false}
                concurrency: {limit: 4, workerDisruptionPercent: 100}
            """);
    assertThat(firstCluster(set))
        .containsEntry(
            "upgrades",
            Map.of(
                "workers",
                Map.of(
                    "concurrency",
                    4,
                    "drain",
                    Map.of("enabled", false, "timeout", "1h", "deleteEmptyDirData", false))));
    assertThat(set.report().entries().toString()).doesNotContain("spec.options");
    // Below 100 % k0sctl upgrades one worker at a time, whatever the percentage: the fleet's 1.
    assertThat(
            firstCluster(
                run(
                    """
                    apiVersion: k0sctl.k0sproject.io/v1beta1
                    kind: Cluster
                    spec:
                      hosts:
                        - {role: single, ssh: {address: 10.0.0.5}}
                      k0s: {version: v1.31.2+k0s.0}
                      options:
                        drain: {timeout: 10m, force: false}
                        concurrency: {workerDisruptionPercent: 50}
                    """)))
        .doesNotContainKey("upgrades");
  }

  @Test
  void anOpenSshHostWithWhatSshHasStaysOnTheSystemClient() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - role: controller+worker
                  openSSH: {address: 192.168.0.5, user: root}
                  noTaints: true
              k0s: {version: v1.31.2+k0s.0}
            """);
    assertThat(result.report().hasErrors()).isFalse();
    Map<String, Object> cluster = firstCluster(result);
    // No port: the system client's ssh_config decides it, as it did.
    assertThat(cluster.get("ssh")).isEqualTo(Map.of("client", "openssh", "user", "root"));
    assertThat(Imports.map(Imports.list(cluster.get("nodes")).get(0)))
        .containsEntry("address", "192.168.0.5");
  }

  @Test
  void keysK0sDerivesOrNoLongerHasAreReportedWithTheirOwnCodes() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - {role: single, ssh: {address: 10.0.0.5}}
              k0s:
                version: v1.31.2+k0s.0
                config:
                  spec:
                    api: {address: 100.79.160.31, port: 6443}
                    podSecurityPolicy: {defaultPolicy: 00-k0s-privileged}
                    storage: {etcd: {peerAddress: 10.0.0.2}}
                    network: {provider: custom}
            """);
    assertThat(result.report().hasErrors()).isFalse();
    String report = result.report().entries().toString();
    assertThat(report)
        .contains("[FLEET-W031]: ClusterConfig spec.api.address '100.79.160.31'")
        .contains("[FLEET-W031]: ClusterConfig spec.storage.etcd.peerAddress '10.0.0.2'")
        .contains("[FLEET-W030]: ClusterConfig spec.podSecurityPolicy");
    Map<String, Object> cluster = firstCluster(result);
    assertThat(cluster.get("network")).isEqualTo(Map.of("provider", "custom"));
    assertThat(cluster.toString()).doesNotContain("podSecurityPolicy").doesNotContain("100.79");
  }

  @Test
  void aSqliteDataSourceAtItsOwnPathStaysThere() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            spec:
              hosts:
                - {role: single, ssh: {address: 10.0.0.5}}
              k0s:
                version: v1.31.2+k0s.0
                config:
                  spec:
                    storage:
                      type: kine
                      kine: {dataSource: "sqlite:///var/lib/k0s/state.db?mode=rwc&_journal=WAL"}
            """);
    assertThat(result.report().hasErrors()).isFalse();
    Map<String, Object> cluster = firstCluster(result);
    assertThat(cluster.get("datastore")).isEqualTo(Map.of("type", "sqlite"));
    assertThat(cluster.get("k0s"))
        .isEqualTo(
            Map.of(
                "config",
                Map.of(
                    "storage",
                    Map.of(
                        "kine",
                        Map.of(
                            "dataSource",
                            "sqlite:///var/lib/k0s/state.db?mode=rwc&_journal=WAL")))));
  }

  @Test
  void eachKindOfLossHasItsOwnCode() {
    FleetImporter.Result result =
        run(
            """
            apiVersion: k0sctl.k0sproject.io/v1beta1
            kind: Cluster
            metadata: {name: Lab_One}
            spec:
              hosts:
                - role: single
                  ssh: {address: 10.0.0.5}
                  files: [{src: a, dstDir: /tmp, perm: 0600}]
            """);
    String report = result.report().entries().toString();
    assertThat(report)
        .contains("warning[FLEET-W032]")
        .contains("warning[FLEET-W033]: no spec.k0s.version")
        .contains("warning[FLEET-W034]: cluster name 'Lab_One'")
        .contains("warning[FLEET-W034]: k0s telemetry");
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
