package jade.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapTimerDispatcherTest {
    private final HeapTimerDispatcher timers = new HeapTimerDispatcher();
    private final List<Timer> fired = Collections.synchronizedList(new ArrayList<>());
    private final TimerListener listener = fired::add;

    @Test
    void timersDueInTheSameMillisecondAllFireAtTheirOwnTimeNotShiftedApart() {
        // due well after the adding ends even on a loaded machine (200 ms was not: some fired before pending() was
        // read)
        long at = System.currentTimeMillis() + 3_000;
        List<Timer> added = new ArrayList<>();
        for (int k = 0; k < 2_000; k++) added.add(timers.add(new Timer(at, listener)));
        assertThat(added).allMatch(t -> t.expirationTime() == at); // JADE's own moves each one a millisecond later
        assertThat(timers.pending()).isEqualTo(2_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> fired.size() == 2_000);
        assertThat(fired).containsExactlyInAnyOrderElementsOf(added);
        assertThat(timers.pending()).isZero();
    }

    @Test
    void aRemovedTimerNeverFiresAndTheOthersFireInDueOrder() {
        long now = System.currentTimeMillis();
        // removed long before it is due, even on a loaded machine
        Timer late = timers.add(new Timer(now + 2_500, listener));
        Timer removed = timers.add(new Timer(now + 1_500, listener));
        Timer early = timers.add(new Timer(now + 2_000, listener));
        Timer sameAsEarly = timers.add(new Timer(now + 2_000, listener));
        timers.remove(removed);
        await().atMost(Duration.ofSeconds(30)).until(() -> fired.size() == 3);
        assertThat(fired).doesNotContain(removed);
        assertThat(fired.get(2)).isSameAs(late);
        assertThat(fired.subList(0, 2)).containsExactly(early, sameAsEarly);
    }

    @Test
    void aTimerAddedAfterTheDispatcherWasStoppedStillFires() {
        timers.add(new Timer(System.currentTimeMillis() + 50, listener));
        await().atMost(Duration.ofSeconds(30)).until(() -> fired.size() == 1);
        timers.wakeUp(); // what JADE's stop() calls when its last container ends
        timers.add(new Timer(System.currentTimeMillis() + 50, listener));
        await().atMost(Duration.ofSeconds(30)).until(() -> fired.size() == 2);
    }
}
