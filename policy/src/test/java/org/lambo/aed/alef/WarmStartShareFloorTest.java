package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.ScenarioFamily;

/**
 * The warm start's share targets, reserved as the decoder reserves them (min + sigmoid(target) (left - min)), must
 * leave room for the expert's whole assignment at large N, where about 30 UEs share each server. Before, the targets
 * were floored at {@link Demonstration#FRACTION_CLIP} for every replay, and a decoder that learned them ran out of
 * server capacity there and sent UEs local that the expert offloaded (general-s4 under min-energy, docs/AED.md).
 */
class WarmStartShareFloorTest {
    /** family-general's held-out cell N = 300, M = 10, its third instance (the grid's instance 27). */
    private static Instance largeCell() {
        ScenarioFamily.TestGrid grid = FamilyLoader.loadFamily("family-general").test();
        int cell = 5;
        assertThat(grid.cells().get(cell).name()).contains("300");
        return grid.cells().get(cell).source().firstSlot(grid.worldSeed(cell, 2));
    }

    /** UEs of the expert's assignment that no longer fit when every offloaded UE reserves what its target says. */
    private static int unfitWhenReservedAsTaught(Instance inst, Decision expert, double floor) {
        Demonstration demo =
                Demonstration.replay(inst, Prompt.MIN_ENERGY, expert, Demonstration.Reservation.MINIMUM, floor);
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

    @Test
    void theWarmStartsTargetsLeaveRoomForTheExpertsAssignmentAtThreeHundredUes() {
        Instance inst = largeCell();
        assertThat(inst.n()).isEqualTo(300);
        Decision expert = Policies.create("greedy", PolicySettings.ofSeed(1)).decide(inst, Prompt.MIN_ENERGY);
        int offloaded = 0;
        for (int i = 0; i < inst.n(); i++) if (expert.option(i) != Decision.LOCAL) offloaded++;
        assertThat(offloaded).isGreaterThan(250);

        int before = unfitWhenReservedAsTaught(inst, expert, Demonstration.FRACTION_CLIP);
        int now = unfitWhenReservedAsTaught(inst, expert, Demonstration.WARM_START_FRACTION_FLOOR);
        assertThat(before)
                .as("UEs the old floor's reservations leave without the expert's server")
                .isGreaterThan(10);
        assertThat(now)
                .as("UEs the warm start's reservations leave without the expert's server")
                .isZero();
    }

    @Test
    void aFloorOutsideItsRangeIsRefusedNamingIt() {
        Instance inst = largeCell();
        Decision local = new Decision(new int[inst.n()], new double[inst.n()]);
        assertThatThrownBy(() ->
                        Demonstration.replay(inst, Prompt.MIN_ENERGY, local, Demonstration.Reservation.MINIMUM, 0.5))
                .hasMessageContaining("0.5");
        assertThatThrownBy(() ->
                        Demonstration.replay(inst, Prompt.MIN_ENERGY, local, Demonstration.Reservation.MINIMUM, 0))
                .hasMessageContaining("fraction floor");
    }
}
