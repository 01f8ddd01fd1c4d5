package org.lambo.device.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    @Test
    void runsTheScaledNumberOfIterationsAndReallyDoesTheWork() {
        Workload w = new Workload(1e-3);
        Execution e = w.execute(6e9); // 6e9 cycles x 1e-3 / 6 cycles per iteration
        assertThat(e.iterations()).isEqualTo(1_000_000);
        Kernel reference = new Kernel();
        reference.run(1_000_000);
        assertThat(e.checksum()).isEqualTo(reference.checksum());
        assertThat(e.cycles()).isEqualTo(6e9);
        assertThat(e.wallNanos()).isPositive();
    }

    @Test
    void fullSizeTimesDivideByTheScale() {
        Execution e = new Execution(1e10, 1e-3, 1, 2_000_000, 1_500_000, 0);
        assertThat(e.busySeconds()).isCloseTo(1.5, within(1e-12));
        assertThat(e.elapsedSeconds()).isCloseTo(2.0, within(1e-12));
    }

    @Test
    void iterationCountsRoundToTheNearest() {
        Workload w = new Workload(1.0);
        assertThat(w.iterationsFor(0)).isZero();
        assertThat(w.iterationsFor(8)).isEqualTo(1);
        assertThat(w.iterationsFor(9)).isEqualTo(2);
        assertThat(w.iterationsFor(1.5e10)).isEqualTo(2_500_000_000L);
    }

    @Test
    void anInterruptedThreadCancelsTheTask() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> new Workload(1.0).execute(6e9))
                    .isInstanceOf(CancellationException.class)
                    .hasMessageContaining("interrupted after 0 of 1000000000 iterations");
        } finally {
            assertThat(Thread.interrupted()).isTrue(); // the flag stayed set; cleared here
        }
    }

    @Test
    void rejectsBadScalesAndCycles() {
        assertThatThrownBy(() -> new Workload(0)).hasMessageContaining("scale must be in (0, 1], got 0.0");
        assertThatThrownBy(() -> new Workload(2)).hasMessageContaining("got 2.0");
        assertThatThrownBy(() -> new Workload(0.5).execute(Double.NaN))
                .hasMessageContaining("cycles must be a finite number >= 0, got NaN");
        assertThatThrownBy(() -> new Workload(0.5).execute(-1)).hasMessageContaining("got -1.0");
    }
}
