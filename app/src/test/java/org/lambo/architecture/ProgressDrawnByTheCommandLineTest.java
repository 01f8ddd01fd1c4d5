package org.lambo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Library code (every module's production classes but the command line's) reports progress through
 * {@link org.lambo.run.ProgressListener} and draws nothing; in the command line, every command hands its progress to
 * {@code org.lambo.cli.ConsoleProgress}, the one class that draws a bar on the console.
 */
class ProgressDrawnByTheCommandLineTest {
    private static final String DRAWS = "org.lambo.cli.ConsoleProgress";

    private static final JavaClasses PRODUCTION = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.lambo");

    @Test
    void noClassButConsoleProgressDrawsAProgressBar() {
        noClasses()
                .that()
                .doNotHaveFullyQualifiedName(DRAWS)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("me.tongfei.progressbar..")
                .because("library code reports progress to a ProgressListener and the commands hand theirs to "
                        + "ConsoleProgress, which draws it")
                .check(PRODUCTION);
    }

    @Test
    void theOneClassThatDrawsIsTheCommandLines() {
        // the rule above names a class: a rename would leave it true of nothing
        assertThat(PRODUCTION.contain(DRAWS)).as(DRAWS + " exists").isTrue();
        assertThat(PRODUCTION.get(DRAWS).getDirectDependenciesFromSelf())
                .as(DRAWS + " uses the bar library")
                .anyMatch(d -> d.getTargetClass().getPackageName().startsWith("me.tongfei.progressbar"));
    }
}
