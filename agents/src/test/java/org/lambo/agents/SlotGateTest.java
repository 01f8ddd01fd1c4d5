package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotGateTest {
    @Test
    void theFirstSlotMayBeAnyThenOnlyTheNextForAnAgentInEverySlot() {
        SlotGate gate = new SlotGate(SlotGate.Order.EVERY_SLOT);
        assertThat(gate.start(-1)).get().asString().contains("slot must be >= 0");
        assertThat(gate.started()).isFalse();
        assertThat(gate.start(7))
                .as("a resumed trial starts at its last complete slot + 1")
                .isEmpty();
        assertThat(gate.open()).isEqualTo(7);
        assertThat(gate.start(500))
                .get()
                .asString()
                .isEqualTo("slot 500 is not the next slot: slot 7 is open, the next is 8");
        assertThat(gate.start(7)).get().asString().isEqualTo("slot 7 has already started (slot 7 is open)");
        assertThat(gate.start(3)).get().asString().contains("has already started");
        assertThat(gate.open()).as("no refused start moves the gate").isEqualTo(7);
        assertThat(gate.start(8)).isEmpty();
        assertThat(gate.open()).isEqualTo(8);
    }

    @Test
    void aUeTakesAnyLaterSlotSinceItSitsOutThoseItIsNotActiveIn() {
        SlotGate gate = new SlotGate(SlotGate.Order.INCREASING);
        assertThat(gate.start(0)).isEmpty();
        assertThat(gate.start(5)).isEmpty();
        assertThat(gate.start(5)).get().asString().contains("has already started");
        assertThat(gate.start(4)).isPresent();
        assertThat(gate.open()).isEqualTo(5);
    }

    @Test
    void messagesAreTakenForTheOpenSlotAndTheNextOnly() {
        SlotGate gate = new SlotGate(SlotGate.Order.EVERY_SLOT);
        assertThat(gate.current(12))
                .as("before the first slot-start the first slot is not known")
                .isEmpty();
        assertThat(gate.current(-3)).isPresent();
        gate.start(4);
        assertThat(gate.current(4)).isEmpty();
        assertThat(gate.current(5))
                .as("its slot-start and a peer's message can cross")
                .isEmpty();
        assertThat(gate.current(6)).get().asString().isEqualTo("slot 6 has not started (slot 4 is open)");
        assertThat(gate.current(3)).get().asString().isEqualTo("slot 3 is over (slot 4 is open)");
        assertThat(gate.current(Integer.MAX_VALUE)).isPresent();
    }
}
