/**
 * What validation rules share: typed reads of a cluster's merged settings ({@link
 * dev.fleetc.compiler.rules.Settings}), address, CIDR and DNS-name parsing ({@link
 * dev.fleetc.compiler.rules.Addresses}), and the contract every distribution implements ({@link
 * dev.fleetc.compiler.rules.DistributionRules}) with the bound parts it checks ({@link
 * dev.fleetc.compiler.rules.ClusterParts}).
 *
 * <p>Contract: depends on the model, the YAML tree, the schema, the catalog and diagnostics, never
 * on the compiler's root package or on a distribution package, so that each distribution package
 * depends on this one and nothing depends on a distribution package except the compiler root that
 * registers it.
 */
package dev.fleetc.compiler.rules;
