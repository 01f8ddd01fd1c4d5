package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MissingUeLookupsTest {
    private static final long T0 = 1_000_000;

    private static Map<String, String> batch(List<String> names) {
        Map<String, String> m = new HashMap<>();
        for (String n : names) m.put("where-" + n, n);
        return m;
    }

    @Test
    void nothingIsAskedWhileBirthsKeepComingUntilTheCheckIntervalThenOneCappedBatch() {
        var l = new MissingUeLookups(1_000, T0);
        // births every 100 ms: not quiet
        for (long t = T0; t < T0 + MissingUeLookups.EVERY_MS; t += 100)
            assertThat(l.due(t, t, 0, i -> false)).as("at %d", t - T0).isEmpty();
        List<String> names = l.due(T0 + MissingUeLookups.EVERY_MS, T0 + MissingUeLookups.EVERY_MS, 0, i -> false);
        assertThat(names).hasSize(MissingUeLookups.BATCH).startsWith("ue-0", "ue-1");
    }

    @Test
    void onceBirthsStopTheMissingOnesAreAskedOneBatchInFlightAtATime() {
        var l = new MissingUeLookups(500, T0);
        Set<Integer> living = new HashSet<>(List.of(0, 1, 3));
        long quiet = T0 + MissingUeLookups.QUIET_MS;
        assertThat(l.due(quiet - 1, T0, 0, living::contains)).isEmpty();
        List<String> first = l.due(quiet, T0, 0, living::contains);
        assertThat(first)
                .hasSize(MissingUeLookups.BATCH)
                .startsWith("ue-2", "ue-4", "ue-5")
                .doesNotContain("ue-3");
        l.sent(quiet, batch(first));
        assertThat(l.inFlight(quiet + 1)).isTrue();
        assertThat(l.due(quiet + 5_000, T0, 0, living::contains))
                .as("one batch in flight")
                .isEmpty();
        // every one answered, some living: the next batch goes at once, from where the last left off
        for (String n : first) {
            int i = Integer.parseInt(n.substring(3));
            boolean lives = i % 2 == 0;
            if (lives) living.add(i);
            assertThat(l.answered("where-" + n, lives)).isEqualTo(n);
        }
        assertThat(l.inFlight(quiet + 6_000)).isFalse();
        assertThat(l.found())
                .isEqualTo(first.stream()
                        .filter(n -> Integer.parseInt(n.substring(3)) % 2 == 0)
                        .count());
        List<String> second = l.due(quiet + 6_000, T0, 0, living::contains);
        assertThat(second).isNotEmpty().doesNotContainAnyElementsOf(first.subList(0, 10));
        assertThat(second.get(0))
                .isEqualTo("ue-" + (Integer.parseInt(first.get(first.size() - 1).substring(3)) + 1));
        assertThat(l.asked()).isEqualTo(MissingUeLookups.BATCH);
    }

    @Test
    void aBatchThatFoundNoneWaitsTheCheckIntervalAndTheCursorGoesRoundTheMissing() {
        var l = new MissingUeLookups(300, T0);
        long t = T0 + MissingUeLookups.QUIET_MS;
        List<String> first = l.due(t, T0, 0, i -> false);
        l.sent(t, batch(first));
        for (String n : first) l.answered("where-" + n, false);
        assertThat(l.due(t + 1, T0, 0, i -> false)).as("found none: wait").isEmpty();
        List<String> second = l.due(t + MissingUeLookups.EVERY_MS, T0, 0, i -> false);
        // 300 missing, 200 asked: the other 100, then round again from the first missing
        assertThat(second).hasSize(MissingUeLookups.BATCH);
        assertThat(second.subList(0, 100)).startsWith("ue-200").endsWith("ue-299");
        assertThat(second.get(100)).isEqualTo("ue-0");
    }

    @Test
    void aBatchNotAnsweredInTimeIsGivenUpAndAskedAgainAndMadeUpAnswersAreIgnored() {
        var l = new MissingUeLookups(10, T0);
        long t = T0 + MissingUeLookups.QUIET_MS;
        List<String> first = l.due(t, T0, 0, i -> false);
        assertThat(first).hasSize(10);
        l.sent(t, batch(first));
        assertThat(l.answered("where-ue-99", true)).as("not asked").isNull();
        assertThat(l.answered(null, true)).isNull();
        assertThat(l.answered("where-ue-3", false)).isEqualTo("ue-3");
        assertThat(l.answered("where-ue-3", true)).as("answered already").isNull();
        assertThat(l.due(t + MissingUeLookups.ANSWER_MS - 1, T0, 0, i -> false)).isEmpty();
        long late = t + MissingUeLookups.ANSWER_MS;
        assertThat(l.inFlight(late)).isFalse();
        assertThat(l.due(late, T0, 0, i -> false)).as("given up, asked again").hasSize(10);
        assertThat(l.found()).isZero();
    }

    @Test
    void nothingIsAskedWhenEveryUeFromTheFirstMissingOnIsAccountedFor() {
        var l = new MissingUeLookups(50, T0);
        assertThat(l.due(T0 + MissingUeLookups.EVERY_MS, T0, 0, i -> true)).isEmpty();
        assertThat(l.due(T0 + MissingUeLookups.EVERY_MS, T0, 50, i -> false)).isEmpty();
        assertThat(l.asked()).isZero();
    }
}
