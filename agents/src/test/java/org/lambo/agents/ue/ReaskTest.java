package org.lambo.agents.ue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReaskTest {
    private final Reask reask = new Reask(1_000, 10_000, 20_000, 2);

    @Test
    void waitsTwiceTheLongestRecentRoundTripThenTwiceAsLongEachTimeUpToTheLongestSilence() {
        assertThat(reask.silenceMs(1, 60_000, 3_000)).isEqualTo(6_000);
        assertThat(reask.silenceMs(2, 60_000, 3_000)).isEqualTo(12_000);
        assertThat(reask.silenceMs(3, 60_000, 3_000)).isEqualTo(20_000);
        assertThat(reask.silenceMs(9, 60_000, 3_000)).isEqualTo(20_000);
        assertThat(reask.silenceMs(1, 60_000, 100))
                .as("at least the shortest silence")
                .isEqualTo(1_000);
        assertThat(reask.silenceMs(1, 60_000, 50_000)).as("at most the longest").isEqualTo(20_000);
    }

    @Test
    void waitsTheFirstSilenceWhenNoRoundTripHasBeenSeen() {
        assertThat(reask.silenceMs(1, 60_000, 0)).isEqualTo(10_000);
        assertThat(reask.silenceMs(2, 60_000, 0)).isEqualTo(20_000);
    }

    @Test
    void neverWaitsPastTheDeadline() {
        assertThat(reask.silenceMs(1, 6_000, 3_000)).isEqualTo(-1);
        assertThat(reask.silenceMs(1, 6_001, 3_000)).isEqualTo(6_000);
        assertThat(reask.silenceMs(1, 0, 3_000)).isEqualTo(-1);
    }

    @Test
    void aSlotOfAFewUesKeepsItsSilencesWithoutJitter() {
        for (int ues : new int[] {1, 50, 1_000, 2_500}) {
            Reask r = Reask.DECISIONS.forSlotOf(ues, 60_000);
            assertThat(r).as("%d UEs", ues).isEqualTo(Reask.DECISIONS);
            assertThat(r.silenceMs(1, 60_000, 0, 0.99)).isEqualTo(10_000);
            assertThat(r.silenceMs(1, 60_000, 3_000, 0.99)).isEqualTo(6_000);
        }
    }

    @Test
    void aSlotOfTenThousandUesWaitsUntilTheyCanHaveBeenDecidedButAsksAgainWithinTheDeadline() {
        // 10,000 x 4 ms = 40 s, capped at half the 60 s budget: 30 s, jittered up to 45 s (before: 10 s for every UE)
        Reask r = Reask.DECISIONS.forSlotOf(10_000, 60_000);
        assertThat(r.silenceMs(1, 60_000, 0, 0)).isEqualTo(30_000);
        assertThat(r.silenceMs(1, 60_000, 0, 0.5)).isEqualTo(37_500);
        assertThat(r.silenceMs(1, 60_000, 0, 0.999)).isBetween(44_900L, 45_000L);
        assertThat(r.silenceMs(2, 30_000, 0, 0))
                .as("no second silence fits the budget")
                .isEqualTo(-1);
        // a later slot, after a 50 s round trip (twice that capped at the longest silence, as long as the crowd's)
        assertThat(r.silenceMs(1, 60_000, 50_000, 0)).isEqualTo(30_000);
        assertThat(r.silenceMs(1, 60_000, 1_000, 0))
                .as("never shorter than the crowd's")
                .isEqualTo(30_000);
        assertThat(Reask.DECISIONS.forSlotOf(5_000, 60_000).silenceMs(1, 60_000, 0, 0))
                .isEqualTo(20_000);
    }

    @Test
    void aLostDecisionIsAskedForAgainWithinTheDeadlineWhateverTheTrialsSize() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(7);
        for (int k = 0; k < 10_000; k++) {
            int ues = rnd.nextInt(1, 200_001);
            long budget = rnd.nextLong(10_001, 600_000); // within 10 s no silence fits at any size
            double u = rnd.nextDouble();
            long s = Reask.DECISIONS.forSlotOf(ues, budget).silenceMs(1, budget, 0, u);
            assertThat(s).as("%d UEs, %d ms, u %f", ues, budget, u).isPositive().isLessThan(budget);
            if (budget > 20_000)
                assertThat(s).as("half the budget left for the answer").isLessThanOrEqualTo(budget * 3 / 4);
        }
    }

    @Test
    void theUesOfALargeSlotAskAgainSpreadOutNotAllAtOnce() {
        Reask r = Reask.DECISIONS.forSlotOf(10_000, 60_000);
        java.util.Map<Long, Integer> perSecond = new java.util.TreeMap<>();
        for (int i = 0; i < 10_000; i++) {
            // as a UE draws its jitter
            double u = new java.util.SplittableRandom(org.lambo.rng.Seeds.derive(1, "reask", i)).nextDouble();
            perSecond.merge(r.silenceMs(1, 60_000, 0, u) / 1_000, 1, Integer::sum);
        }
        assertThat(perSecond.keySet()).as("over 15 s").hasSize(15).first().isEqualTo(30L);
        assertThat(perSecond.values())
                .as("about 667 a second, none more than 800")
                .allMatch(c -> c > 500 && c < 800);
    }

    @Test
    void refusesSchedulesThatMakeNoSense() {
        assertThatThrownBy(() -> new Reask(0, 1, 1, 1)).hasMessageContaining("minMs must be > 0, got 0");
        assertThatThrownBy(() -> new Reask(10, 5, 20, 1)).hasMessageContaining("firstMs must be >= minMs (10), got 5");
        assertThatThrownBy(() -> new Reask(10, 20, 15, 1))
                .hasMessageContaining("maxMs must be >= firstMs (20), got 15");
        assertThatThrownBy(() -> new Reask(10, 20, 30, 0)).hasMessageContaining("factor must be >= 1, got 0");
        assertThatThrownBy(() -> reask.silenceMs(0, 1, 1)).hasMessageContaining("n must be >= 1, got 0");
        assertThatThrownBy(() -> reask.silenceMs(1, 1, 1, 1.0)).hasMessageContaining("u must be in [0, 1), got 1.0");
        assertThatThrownBy(() -> new Reask(10, 20, 30, 1, 1.5))
                .hasMessageContaining("spread must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> reask.forSlotOf(-1, 1)).hasMessageContaining("ues must be >= 0, got -1");
        assertThatThrownBy(() -> reask.forSlotOf(1, 0)).hasMessageContaining("budgetMs must be > 0, got 0");
    }
}
