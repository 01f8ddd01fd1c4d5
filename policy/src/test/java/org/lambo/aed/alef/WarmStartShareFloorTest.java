package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * The warm start's share targets, reserved as the decoder reserves them (min + sigmoid(target) (left - min)), must
 * leave room for the expert's whole assignment at large N, where about 30 UEs share each server. Before, the targets
 * were floored at {@link Demonstration#FRACTION_CLIP} for every replay, and a decoder that learned them ran out of
 * server capacity there and sent UEs local that the expert offloaded (general-s4 under min-energy, docs/AED.md).
 */
class WarmStartShareFloorTest {
    /** family-general's held-out cell N = 300, M = 10, its third instance (the grid's instance 27). */
    private static Instance largeCell() {
        return ShareFloors.firstSlot(ShareFloors.N300, "n300-m10", 2);
    }

    @Test
    void theWarmStartsTargetsLeaveRoomForTheExpertsAssignmentAtThreeHundredUes() {
        Instance inst = largeCell();
        assertThat(inst.n()).isEqualTo(300);
        Decision expert = ShareFloors.greedy(inst, Prompt.MIN_ENERGY);
        int offloaded = 0;
        for (int i = 0; i < inst.n(); i++) if (expert.option(i) != Decision.LOCAL) offloaded++;
        assertThat(offloaded).isGreaterThan(250);

        int before = ShareFloors.unfitAtFloor(inst, Prompt.MIN_ENERGY, expert, Demonstration.FRACTION_CLIP);
        int now = ShareFloors.unfitAtFloor(inst, Prompt.MIN_ENERGY, expert, Demonstration.WARM_START_FRACTION_FLOOR);
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
