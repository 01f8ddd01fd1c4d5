package org.lambo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Library code (every module's production classes but the command line's) reports progress through
 * {@link org.lambo.run.ProgressListener} and draws nothing: only {@code org.lambo.cli} draws a bar on the console
 * ({@code ConsoleProgress}, and the commands' own bars).
 */
class ProgressDrawnByTheCommandLineTest {
    @Test
    void noClassOutsideTheCommandLineDrawsAProgressBar() {
        JavaClasses production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.lambo");
        noClasses()
                .that()
                .resideOutsideOfPackage("org.lambo.cli..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("me.tongfei.progressbar..")
                .because("library code reports progress to a ProgressListener; the command line draws it")
                .check(production);
    }
}
