package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.Instance;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class SlotBookTest {
    private final Instance world = new World(ScenarioLoader.load("tiny"), 5).next();

    @Test
    void isReadyOnceEveryExpectedRequestAndStateHasCome() {
        SlotBook<String> book = new SlotBook<>(0);
        for (int i = 0; i < world.n(); i++) {
            assertThat(book.ready()).isFalse();
            book.add(
                    new org.lambo.ontology.OffloadingRequest(
                            0, Vocabulary.ueState(world, i, "ue-" + i), Vocabulary.task(world, i, 0)),
                    "h" + i);
        }
        assertThat(book.ready()).as("the clock has not said what to expect").isFalse();
        book.expect(world.n(), world.m());
        assertThat(book.ready()).isFalse();
        for (int j = 1; j <= world.m(); j++) book.add(Vocabulary.serverState(world, j, "server-" + j, 0));
        assertThat(book.ready()).isTrue();
        assertThat(book.requests()).extracting(p -> p.request().ue().index()).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void aUeAsksOncePerSlot() {
        SlotBook<String> book = new SlotBook<>(0);
        var r = new org.lambo.ontology.OffloadingRequest(
                0, Vocabulary.ueState(world, 1, "ue-1"), Vocabulary.task(world, 1, 0));
        assertThat(book.add(r, "first")).isTrue();
        assertThat(book.add(r, "second")).isFalse();
        assertThat(book.requests())
                .singleElement()
                .extracting(SlotBook.Pending::handle)
                .isEqualTo("first");
    }

    @Test
    void participantsThatAreGoneAreNotWaitedFor() {
        SlotBook<String> book = new SlotBook<>(0);
        book.expect(world.n(), world.m());
        for (int i = 1; i < world.n(); i++) {
            book.add(
                    new org.lambo.ontology.OffloadingRequest(
                            0, Vocabulary.ueState(world, i, "ue-" + i), Vocabulary.task(world, i, 0)),
                    "h" + i);
        }
        book.add(Vocabulary.serverState(world, 1, "server-1", 0));
        assertThat(book.readyWithout(java.util.Set.of(), java.util.Set.of())).isFalse();
        assertThat(book.readyWithout(java.util.Set.of(0), java.util.Set.of()))
                .as("server 2 is still awaited")
                .isFalse();
        assertThat(book.readyWithout(java.util.Set.of(), java.util.Set.of(2)))
                .as("ue-0 is still awaited")
                .isFalse();
        assertThat(book.readyWithout(java.util.Set.of(0), java.util.Set.of(2))).isTrue();
        assertThat(book.ready()).isFalse();
    }

    @Test
    void aRepeatedRequestIsAnsweredWithTheSameDecisionThroughItsLatestHandleAndNeverDecidedAgain() {
        SlotBook<String> book = new SlotBook<>(0);
        book.expect(world.n(), world.m());
        var r = new org.lambo.ontology.OffloadingRequest(
                0, Vocabulary.ueState(world, 1, "ue-1"), Vocabulary.task(world, 1, 0));
        assertThat(book.asked(1)).isFalse();
        assertThat(book.add(r, "first")).isTrue();
        assertThat(book.asked(1)).isTrue();
        assertThat(book.askAgain(r, "second"))
                .as("not yet answered: the answer will go to the second")
                .isEqualTo(SlotBook.Again.WAITING);
        assertThat(book.handle(1)).isEqualTo("second");
        assertThat(book.requests())
                .as("a repeat is no second request")
                .singleElement()
                .extracting(SlotBook.Pending::handle)
                .isEqualTo("first");
        assertThat(book.arrivalsMs())
                .as("a repeat does not keep the collection window open")
                .hasSize(1);

        var decided =
                new org.lambo.ontology.OffloadingDecision(0, "ue-1", r.task().taskId(), 0, "", 0, 1.0, 1.0, "");
        book.answered(1, SlotBook.Answer.of(decided));
        var other = new org.lambo.ontology.OffloadingDecision(
                0, "ue-1", r.task().taskId(), 1, "server-1", 0.5, 2.0, 2.0, "");
        book.answered(1, SlotBook.Answer.of(other));
        assertThat(book.answer(1).decision())
                .as("the first answer stays: one decision per UE and slot")
                .isEqualTo(decided);

        assertThat(book.askAgain(r, "third")).isEqualTo(SlotBook.Again.ANSWERED);
        assertThat(book.handle(1)).isEqualTo("third");
        assertThat(book.answer(1).decision()).isEqualTo(decided);
        assertThat(book.repeats()).isEqualTo(2);
        assertThat(book.handle(2)).as("a UE that has not asked has no handle").isNull();
    }

    @Test
    void aSecondRequestThatDiffersFromTheFirstIsNotTakenAsARepeat() {
        SlotBook<String> book = new SlotBook<>(0);
        var r = new org.lambo.ontology.OffloadingRequest(
                0, Vocabulary.ueState(world, 1, "ue-1"), Vocabulary.task(world, 1, 0));
        var other = new org.lambo.ontology.OffloadingRequest(
                0, Vocabulary.ueState(world, 1, "ue-1"), Vocabulary.task(world, 2, 0));
        book.add(r, "first");
        assertThat(book.askAgain(other, "forged")).isEqualTo(SlotBook.Again.DIFFERENT);
        assertThat(book.handle(1)).as("nothing changes").isEqualTo("first");
        assertThat(book.repeats()).isZero();
        book.answered(1, SlotBook.Answer.failed("slot 0 could not be decided: no servers"));
        assertThat(book.askAgain(r, "again")).isEqualTo(SlotBook.Again.ANSWERED);
        assertThat(book.answer(1).failure())
                .as("a failure is answered again as it was")
                .isEqualTo("slot 0 could not be decided: no servers");
    }

    @Test
    void anAnswerIsADecisionOrAFailure() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SlotBook.Answer(null, null))
                .isInstanceOf(IllegalArgumentException.class);
        SlotBook<String> book = new SlotBook<>(0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> book.answered(3, SlotBook.Answer.failed("x")))
                .hasMessageContaining("UE 3 has not asked in slot 0");
    }

    @Test
    void aRequestDecidedLateIsInTheBookAndCountedSoItsRepeatGetsTheSameAnswer() {
        SlotBook<String> book = new SlotBook<>(0);
        book.expect(world.n(), world.m());
        book.markDecided();
        assertThat(book.late()).isZero();
        var r = new org.lambo.ontology.OffloadingRequest(
                0, Vocabulary.ueState(world, 2, "ue-2"), Vocabulary.task(world, 2, 0));
        assertThat(book.add(r, "late")).isTrue();
        book.decidedLate();
        assertThat(book.late()).isEqualTo(1);
        assertThat(book.asked(2)).isTrue();
        assertThat(book.askAgain(r, "again")).isEqualTo(SlotBook.Again.WAITING);
        book.answered(2, SlotBook.Answer.failed("x"));
        assertThat(book.askAgain(r, "again2")).isEqualTo(SlotBook.Again.ANSWERED);
        assertThat(book.handle(2)).isEqualTo("again2");
    }
}
