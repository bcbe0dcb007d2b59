/**
 * cloud-init user-data for machines that bootstrap themselves (edge sites, stores): per K3s and
 * MicroK8s node, {@code bootstrap/<cluster>/nodes/<node>/user-data.yaml}.
 *
 * <p>Contract: pure; built from the node's artifacts that the distribution emitter already rendered
 * (never rendered twice), as objects serialized by the project's YAML writer behind the {@code
 * #cloud-config} header; the files it carries are byte-identical to the node's {@code
 * config.yaml}/{@code launch-config.yaml} and {@code install.sh}; it holds no secret value.
 */
package dev.fleetc.emit.cloudinit;
