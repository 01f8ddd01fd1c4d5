package org.lambo.droo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.lambo.rng.Seeds;

class ReplayMemoryTest {
    @Test
    void keepsTheLastCapacityFramesOverwritingTheOldest() {
        ReplayMemory m = new ReplayMemory(3, 1, 1);
        for (int f = 0; f < 5; f++) m.add(new float[] {f}, new int[] {f});
        assertThat(m.size()).isEqualTo(3);
        assertThat(m.added()).isEqualTo(5);
        float[] held = {m.state(0)[0], m.state(1)[0], m.state(2)[0]};
        assertThat(held).containsExactlyInAnyOrder(2f, 3f, 4f);
        for (int k = 0; k < 3; k++) assertThat((float) m.label(k)[0]).isEqualTo(m.state(k)[0]);
    }

    @Test
    void storesCopies() {
        ReplayMemory m = new ReplayMemory(2, 2, 2);
        float[] s = {1, 2};
        int[] a = {0, 1};
        m.add(s, a);
        s[0] = 9;
        a[0] = 9;
        assertThat(m.state(0)).containsExactly(1, 2);
        assertThat(m.label(0)).containsExactly(0, 1);
    }

    /** Batches are uniform over what is held: a chi-square test at the 0.1 % level over 20 000 draws. */
    @Test
    void samplesUniformlyOverTheFramesHeld() {
        ReplayMemory m = new ReplayMemory(50, 1, 1);
        for (int f = 0; f < 20; f++) m.add(new float[] {f}, new int[] {0}); // 20 of 50 slots filled
        RandomGenerator rng = Seeds.stream(3, "test/memory");
        long[] counts = new long[20];
        for (int b = 0; b < 200; b++) {
            for (int k : m.sample(100, rng)) counts[k]++;
        }
        double expected = 20_000 / 20.0;
        double chi2 = 0;
        for (long c : counts) chi2 += (c - expected) * (c - expected) / expected;
        assertThat(chi2).isLessThan(new ChiSquaredDistribution(19).inverseCumulativeProbability(0.999));
    }

    @Test
    void rejectsBadUse() {
        assertThatThrownBy(() -> new ReplayMemory(0, 1, 1)).hasMessageContaining("got 0");
        ReplayMemory m = new ReplayMemory(2, 3, 2);
        assertThatThrownBy(() -> m.sample(1, Seeds.stream(1, "x"))).hasMessageContaining("empty");
        assertThatThrownBy(() -> m.add(new float[2], new int[2])).hasMessageContaining("2 features");
        assertThatThrownBy(() -> m.add(new float[3], new int[1])).hasMessageContaining("1 UEs");
    }
}
