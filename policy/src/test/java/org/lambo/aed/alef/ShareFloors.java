package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;

import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.ScenarioFamily;

/**
 * The set-up the share-floor tests ({@link AlefShareFloorTest}, {@link WarmStartShareFloorTest}) share:
 * family-general's held-out grid (never trained on), the greedy expert, which fills servers to the brim, and the count
 * of the expert's offloaded UEs that no longer fit their server when every offloaded UE before them reserves what a
 * demonstration's share target says (min + sigmoid(target) (left - min)), as a decoder that learnt the targets does.
 */
final class ShareFloors {
    /** The held-out cell N = 200, M = 8. */
    static final int N200 = 4;

    /** The held-out cell N = 300, M = 10. */
    static final int N300 = 5;

    private ShareFloors() {}

    /** family-general's held-out grid, checking that cell {@code cell} is named {@code name}. */
    static ScenarioFamily.TestGrid grid(int cell, String name) {
        ScenarioFamily.TestGrid grid = FamilyLoader.loadFamily("family-general").test();
        assertThat(grid.cells().get(cell).name()).isEqualTo(name);
        return grid;
    }

    /** The first slot of the held-out cell {@code cell} (named {@code name}), its {@code instance}-th world. */
    static Instance firstSlot(int cell, String name, int instance) {
        ScenarioFamily.TestGrid grid = grid(cell, name);
        return grid.cells().get(cell).source().firstSlot(grid.worldSeed(cell, instance));
    }

    /** greedy's decision of {@code inst} under {@code prompt}: the expert of these tests. */
    static Decision greedy(Instance inst, Prompt prompt) {
        return Policies.create("greedy", PolicySettings.ofSeed(1)).decide(inst, prompt);
    }

    /** The expert's offloaded UEs that do not fit when reserved as {@code demo}'s targets say (see the class). */
    static int unfitWhenReservedAsTaught(Demonstration demo) {
        Instance inst = demo.instance();
        Decision expert = demo.expert();
        SequentialState state = new SequentialState(inst);
        int unfit = 0;
        for (int t = 0; t < inst.n(); t++) {
            int x = expert.option(t);
            if (x == Decision.LOCAL || !state.feasible(t, x)) {
                if (x != Decision.LOCAL) unfit++;
                state.assign(t, Decision.LOCAL, 0);
                continue;
            }
            double frac = 1 / (1 + Math.exp(-demo.teacher().shareLogits()[t]));
            double min = state.minShare(t, x);
            state.assign(t, x, min + frac * (state.remaining(x) - min));
        }
        return unfit;
    }

    /**
     * As {@link #unfitWhenReservedAsTaught}, for {@code expert}'s decision replayed with the share floor {@code floor}.
     */
    static int unfitAtFloor(Instance inst, Prompt prompt, Decision expert, double floor) {
        return unfitWhenReservedAsTaught(
                Demonstration.replay(inst, prompt, expert, Demonstration.Reservation.MINIMUM, floor));
    }
}
