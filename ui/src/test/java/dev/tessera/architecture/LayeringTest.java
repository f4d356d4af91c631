package dev.tessera.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rules the module build cannot see (docs/architecture.md): generation ← ensemble ← compression
 * ← app ← ui inside the one class path, app never imports ui, and JavaFX only in the ui layer.
 */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tessera");
    }

    @Test
    void layersOnlyDependDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("generation").definedBy("dev.tessera.generation..")
                .layer("ensemble").definedBy("dev.tessera.ensemble..")
                .layer("compression").definedBy("dev.tessera.compression..")
                .layer("app").definedBy("dev.tessera.app..")
                .layer("ui").definedBy("dev.tessera.ui..")
                .whereLayer("ui").mayNotBeAccessedByAnyLayer()
                .whereLayer("app").mayOnlyBeAccessedByLayers("ui")
                .whereLayer("compression").mayOnlyBeAccessedByLayers("app", "ui")
                .whereLayer("ensemble").mayOnlyBeAccessedByLayers("compression", "app", "ui")
                .check(classes);
    }

    @Test
    void javafxOnlyInTheUiPackage() {
        noClasses().that().resideOutsideOfPackage("dev.tessera.ui..")
                .should().dependOnClassesThat().resideInAnyPackage("javafx..")
                .because("the GUI and the CLI are thin faces over the same JavaFX-free services")
                .check(classes);
    }

    @Test
    void productionClassesWereImported() {
        // Guards against a silently empty import, which would make the rules above vacuous.
        org.junit.jupiter.api.Assertions.assertTrue(classes.containPackage("dev.tessera.generation.engine"));
        org.junit.jupiter.api.Assertions.assertTrue(classes.containPackage("dev.tessera.ui"));
    }
}
