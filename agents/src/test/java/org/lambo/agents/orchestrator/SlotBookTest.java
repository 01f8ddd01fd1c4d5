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
            book.add(new org.lambo.ontology.OffloadingRequest(0, Vocabulary.ueState(world, i, "ue-" + i), Vocabulary.task(world, i, 0)), "h" + i);
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
        var r = new org.lambo.ontology.OffloadingRequest(0, Vocabulary.ueState(world, 1, "ue-1"), Vocabulary.task(world, 1, 0));
        assertThat(book.add(r, "first")).isTrue();
        assertThat(book.add(r, "second")).isFalse();
        assertThat(book.requests()).singleElement().extracting(SlotBook.Pending::handle).isEqualTo("first");
    }

    @Test
    void participantsThatAreGoneAreNotWaitedFor() {
        SlotBook<String> book = new SlotBook<>(0);
        book.expect(world.n(), world.m());
        for (int i = 1; i < world.n(); i++) {
            book.add(new org.lambo.ontology.OffloadingRequest(0, Vocabulary.ueState(world, i, "ue-" + i), Vocabulary.task(world, i, 0)), "h" + i);
        }
        book.add(Vocabulary.serverState(world, 1, "server-1", 0));
        assertThat(book.readyWithout(java.util.Set.of(), java.util.Set.of())).isFalse();
        assertThat(book.readyWithout(java.util.Set.of(0), java.util.Set.of())).as("server 2 is still awaited").isFalse();
        assertThat(book.readyWithout(java.util.Set.of(), java.util.Set.of(2))).as("ue-0 is still awaited").isFalse();
        assertThat(book.readyWithout(java.util.Set.of(0), java.util.Set.of(2))).isTrue();
        assertThat(book.ready()).isFalse();
    }
}
