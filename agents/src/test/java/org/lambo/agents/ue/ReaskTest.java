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
    void refusesSchedulesThatMakeNoSense() {
        assertThatThrownBy(() -> new Reask(0, 1, 1, 1)).hasMessageContaining("minMs must be > 0, got 0");
        assertThatThrownBy(() -> new Reask(10, 5, 20, 1)).hasMessageContaining("firstMs must be >= minMs (10), got 5");
        assertThatThrownBy(() -> new Reask(10, 20, 15, 1))
                .hasMessageContaining("maxMs must be >= firstMs (20), got 15");
        assertThatThrownBy(() -> new Reask(10, 20, 30, 0)).hasMessageContaining("factor must be >= 1, got 0");
        assertThatThrownBy(() -> reask.silenceMs(0, 1, 1)).hasMessageContaining("n must be >= 1, got 0");
    }
}
