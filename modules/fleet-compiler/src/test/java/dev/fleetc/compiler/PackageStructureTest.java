package dev.fleetc.compiler;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The compiler's packages form layers without cycles: model ← diagnostics ← yaml ← schema/catalog ←
 * rules ← one package per distribution ← the compiler root, and nothing in the model or the
 * compiler reaches into the modules downstream (emit, plan, cli).
 */
class PackageStructureTest {

  private static final String ROOT = "dev.fleetc.compiler";
  private static final String[] DISTRIBUTIONS = {
    "dev.fleetc.compiler.k3s..", "dev.fleetc.compiler.k0s..", "dev.fleetc.compiler.microk8s.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.fleetc.compiler", "dev.fleetc.model");
  }

  @Test
  void noCycleBetweenPackages() {
    slices().matching("dev.fleetc.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void modelAndCompilerNeverReachDownstream() {
    noClasses()
        .that()
        .resideInAPackage("dev.fleetc.model..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.fleetc.compiler..", "dev.fleetc.emit..", "dev.fleetc.plan..")
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("dev.fleetc.cli..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("dev.fleetc.compiler..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.fleetc.emit..", "dev.fleetc.plan..", "dev.fleetc.cli..")
        .check(classes);
  }

  @Test
  void diagnosticsDependOnTheModelOnly() {
    classes()
        .that()
        .resideInAPackage("dev.fleetc.compiler.diagnostics..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.fleetc.compiler.diagnostics..", "dev.fleetc.model..", "java..")
        .check(classes);
  }

  @Test
  void readingAndSchemaKnowNoRules() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.fleetc.compiler.yaml..",
            "dev.fleetc.compiler.schema..",
            "dev.fleetc.compiler.catalog..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT, "dev.fleetc.compiler.rules..")
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(DISTRIBUTIONS)
        .check(classes);
  }

  @Test
  void sharedRulesKnowNoDistributionAndNoOrchestrator() {
    noClasses()
        .that()
        .resideInAPackage("dev.fleetc.compiler.rules..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT)
        .orShould()
        .dependOnClassesThat()
        .resideInAnyPackage(DISTRIBUTIONS)
        .check(classes);
  }

  @Test
  void eachDistributionStandsAlone() {
    for (String distribution : DISTRIBUTIONS) {
      String[] others =
          java.util.Arrays.stream(DISTRIBUTIONS)
              .filter(d -> !d.equals(distribution))
              .toArray(String[]::new);
      noClasses()
          .that()
          .resideInAPackage(distribution)
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ROOT)
          .orShould()
          .dependOnClassesThat()
          .resideInAnyPackage(others)
          .check(classes);
    }
  }
}
