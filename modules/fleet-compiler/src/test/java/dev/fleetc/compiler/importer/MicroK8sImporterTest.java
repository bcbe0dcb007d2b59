package dev.fleetc.compiler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.catalog.ReleaseCatalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MicroK8sImporterTest {

  private static FleetImporter.Result run(String launchConfig) {
    return new FleetImporter(ReleaseCatalog.builtIn())
        .run(
            new FleetImporter.Request(
                "f",
                List.of(),
                "k3s",
                null,
                List.of(),
                "lab",
                "1.31/stable",
                List.of(
                    new FleetImporter.NodeSource(
                        "m1",
                        "10.0.0.11",
                        false,
                        new FleetImporter.Source("m1.yaml", launchConfig)))));
  }

  private static Map<String, Object> cluster(FleetImporter.Result result) {
    return Imports.map(Imports.list(result.fleet().orElseThrow().get("clusters")).get(0));
  }

  @Test
  void ipv6RangesInExtraCniEnvMakeADualStackNetwork() {
    // MicroK8s's own dual-stack test (tests/test-cluster.py): generate-cni.sh joins the families
    // for kube-proxy and the API server when IPv6_SUPPORT is true.
    FleetImporter.Result result =
        run(
            """
            version: 0.1.0
            addons:
              - name: dns
            extraCNIEnv:
              IPv4_SUPPORT: true
              IPv4_CLUSTER_CIDR: 10.3.0.0/16
              IPv4_SERVICE_CIDR: 10.153.183.0/24
              IPv6_SUPPORT: true
              IPv6_CLUSTER_CIDR: fd02::/64
              IPv6_SERVICE_CIDR: fd99::/108
            """);
    assertThat(result.report().hasErrors()).isFalse();
    Map<String, Object> cluster = cluster(result);
    assertThat(Imports.map(cluster.get("network")))
        .containsEntry("podCIDR", List.of("10.3.0.0/16", "fd02::/64"))
        .containsEntry("serviceCIDR", List.of("10.153.183.0/24", "fd99::/108"));
    // Nothing of the CNI environment is left for the escape hatch: the network says it all.
    assertThat(Imports.map(cluster.get("microk8s"))).doesNotContainKey("launchConfig");

    // IPv6 ranges that IPv6_SUPPORT switches off stay single-stack (and in the escape hatch).
    result =
        run(
            """
            version: 0.1.0
            addons:
              - name: dns
                args: [/etc/resolv.conf, 100.65.0.10]
              - name: rbac
            extraCNIEnv:
              IPv4_SUPPORT: true
              IPv4_CLUSTER_CIDR: 100.64.0.0/16
              IPv4_SERVICE_CIDR: 100.65.0.0/24
              IPv6_SUPPORT: false
              IPv6_CLUSTER_CIDR: fd02::/64
              IPv6_SERVICE_CIDR: fd99::/108
            """);
    cluster = cluster(result);
    assertThat(Imports.map(cluster.get("network")))
        .containsEntry("podCIDR", "100.64.0.0/16")
        .containsEntry("serviceCIDR", "100.65.0.0/24");
    assertThat(result.report().entries().toString()).doesNotContain("any free address");
  }

  @Test
  void aDnsAddOnWithoutItsAddressInAServiceRangeOfOnesOwnIsReported() {
    // core-addons addons/dns/enable: no address argument and a custom range: CoreDNS takes any
    // free address of the range, and kubelet's --cluster-dns follows it; fleetc pins the tenth.
    FleetImporter.Result result =
        run(
            """
            version: 0.1.0
            addons:
              - name: dns
              - name: rbac
            extraCNIEnv:
              IPv4_SUPPORT: true
              IPv4_CLUSTER_CIDR: 100.64.0.0/16
              IPv4_SERVICE_CIDR: 100.65.0.0/24
            extraKubeletArgs:
              --cluster-domain: cluster.local
              --cluster-dns: 100.65.0.10
            """);
    assertThat(result.report().hasErrors()).isFalse();
    assertThat(result.report().entries())
        .anySatisfy(
            e -> {
              assertThat(e.code()).isEqualTo("FLEET-W034");
              assertThat(e.message())
                  .contains("dns add-on is given no address")
                  .contains("100.65.0.10");
            });
  }

  @Test
  void aLaunchConfigurationWithoutTheDnsAddOnImportsWithoutIt() {
    // The snap applies its default launch configuration (dns) only when none is given.
    FleetImporter.Result result =
        run(
            """
            version: 0.1.0
            addons:
              - name: rbac
            """);
    assertThat(Imports.map(cluster(result).get("microk8s"))).containsEntry("dns", false);
    assertThat(result.report().entries().toString()).doesNotContain("always enables the dns");
  }
}
