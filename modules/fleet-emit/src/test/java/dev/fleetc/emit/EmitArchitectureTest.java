package dev.fleetc.emit;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Emitters do not call into each other: a distribution (K3s, k0s, MicroK8s) takes the add-on model
 * from {@code emit.addons} and its shared runbook pieces from {@code emit.runbook}, never from the
 * GitOps or the datastore emitter; the GitOps emitter knows no distribution; the shared packages
 * know no emitter; and the packages of fleet-emit, the root one included, form no cycle.
 */
class EmitArchitectureTest {

  private static final String[] DISTRIBUTIONS = {
    "dev.fleetc.emit.k3s..", "dev.fleetc.emit.k0s..", "dev.fleetc.emit.microk8s.."
  };
  private static final String GITOPS = "dev.fleetc.emit.gitops..";
  private static final String DATASTORE = "dev.fleetc.emit.datastore..";
  private static final String[] EMITTERS = {
    "dev.fleetc.emit.k3s..",
    "dev.fleetc.emit.k0s..",
    "dev.fleetc.emit.microk8s..",
    GITOPS,
    DATASTORE,
    "dev.fleetc.emit.cloudinit..",
    "dev.fleetc.emit.overview.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fleetc.emit");
  }

  @Test
  void distributionsUseNeitherTheGitOpsNorTheDatastoreEmitter() {
    noClasses()
        .that()
        .resideInAnyPackage(DISTRIBUTIONS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(GITOPS, DATASTORE)
        .check(classes);
  }

  @Test
  void gitOpsKnowsNoDistribution() {
    noClasses()
        .that()
        .resideInAPackage(GITOPS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(DISTRIBUTIONS)
        .check(classes);
  }

  @Test
  void sharedPackagesKnowNoEmitter() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.fleetc.emit.addons..",
            "dev.fleetc.emit.runbook..",
            "dev.fleetc.emit.support..",
            "dev.fleetc.emit.upgrades..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(EMITTERS)
        .check(classes);
  }

  @Test
  void noCycleBetweenPackages() {
    // (**) also makes the root package a slice: it must not depend back on an emitter.
    slices().matching("dev.fleetc.(**)").should().beFreeOfCycles().check(classes);
  }
}
