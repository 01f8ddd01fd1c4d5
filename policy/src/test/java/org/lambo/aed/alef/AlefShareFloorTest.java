package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.aed.AedPolicy;
import org.lambo.aed.online.FineTunableAed;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import org.lambo.run.BuiltInCheckpoints;
import org.lambo.run.ProgressListener;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioFamily;

/**
 * ALEF's labels (offline, {@link AlefLoop}, and online, {@link FineTunableAed}'s learner) teach the share head the same
 * floor as the warm start ({@link Demonstration#WARM_START_FRACTION_FLOOR}). At the old 0.01 every offloaded UE of a
 * 200-UE slot (25 per server) reserves 1 % of its server's free share above its minimum: the reservations leave part of
 * each server unused while 10 to 30 of the expert's offloaded UEs no longer fit, and a fine-tune would teach the
 * default (general) model, whose warm start learnt 1e-4, that slack back (docs/AED.md, "Why min-energy fails at large
 * N"). The expert is greedy, which fills servers to the brim, on the held-out grid's N = 200, M = 8 worlds.
 */
class AlefShareFloorTest {
    /** The same expert decision replayed with the old floor: what ALEF taught before. */
    private static int unfitAtTheOldFloor(Demonstration demo) {
        return ShareFloors.unfitAtFloor(demo.instance(), demo.prompt(), demo.expert(), Demonstration.FRACTION_CLIP);
    }

    @Test
    void alefsLabelsAtTwoHundredUesLeaveRoomForTheExpertsAssignment() {
        ScenarioFamily.TestGrid grid = ShareFloors.grid(ShareFloors.N200, "n200-m8");
        Scenario scenario =
                grid.cells().get(ShareFloors.N200).source().scenarioFor(grid.worldSeed(ShareFloors.N200, 1));
        assertThat(scenario.ues()).isEqualTo(200);
        AlefOptions opts = AlefOptions.builder()
                .expert("greedy")
                .reference("greedy")
                .prompts(List.of(Prompt.MIN_ENERGY))
                .pool(2)
                .heldOut(1)
                .labels(2)
                .rounds(1)
                .epochs(1)
                .batch(2)
                .seed(1)
                .build();
        try (AedModel model = AedModel.load(BuiltInCheckpoints.folder(BuiltInCheckpoints.GENERAL_LAMBO_S))) {
            List<Demonstration> demos = new AlefLoop(model, scenario, opts)
                    .run(ProgressListener.NONE, null)
                    .demonstrations();
            assertThat(demos).hasSize(2);
            for (Demonstration d : demos) {
                // measured: 25 and 28 of the expert's 170 offloaded UEs at the old floor; 0 and 1 at the new one (a
                // server the expert filled to the brim: 1e-4 of 25 reservations is still a little)
                assertThat(unfitAtTheOldFloor(d))
                        .as("expert UEs the old floor's reservations leave without their server")
                        .isGreaterThanOrEqualTo(10);
                assertThat(ShareFloors.unfitWhenReservedAsTaught(d)).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void onlineAlefsLabelsAtTwoHundredUesLeaveRoomForTheExpertsAssignment() {
        Instance slot = ShareFloors.firstSlot(ShareFloors.N200, "n200-m8", 0);
        Decision expert = ShareFloors.greedy(slot, Prompt.MIN_ENERGY);
        try (FineTunableAed aed = new FineTunableAed(AedPolicy.fromSettings(PolicySettings.ofSeed(1)
                .with("aed.checkpoint", BuiltInCheckpoints.PREFIX + BuiltInCheckpoints.GENERAL_LAMBO_S)
                .with("aed.warmup", "0")))) {
            Demonstration demo = aed.onlineLearner(1e-4, 1).example(slot, Prompt.MIN_ENERGY, expert);
            // measured: 15 of the expert's 200 offloaded UEs at the old floor, none at the new one
            assertThat(unfitAtTheOldFloor(demo)).isGreaterThanOrEqualTo(10);
            assertThat(ShareFloors.unfitWhenReservedAsTaught(demo)).isZero();
        }
    }
}
