package org.lambo.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.lambo.baseline.GreedyPolicy;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;

/**
 * The seams the code keeps (issue 13): a policy's capabilities are reached through the SPI's small interfaces
 * ({@code policy.capability(ReportsBound.class)}), never by naming a concrete policy class outside that policy's own
 * package; and the AED's layers. The rules run on the production classes of every module (this module's test class path
 * holds them all). Package cycles are {@link PackageCyclesTest}'s, read from the sources: a bytecode reader does not
 * see a dependency that is only a constant, which javac inlines.
 */
class ArchitectureTest {
    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.lambo");
    }

    /** A class that implements the policy SPI and can be made: not an interface, not abstract. */
    static final DescribedPredicate<JavaClass> CONCRETE_POLICY = new DescribedPredicate<>("a concrete policy class") {
        @Override
        public boolean test(JavaClass c) {
            return c.isAssignableTo(OffloadingPolicy.class)
                    && !c.isInterface()
                    && !c.getModifiers().contains(JavaModifier.ABSTRACT);
        }
    };

    /** Whether {@code pkg} is {@code owner} or one of its sub-packages. */
    static boolean within(String pkg, String owner) {
        return pkg.equals(owner) || pkg.startsWith(owner + ".");
    }

    /**
     * The one exception: the baselines ({@code org.lambo.baseline}: greedy, nearest) are the heuristics other policies'
     * own code builds on (the seeds and the repair of {@code de}, DROO's and ARE's yardstick), so the other policy
     * packages may make them.
     */
    static boolean buildsOnABaseline(String originPackage, String targetPackage) {
        return targetPackage.equals("org.lambo.baseline")
                && (within(originPackage, "org.lambo.expert")
                        || within(originPackage, "org.lambo.droo")
                        || within(originPackage, "org.lambo.are"));
    }

    /** Concrete policy classes are named only inside their own package (and its sub-packages). */
    static final ArchRule NO_CONCRETE_POLICY_OUTSIDE_ITS_PACKAGE = classes()
            .should(
                    new ArchCondition<JavaClass>(
                            "refer to a concrete policy class only inside that policy's own package") {
                        @Override
                        public void check(JavaClass origin, ConditionEvents events) {
                            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
                                JavaClass target = d.getTargetClass().getBaseComponentType();
                                if (CONCRETE_POLICY.test(target)
                                        && !within(origin.getPackageName(), target.getPackageName())
                                        && !buildsOnABaseline(origin.getPackageName(), target.getPackageName())) {
                                    events.add(
                                            SimpleConditionEvent.violated(
                                                    d,
                                                    d.getDescription()
                                                            + ": ask for a capability of the policy SPI (policy.capability(...)) instead"));
                                }
                            }
                        }
                    })
            .because(
                    "a policy's capabilities are small interfaces of org.lambo.policy, so a plug-in can have them too (issue 13)");

    @Test
    void noClassOutsideAPolicysPackageRefersToTheConcretePolicyClass() {
        NO_CONCRETE_POLICY_OUTSIDE_ITS_PACKAGE.check(production);
    }

    /** A class of another package that names a concrete policy, as SlotDecider once did with AedPolicy. */
    static final class ReachesIntoGreedy {
        boolean isGreedy(OffloadingPolicy p) {
            return p instanceof GreedyPolicy;
        }

        Object decide(GreedyPolicy g, Instance i) {
            return g.decide(i, Prompt.MIN_LATENCY);
        }
    }

    @Test
    void theRuleCatchesAnInstanceofOfAConcretePolicyElsewhere() {
        JavaClasses offender = new ClassFileImporter()
                .importClasses(ReachesIntoGreedy.class, GreedyPolicy.class, OffloadingPolicy.class);
        assertThatThrownBy(() -> NO_CONCRETE_POLICY_OUTSIDE_ITS_PACKAGE.check(offender))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("ReachesIntoGreedy")
                .hasMessageContaining("GreedyPolicy");
    }

    /**
     * The AED's layers: the policy ({@code aed}) builds on the network ({@code aed.model}) and the plain-Java decoder
     * ({@code aed.infer}); training ({@code aed.train}) and learning from experts ({@code aed.alef}) build on the
     * policy, never the other way round.
     */
    @Test
    void theAedPolicyDependsOnNeitherTrainingNorAlef() {
        noClasses()
                .that()
                .resideInAPackage("org.lambo.aed")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.lambo.aed.alef..", "org.lambo.aed.train..", "org.lambo.aed.online..")
                .check(production);
        noClasses()
                .that()
                .resideInAnyPackage("org.lambo.aed.infer..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.lambo.aed.model..")
                .check(production);
    }

    @Test
    void theImportSawEveryModule() {
        assertThat(production.containPackage("org.lambo.policy")).isTrue();
        assertThat(production.containPackage("org.lambo.agents.orchestrator")).isTrue();
        assertThat(production.containPackage("org.lambo.cli")).isTrue();
        assertThat(production.stream().filter(CONCRETE_POLICY).count())
                .as("concrete policies found")
                .isGreaterThanOrEqualTo(8);
    }
}
