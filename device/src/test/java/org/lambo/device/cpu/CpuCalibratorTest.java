package org.lambo.device.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CpuCalibratorTest {
    @Test
    void theMedianIgnoresAPreemptedTrialAndTheSpreadShowsIt() {
        // 1e6 iterations in 1 ms is 1e9 it/s; one trial preempted to 4 ms
        Calibration c =
                CpuCalibrator.summarize(1_000_000, new long[] {1_000_000, 1_010_000, 4_000_000, 990_000, 1_000_000});
        assertThat(c.iterationsPerSecond()).isCloseTo(1e9, within(1.0));
        assertThat(c.cyclesPerSecond()).isCloseTo(6e9, within(6.0));
        assertThat(c.trials()).isEqualTo(5);
        assertThat(c.spread())
                .isCloseTo((1e6 / 0.99e-3 - 0.25e9) / 1e9, within(1e-9)); // fastest 1.0101e9, slowest 0.25e9
    }

    @Test
    void anEvenNumberOfTrialsAveragesTheMiddleTwo() {
        Calibration c = CpuCalibrator.summarize(1_000, new long[] {1_000, 2_000});
        assertThat(c.iterationsPerSecond()).isCloseTo(0.75e9, within(1.0));
    }

    @Test
    void aRealCalibrationGivesAPlausibleSteadySpeed() {
        // not a timing assertion: any CPU from a Pi Zero to a server core is in [1e6, 1e11] iterations/s
        Calibration c = CpuCalibrator.builder()
                .warmup(Duration.ofMillis(50))
                .trialTime(Duration.ofMillis(10))
                .trials(3)
                .build()
                .calibrate();
        assertThat(c.iterationsPerSecond()).isBetween(1e6, 1e11);
        assertThat(c.trials()).isEqualTo(3);
        assertThat(c.iterationsPerTrial()).isGreaterThanOrEqualTo(1 << 16);
    }

    @Test
    void aTrialIsSizedToLastAtLeastTheTrialTimeOnTheGivenClock() {
        // a clock that advances 1 ms per reading: the sizing loop stops at the first trial of >= 2 ms
        long[] now = {0};
        Calibration c = CpuCalibrator.builder()
                .warmup(Duration.ZERO)
                .trialTime(Duration.ofMillis(1))
                .trials(4)
                .nanoTime(() -> now[0] += 1_000_000)
                .build()
                .calibrate();
        assertThat(c.iterationsPerTrial()).isEqualTo(1 << 16);
        assertThat(c.iterationsPerSecond()).isCloseTo((1 << 16) / 1e-3, within(1e-3));
        assertThat(c.spread()).isZero();
    }

    @Test
    void rejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> CpuCalibrator.builder().trials(0))
                .hasMessageContaining("trials must be in [1, 1000], got 0");
        assertThatThrownBy(() -> CpuCalibrator.builder().trialTime(Duration.ZERO))
                .hasMessageContaining("trialTime");
        assertThatThrownBy(() -> new Calibration(Double.NaN, 1, 1, 0)).hasMessageContaining("got NaN");
    }
}
