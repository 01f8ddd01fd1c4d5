package org.lambo.device.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.lambo.device.runtime.CommandMemory.Verdict;
import org.lambo.ontology.DeviceMessages.DeviceResult;

/** The device's memory of commands: each command id is run once, whatever backlog lies between it and its repeat. */
class CommandMemoryTest {
    private static DeviceResult ok(String id) {
        return new DeviceResult(id, "t-" + id, true, 1e-6, 1e-6, 1e-6, 10, "");
    }

    @Test
    void noRepeatIsEverNewHoweverManyCommandsCameBetweenAndMemoryStaysBounded() {
        CommandMemory memory = new CommandMemory(4096);
        SplittableRandom random = new SplittableRandom(15);
        int total = 100_000, perSlot = 250;
        for (int i = 0; i < total; i++) {
            assertThat(memory.admit("c-" + i, i / perSlot).verdict()).isEqualTo(Verdict.NEW);
            memory.answered(ok("c-" + i));
            // a resend of any earlier command, from one just before to one 100,000 commands back
            int j = random.nextInt(i + 1);
            CommandMemory.Admission again = memory.admit("c-" + j, j / perSlot);
            assertThat(again.verdict()).as("repeat of c-%d after c-%d", j, i).isNotEqualTo(Verdict.NEW);
            if (again.verdict() == Verdict.ANSWERED) assertThat(again.answer()).isEqualTo(ok("c-" + j));
            assertThat(memory.answers()).isLessThanOrEqualTo(4096);
        }
        for (int j = 0; j < total; j++)
            assertThat(memory.admit("c-" + j, j / perSlot).verdict()).isIn(Verdict.ANSWERED, Verdict.TOO_LATE);
        // whole slots: every command of a slot after the newest forgotten one is remembered, every one before refused
        int f = memory.forgottenSlot();
        assertThat(memory.admit("c-" + ((f + 1) * perSlot), f + 1).verdict()).isEqualTo(Verdict.ANSWERED);
        assertThat(memory.admit("c-" + (f * perSlot + perSlot - 1), f).verdict())
                .isEqualTo(Verdict.TOO_LATE);
        assertThat(memory.accepted()).isZero();
    }

    @Test
    void aRepeatOfARunningCommandWaitsForItsResultEvenIfItsSlotIsForgottenMeanwhile() {
        CommandMemory memory = new CommandMemory(4);
        assertThat(memory.admit("slow", 0).verdict()).isEqualTo(Verdict.NEW);
        assertThat(memory.admit("slow", 0).verdict()).isEqualTo(Verdict.RUNNING);
        for (int i = 0; i < 10; i++) {
            memory.admit("c-" + i, i < 2 ? 0 : 1 + i / 4);
            memory.answered(ok("c-" + i));
        }
        assertThat(memory.forgottenSlot()).isGreaterThanOrEqualTo(0);
        assertThat(memory.admit("slow", 0).verdict()).isEqualTo(Verdict.RUNNING);
        memory.answered(ok("slow"));
        // its slot is forgotten: a later repeat is refused, not run (its result went out before, on the same topic)
        assertThat(memory.admit("slow", 0).verdict()).isEqualTo(Verdict.TOO_LATE);
    }

    @Test
    void oneSlotIsKeptWholeBeyondTheCapacityUpToSixteenTimesIt() {
        CommandMemory memory = new CommandMemory(4);
        for (int i = 0; i < 64; i++) {
            assertThat(memory.admit("c-" + i, 7).verdict()).isEqualTo(Verdict.NEW);
            memory.answered(ok("c-" + i));
        }
        assertThat(memory.answers()).isEqualTo(64);
        assertThat(memory.forgottenSlot()).isEqualTo(-1);
        assertThat(memory.admit("c-0", 7).verdict()).isEqualTo(Verdict.ANSWERED);
        // the 65th answer of the one slot: the slot is forgotten whole, and its later commands are refused
        memory.admit("c-64", 7);
        memory.answered(ok("c-64"));
        assertThat(memory.answers()).isZero();
        assertThat(memory.forgottenSlot()).isEqualTo(7);
        assertThat(memory.admit("c-0", 7).verdict()).isEqualTo(Verdict.TOO_LATE);
        assertThat(memory.admit("c-65", 7).verdict()).isEqualTo(Verdict.TOO_LATE);
        assertThat(memory.admit("c-66", 8).verdict()).isEqualTo(Verdict.NEW);
    }

    @Test
    void aCapacityBelowOneIsRefusedNamingIt() {
        assertThatThrownBy(() -> new CommandMemory(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("capacity must be >= 1, got 0");
    }
}
