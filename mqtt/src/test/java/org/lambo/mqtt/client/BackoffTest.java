package org.lambo.mqtt.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, 0.5);

    private static List<Duration> first(Backoff b, int n, long seed) {
        Backoff.Sequence s = b.sequence(new SplittableRandom(seed));
        List<Duration> out = new ArrayList<>();
        for (int k = 0; k < n; k++) out.add(s.next());
        return out;
    }

    @Test
    void theSameSeedGivesTheSameDelaysAndAnotherSeedOthers() {
        assertThat(first(backoff, 12, 42)).isEqualTo(first(backoff, 12, 42));
        assertThat(first(backoff, 12, 42)).isNotEqualTo(first(backoff, 12, 43));
    }

    @Test
    void baseDoublesUntilTheCap() {
        assertThat(backoff.base(0)).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.base(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.base(5)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.base(6)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.base(10_000)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void everyDelayLiesInItsJitterBandAndNeverExceedsTheCap() {
        List<Duration> d = first(backoff, 40, 7);
        for (int k = 0; k < d.size(); k++) {
            long base = backoff.base(k).toNanos();
            assertThat(d.get(k).toNanos()).as("attempt " + k).isBetween(base / 2, base);
        }
    }

    @Test
    void resetStartsAgainFromTheInitialDelay() {
        Backoff.Sequence s = backoff.sequence(new SplittableRandom(1));
        for (int k = 0; k < 8; k++) s.next();
        assertThat(s.attempts()).isEqualTo(8);
        s.reset();
        assertThat(s.next()).isLessThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void jitterIsUniformOverItsBand() {
        // delay / base = 1 - 0.5 U with U ~ U[0,1): mean 0.75, variance 0.25/12
        SplittableRandom r = new SplittableRandom(2024);
        int n = 20_000;
        double sum = 0, sumSq = 0;
        int lowerHalf = 0;
        for (int k = 0; k < n; k++) {
            double f = backoff.delay(3, r).toNanos() / (double) backoff.base(3).toNanos();
            sum += f;
            sumSq += f * f;
            if (f < 0.75) lowerHalf++;
        }
        double mean = sum / n, var = sumSq / n - mean * mean;
        assertThat(mean).isCloseTo(0.75, within(0.005));
        assertThat(var).isCloseTo(0.25 / 12, within(0.002));
        assertThat(lowerHalf / (double) n).isCloseTo(0.5, within(0.02));
    }

    @Test
    void noJitterMeansExactlyTheBase() {
        Backoff exact = new Backoff(Duration.ofMillis(10), Duration.ofMillis(50), 3.0, 0.0);
        assertThat(first(exact, 4, 9))
                .containsExactly(
                        Duration.ofMillis(10), Duration.ofMillis(30), Duration.ofMillis(50), Duration.ofMillis(50));
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, 0.5))
                .hasMessageContaining("initial must be > 0");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5))
                .hasMessageContaining("max must be >=");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 0.5, 0.5))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), 2, 1.5))
                .hasMessageContaining("jitter must be in [0, 1], got 1.5");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(1), Double.NaN, 0.5))
                .hasMessageContaining("got NaN");
    }
}
