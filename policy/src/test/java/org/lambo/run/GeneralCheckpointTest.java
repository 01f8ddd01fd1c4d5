package org.lambo.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.ScenarioFamily;

/**
 * The general {@code lambo-s} ({@code builtin:aed-general-lambo-s}, trained over {@code family-general-wide}) decides
 * the held-out grid's cells as the grid bench measured it (docs/AED.md, "general-s5 on the held-out grid"): a valid
 * decision the cost model takes everywhere, and well ahead of {@code greedy} in the cells where the grid puts it there
 * by points, not hundredths. The same cells with an untrained model ({@code aed.checkpoint=none}) are not, so the
 * margin is the training's.
 */
class GeneralCheckpointTest {
    private static final String GENERAL = BuiltInCheckpoints.PREFIX + BuiltInCheckpoints.GENERAL_LAMBO_S;
    private static final ScenarioFamily.TestGrid GRID =
            FamilyLoader.loadFamily("family-general").test();
    private static final Map<String, OffloadingPolicy> POLICIES = new ConcurrentHashMap<>();

    private static OffloadingPolicy aed(String checkpoint) {
        return POLICIES.computeIfAbsent(
                checkpoint,
                c -> Policies.create(
                        "aed",
                        PolicySettings.ofSeed(1)
                                .with("aed.checkpoint", c)
                                .with("aed.model", "lambo-s")
                                .with("aed.warmup", "0")
                                .with("aed.localSearch", "0"))); // the checkpoint's own decisions, no search
    }

    private static OffloadingPolicy greedy() {
        return POLICIES.computeIfAbsent("greedy", g -> Policies.create("greedy", PolicySettings.ofSeed(1)));
    }

    /** The first {@code count} instances of the grid's cell {@code name} (each the first slot of its own world). */
    private static List<Instance> cell(String name, int count) {
        for (int c = 0; c < GRID.cells().size(); c++) {
            if (GRID.cells().get(c).name().equals(name)) {
                List<Instance> out = new ArrayList<>();
                for (int k = 0; k < count; k++)
                    out.add(GRID.cells().get(c).source().firstSlot(GRID.worldSeed(c, k)));
                return out;
            }
        }
        throw new AssertionError("family-general's grid has no cell " + name);
    }

    /** The objective of a decision that must be valid: the validator finds nothing and the cost model a finite cost. */
    private static double validObjective(Instance inst, Decision d, Prompt prompt, String who) {
        assertThat(DecisionValidator.violations(inst, d))
                .as(who + " on " + inst.id())
                .isEmpty();
        double objective = CostModel.evaluate(inst, d).objective(prompt);
        assertThat(objective).as(who + " on " + inst.id()).isFinite().isPositive();
        return objective;
    }

    /** How the AED did against {@code greedy} on a cell: mean of (aed - greedy) / greedy in %, instances ahead. */
    record AgainstGreedy(double meanGapPercent, int ahead, int instances) {
        boolean wellAhead() {
            return meanGapPercent <= -MARGIN_PERCENT && ahead == instances;
        }
    }

    /**
     * What "well ahead" asks: on the grid (mean gap to mip over 5 instances) general-s5 is 0.37 % against greedy's 4.22
     * % at N 100 under min-latency and 1.07 % against 5.88 % at N 200 under min-energy; measured here against greedy
     * -3.7 % and -4.1 %, ahead on every instance (by 1.2 to 4.9 % and 0.3 to 15.4 %). Untrained: +4.8 % and +869 %.
     */
    static final double MARGIN_PERCENT = 2.0;

    private static AgainstGreedy againstGreedy(String checkpoint, List<Instance> slots, Prompt prompt) {
        double sum = 0;
        int ahead = 0;
        for (Instance inst : slots) {
            double a = validObjective(inst, aed(checkpoint).decide(inst, prompt), prompt, checkpoint);
            double g = validObjective(inst, greedy().decide(inst, prompt), prompt, "greedy");
            sum += 100 * (a - g) / g;
            if (a < g) ahead++;
        }
        return new AgainstGreedy(sum / slots.size(), ahead, slots.size());
    }

    @Test
    void theGeneralModelDecidesHeldOutCellsOfOtherSizesValidly() {
        for (String name : List.of("n20-m3", "n100-m6")) {
            for (Instance inst : cell(name, 3)) {
                assertThat(inst.n()).isEqualTo(name.equals("n20-m3") ? 20 : 100);
                for (Prompt p : List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY))
                    validObjective(inst, aed(GENERAL).decide(inst, p), p, GENERAL);
            }
        }
    }

    @Test
    void theGeneralModelIsWellAheadOfGreedyAtOneHundredUesUnderMinLatency() {
        List<Instance> slots = cell("n100-m6", 5);
        assertThat(againstGreedy(GENERAL, slots, Prompt.MIN_LATENCY))
                .matches(AgainstGreedy::wellAhead, "at least " + MARGIN_PERCENT + " % ahead, on every instance");
        assertThat(againstGreedy("none", slots, Prompt.MIN_LATENCY))
                .as("an untrained model on the same slots")
                .matches(r -> !r.wellAhead());
    }

    /** The cell that general-s4 lost to greedy by 6.6 points (docs/AED.md) and the warm start's share floor fixed. */
    @Test
    void theGeneralModelIsWellAheadOfGreedyAtTwoHundredUesUnderMinEnergy() {
        List<Instance> slots = cell("n200-m8", 5);
        assertThat(againstGreedy(GENERAL, slots, Prompt.MIN_ENERGY))
                .matches(AgainstGreedy::wellAhead, "at least " + MARGIN_PERCENT + " % ahead, on every instance");
        assertThat(againstGreedy("none", slots, Prompt.MIN_ENERGY))
                .as("an untrained model on the same slots")
                .matches(r -> !r.wellAhead());
    }

    /**
     * Its training family ships (so that checkpoints/README.md's command runs from a clone) and holds out the grid the
     * figures were measured on.
     */
    @Test
    void itsTrainingFamilyShipsAndHoldsOutTheSameGrid() {
        ScenarioFamily wide = FamilyLoader.loadFamily("family-general-wide");
        assertThat(wide.ues().max()).isEqualTo(300);
        assertThat(wide.servers().max()).isEqualTo(10);
        // the same slots; only the drawn cells' names (in the instance ids) carry the family's name
        assertThat(wide.test().slots().stream()
                        .map(i ->
                                org.lambo.mec.InstanceJson.toLine(i).replace("family-general-wide-", "family-general-"))
                        .toList())
                .isEqualTo(GRID.slots().stream()
                        .map(org.lambo.mec.InstanceJson::toLine)
                        .toList());
    }
}
