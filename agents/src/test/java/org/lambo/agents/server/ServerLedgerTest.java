package org.lambo.agents.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ShareGrant;
import org.lambo.ontology.TaskDescription;
import org.lambo.ontology.TaskSubmission;
import org.lambo.ontology.UeState;

class ServerLedgerTest {
    private final ServerLedger ledger = new ServerLedger(2);

    private static TaskSubmission submit(int slot, String ue, String task, double share) {
        UeState s = new UeState(ue, 0, 1, 1, 1e9, 1, 1, List.of(1e-3, 1e-3));
        return new TaskSubmission(slot, s, new TaskDescription(task, 1e8, 1e10, 12), 2, share);
    }

    private static ServerAllocation allocation(int slot, ShareGrant... grants) {
        return new ServerAllocation(slot, "server-2", 2, List.of(grants));
    }

    @Test
    void runsATaskOnlyUnderTheShareItWasGranted() {
        ledger.open(5, 3e10, true);
        assertThat(ledger.reserve(
                        allocation(5, new ShareGrant("ue-0", "t5-ue0", 0.4), new ShareGrant("ue-1", "t5-ue1", 0.6))))
                .isEmpty();
        assertThat(ledger.load(5)).isEqualTo(1.0);
        assertThat(ledger.tasks(5)).isEqualTo(2);
        assertThat(ledger.admit(submit(5, "ue-0", "t5-ue0", 0.4), "ue-0")).isEmpty();
        assertThat(ledger.admit(submit(5, "ue-1", "t5-ue1", 0.7), "ue-1"))
                .get()
                .asString()
                .contains("asks for share 0.7 but was granted 0.6");
        assertThat(ledger.admit(submit(5, "ue-1", "t5-ue9", 0.1), "ue-1"))
                .get()
                .asString()
                .contains("no share for task t5-ue9");
        assertThat(ledger.admit(submit(5, "ue-2", "t5-ue1", 0.6), "ue-2"))
                .get()
                .asString()
                .contains("was granted to ue-1, not ue-2");
    }

    @Test
    void runsATaskOnlyWhenTheUeItWasGrantedToSubmitsIt() {
        ledger.open(5, 3e10, true);
        ledger.reserve(allocation(5, new ShareGrant("ue-0", "t5-ue0", 0.4)));
        assertThat(ledger.admit(submit(5, "ue-0", "t5-ue0", 0.4), "intruder"))
                .get()
                .asString()
                .isEqualTo("task t5-ue0 of ue-0 is submitted only by its agent ue-0, not intruder");
        assertThat(ledger.admit(submit(5, "ue-1", "t5-ue0", 0.4), "ue-1"))
                .get()
                .asString()
                .contains("was granted to ue-0, not ue-1");
        assertThat(ledger.admit(submit(5, "ue-0", "t5-ue0", 0.4), "ue-0"))
                .as("the refusal took nothing from the UE")
                .isEmpty();
    }

    @Test
    void runsATaskOnce() {
        ledger.open(0, 3e10, true);
        ledger.reserve(allocation(0, new ShareGrant("ue-0", "t0-ue0", 0.5)));
        assertThat(ledger.admit(submit(0, "ue-0", "t0-ue0", 0.5), "ue-0")).isEmpty();
        assertThat(ledger.admit(submit(0, "ue-0", "t0-ue0", 0.5), "ue-0"))
                .get()
                .asString()
                .contains("already run");
    }

    @Test
    void theSameSubmissionAgainFromItsUeGetsTheSameResultAndIsNotRunTwice() {
        ledger.open(0, 3e10, true);
        ledger.reserve(allocation(0, new ShareGrant("ue-0", "t0-ue0", 0.5), new ShareGrant("ue-1", "t0-ue1", 0.5)));
        TaskSubmission first = submit(0, "ue-0", "t0-ue0", 0.5);
        assertThat(ledger.again(first, "ue-0")).as("not taken yet").isEmpty();
        assertThat(ledger.admit(first, "ue-0")).isEmpty();
        assertThat(ledger.again(first, "ue-0"))
                .as("running: nothing to answer again yet")
                .isEmpty();
        org.lambo.ontology.TaskResult result =
                new org.lambo.ontology.TaskResult(0, "t0-ue0", "ue-0", 2, 0.5, 0.1, 0.2, 0.3);
        ledger.ended(first, result, null);
        assertThat(ledger.again(submit(0, "ue-0", "t0-ue0", 0.5), "ue-0"))
                .get()
                .extracting(ServerLedger.Ran::result)
                .isEqualTo(result);
        assertThat(ledger.again(first, "ue-1")).as("only its own UE gets it").isEmpty();
        assertThat(ledger.again(submit(0, "ue-0", "t0-ue0", 0.4), "ue-0"))
                .as("another submission is not a repeat")
                .isEmpty();
        assertThat(ledger.admit(first, "ue-0"))
                .as("never run twice")
                .get()
                .asString()
                .contains("already run");

        TaskSubmission failing = submit(0, "ue-1", "t0-ue1", 0.5);
        ledger.admit(failing, "ue-1");
        ledger.ended(failing, null, "server-2 could not run t0-ue1: device offline");
        assertThat(ledger.again(failing, "ue-1"))
                .get()
                .extracting(ServerLedger.Ran::failure)
                .isEqualTo("server-2 could not run t0-ue1: device offline");
    }

    @Test
    void refusesWorkInASlotItHasNoAllocationFor() {
        assertThat(ledger.admit(submit(3, "ue-0", "t3-ue0", 0.5), "ue-0"))
                .get()
                .asString()
                .contains("slot 3 is not open");
        ledger.open(3, 3e10, true);
        assertThat(ledger.admit(submit(3, "ue-0", "t3-ue0", 0.5), "ue-0"))
                .get()
                .asString()
                .contains("no share for task t3-ue0");
    }

    @Test
    void aDownServerRefusesSharesButAcceptsAnEmptyAllocation() {
        ledger.open(1, 3e10, false);
        assertThat(ledger.reserve(allocation(1, new ShareGrant("ue-0", "t1-ue0", 0.5))))
                .get()
                .asString()
                .contains("is down");
        assertThat(ledger.reserve(allocation(1))).isEmpty();
        assertThat(ledger.admit(submit(1, "ue-0", "t1-ue0", 0.5), "ue-0"))
                .get()
                .asString()
                .contains("is down");
    }

    @Test
    void reservesASlotOnceAndOnlyForItself() {
        ledger.open(1, 3e10, true);
        assertThat(ledger.reserve(new ServerAllocation(1, "server-3", 3, List.of())))
                .get()
                .asString()
                .contains("this is server 2");
        assertThat(ledger.reserve(allocation(1))).isEmpty();
        assertThat(ledger.reserve(allocation(1))).get().asString().contains("already allocated");
    }

    @Test
    void forgetsOldSlots() {
        for (int t = 0; t < ServerLedger.KEEP + 2; t++) ledger.open(t, 1e10, true);
        assertThat(ledger.isUp(0)).isFalse();
        assertThat(ledger.isUp(ServerLedger.KEEP + 1)).isTrue();
    }

    @Test
    void aLaterAllocationInTheSameSlotOnlyAddsNewTasksWithinWhatIsLeft() {
        ledger.open(1, 3e10, true);
        assertThat(ledger.reserve(allocation(1, new ShareGrant("ue-0", "t1-ue0", 0.6))))
                .isEmpty();
        // a request decided late: a share of what is left, for a task not granted yet
        assertThat(ledger.reserve(allocation(1, new ShareGrant("ue-1", "t1-ue1", 0.4))))
                .isEmpty();
        assertThat(ledger.load(1)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(ledger.tasks(1)).isEqualTo(2);
        assertThat(ledger.admit(submit(1, "ue-1", "t1-ue1", 0.4), "ue-1")).isEmpty();
        // more than is left, a task granted again, or an empty allocation again: refused, nothing changes
        assertThat(ledger.reserve(allocation(1, new ShareGrant("ue-2", "t1-ue2", 0.01))))
                .get()
                .asString()
                .contains("> 1");
        assertThat(ledger.reserve(allocation(1, new ShareGrant("ue-0", "t1-ue0", 1e-6))))
                .get()
                .asString()
                .contains("> 1");
        assertThat(ledger.reserve(allocation(1))).get().asString().contains("already allocated");
        assertThat(ledger.tasks(1)).isEqualTo(2);
    }

    @Test
    void aTaskIsNeverGrantedTwiceInASlot() {
        ledger.open(1, 3e10, true);
        assertThat(ledger.reserve(allocation(1, new ShareGrant("ue-0", "t1-ue0", 0.3))))
                .isEmpty();
        assertThat(ledger.reserve(allocation(1, new ShareGrant("ue-0", "t1-ue0", 0.3))))
                .get()
                .asString()
                .contains("task t1-ue0 is granted twice");
        assertThat(ledger.load(1)).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
    }
}
