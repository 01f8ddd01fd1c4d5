package org.lambo.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lambo.io.InputException;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * The module {@code model} is what a plug-in policy builds against (issue 13): the system model, the scenarios and the
 * SPI, with neither DJL nor OR-Tools nor the policy module behind it. This test runs on the module's own test class
 * path, which is its dependencies and nothing more: a heavy library that becomes a dependency (directly or through
 * another) makes its classes loadable here and fails the first case. The enforcer's {@code no-heavy-dependencies} (root
 * pom) stops the build earlier, by artifact name.
 */
class ModelStandsAloneTest {
    @ParameterizedTest
    @ValueSource(
            strings = {
                "ai.djl.ndarray.NDArray", // DJL's API
                "ai.djl.pytorch.engine.PtEngine", // its PyTorch engine
                "com.google.ortools.Loader", // OR-Tools
                "com.google.ortools.linearsolver.MPSolver",
                "org.lambo.baseline.GreedyPolicy", // the policy module
                "org.lambo.aed.online.AedProvider",
                "org.lambo.bench.Bench"
            })
    void noClassOfAHeavyLibraryOrOfThePolicyModuleIsOnTheClassPath(String className) {
        assertThatThrownBy(() -> Class.forName(className, false, getClass().getClassLoader()))
                .as(className + " is reachable from the module model")
                .isInstanceOf(ClassNotFoundException.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "org.lambo.mec.CostModel",
                "org.lambo.io.InputException", // common
                "com.fasterxml.jackson.dataformat.yaml.YAMLFactory",
                "org.apache.commons.math3.random.Well19937c"
            })
    void whatTheModelIsMadeOfLoads(String className) throws ClassNotFoundException {
        // the other half of the check above: the same loader finds the classes the model does use
        assertThat(Class.forName(className, false, getClass().getClassLoader())).isNotNull();
    }

    @Test
    void theScenarioProfilesShipWithTheModelAndMakeValidInstances() throws Exception {
        URL paper = ScenarioLoader.class.getResource("/configs/paper.yaml");
        assertThat(paper).as("configs/paper.yaml on the class path").isNotNull();
        Path classes = Path.of(ScenarioLoader.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(Path.of(paper.toURI()).startsWith(classes))
                .as(paper + " is in the model's own output " + classes)
                .isTrue();

        for (String profile : ScenarioLoader.builtInProfiles()) {
            Instance inst = new World(ScenarioLoader.load(profile), 5).next();
            assertThat(DecisionValidator.violations(inst, Decision.allLocal(inst.n())))
                    .as(profile)
                    .isEmpty();
        }
    }

    @Test
    void withoutThePolicyModuleTheRegistryKnowsNoPolicyAndSaysHowToAddOne() {
        assertThat(Policies.names()).isEmpty();
        String none = "no policies on the class path (add a plug-in with --plugins DIR|JAR or the environment variable "
                + "LAMBO_PLUGINS, or put lambo-policy on the class path)";
        assertThatThrownBy(() -> Policies.create("greedy", PolicySettings.ofSeed(1)))
                .isInstanceOf(InputException.class)
                .hasMessage("--policy: unknown policy 'greedy': " + none);
        assertThatThrownBy(() -> Policies.requireKnown("--compare", "mip"))
                .isInstanceOf(InputException.class)
                .hasMessage("--compare: unknown policy 'mip': " + none);
        assertThatThrownBy(() -> Policies.checkOptions(List.of("greedy.regions")))
                .isInstanceOf(InputException.class)
                .hasMessage("--option: field 'greedy.regions' names no known policy: " + none);
        assertThat(Policies.unknown("greedy", List.of("local", "mip")))
                .as("with policies known, they are listed")
                .isEqualTo("unknown policy 'greedy' (known: local, mip)");
    }
}
