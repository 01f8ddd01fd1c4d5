package org.lambo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class StatsTest {
    private final double[] oneToFive = {5, 3, 1, 4, 2};

    @Test
    void meanAndSampleSdOfKnownData() {
        assertThat(Stats.mean(oneToFive)).isEqualTo(3.0);
        assertThat(Stats.sd(oneToFive)).isCloseTo(Math.sqrt(2.5), within(1e-12));
        assertThat(Stats.sd(new double[] {7})).isNaN();
    }

    @Test
    void quantilesInterpolateLikeRAndNumPy() {
        // numpy.percentile([1, 2, 3, 4, 5], 95) == 4.8; median 3; extremes are the min and max
        assertThat(Stats.quantile(oneToFive, 0.95)).isCloseTo(4.8, within(1e-12));
        assertThat(Stats.median(oneToFive)).isEqualTo(3.0);
        assertThat(Stats.median(new double[] {1, 2, 3, 10})).isEqualTo(2.5);
        assertThat(Stats.quantile(oneToFive, 0)).isEqualTo(1.0);
        assertThat(Stats.quantile(oneToFive, 1)).isEqualTo(5.0);
        assertThat(oneToFive).containsExactly(5, 3, 1, 4, 2); // input left unsorted
    }

    @Test
    void confidenceIntervalIsStudentT() {
        // t(0.975, 4) = 2.7764451, sd = sqrt(2.5): half-width 2.7764451 * 1.5811388 / sqrt(5) = 1.9632432
        assertThat(Stats.ciHalfWidth(oneToFive, 0.95)).isCloseTo(1.9632432, within(1e-6));
        // t(0.975, 1) = 12.7062047 for two values 2 and 6: sd = 2 sqrt 2, half-width 12.7062047 * 2
        assertThat(Stats.ciHalfWidth(new double[] {2, 6}, 0.95)).isCloseTo(25.4124094, within(1e-6));
        assertThat(Stats.ciHalfWidth(new double[] {1}, 0.95)).isNaN();
    }
}
