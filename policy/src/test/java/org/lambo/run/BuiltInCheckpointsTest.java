package org.lambo.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lambo.mec.CostModel;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/** The trained checkpoints that ship in the jar are found, load, and are worth shipping. */
class BuiltInCheckpointsTest {
    @Test
    void extractsEveryListedFile() {
        assertThat(BuiltInCheckpoints.folder(BuiltInCheckpoints.AED).resolve("aed.params"))
                .exists();
        assertThat(BuiltInCheckpoints.folder(BuiltInCheckpoints.DROO).resolve("droo.json"))
                .exists();
        assertThat(BuiltInCheckpoints.folder(BuiltInCheckpoints.AED))
                .isEqualTo(BuiltInCheckpoints.folder(BuiltInCheckpoints.AED));
    }

    @Test
    void anUnknownNameIsAClearError() {
        assertThatThrownBy(() -> BuiltInCheckpoints.folder("nonesuch")).hasMessageContaining("nonesuch");
    }

    /**
     * The shipped AED beats greedy on both prompts over held-out paper slots (seed 777 was never used in training):
     * what makes it the default of the trial. Its measured gap to mip is in BENCHMARKS.md.
     */
    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void theShippedAedBeatsGreedyOnHeldOutPaperSlots(Prompt prompt) {
        OffloadingPolicy aed = Policies.create("aed", PolicySettings.ofSeed(1));
        OffloadingPolicy greedy = Policies.create("greedy", PolicySettings.ofSeed(1));
        World world = new World(ScenarioLoader.load("paper"), 777);
        double aedCost = 0;
        double greedyCost = 0;
        for (int k = 0; k < 6; k++) {
            Instance inst = world.next();
            var d = aed.decide(inst, prompt);
            assertThat(DecisionValidator.violations(inst, d)).isEmpty();
            aedCost += CostModel.evaluate(inst, d).objective(prompt);
            greedyCost += CostModel.evaluate(inst, greedy.decide(inst, prompt)).objective(prompt);
        }
        assertThat(aedCost).isLessThan(greedyCost);
    }

    @Test
    void theShippedDrooDecidesValidlyWithoutLearning() {
        OffloadingPolicy droo = Policies.create("droo", PolicySettings.ofSeed(1).with("droo.learn", "false"));
        Instance inst = new World(ScenarioLoader.load("paper"), 778).next();
        for (Prompt p : Prompt.values())
            assertThat(DecisionValidator.violations(inst, droo.decide(inst, p))).isEmpty();
    }

    @Test
    void everyBuiltInAedLoadsByNameAndAnUnknownNameListsThem() {
        for (String name : BuiltInCheckpoints.AEDS) {
            OffloadingPolicy aed = Policies.create(
                    "aed", PolicySettings.ofSeed(1).with("aed.checkpoint", BuiltInCheckpoints.PREFIX + name));
            Instance inst = new World(ScenarioLoader.load("paper"), 779).next();
            for (Prompt p : Prompt.values())
                assertThat(DecisionValidator.violations(inst, aed.decide(inst, p)))
                        .as(name)
                        .isEmpty();
        }
        assertThatThrownBy(() ->
                        Policies.create("aed", PolicySettings.ofSeed(1).with("aed.checkpoint", "builtin:lambo-xxl")))
                .hasMessageContaining("lambo-xxl")
                .hasMessageContaining("builtin:aed-paper-lambo-m");
    }
}
