package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jade.core.IMTPException;
import jade.core.NodeFailureMonitor;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.DropoutTolerantMonitor.Outcome;

/**
 * How long the main container waits for a container it cannot reach ({@link DropoutTolerantMonitor#awaitAnswer}): the
 * real JADE ping is replaced by one that fails as told. The cross-JVM behaviour (a link cut and down, a JVM killed) is
 * {@code DropoutIT}'s.
 */
class DropoutTolerantMonitorTest {
    private static final long NEVER = Long.MAX_VALUE / 4;

    @Test
    void aContainerThatAnswersAfterSomeFailedPingsWithinTheToleranceIsKept() {
        AtomicInteger pings = new AtomicInteger();
        Outcome o = DropoutTolerantMonitor.awaitAnswer(
                () -> {
                    if (pings.incrementAndGet() < 3) throw new IMTPException("connection reset");
                    return false;
                },
                NEVER,
                System::currentTimeMillis,
                () -> false);
        assertThat(o).isEqualTo(Outcome.REACHABLE);
        assertThat(pings).hasValue(3);
    }

    @Test
    void aContainerThatNeverAnswersIsGoneOnlyOnceTheToleranceHasPassed() {
        AtomicInteger pings = new AtomicInteger();
        long t0 = System.currentTimeMillis();
        Outcome o = DropoutTolerantMonitor.awaitAnswer(
                () -> {
                    pings.incrementAndGet();
                    throw new IMTPException("connection refused");
                },
                2_500,
                System::currentTimeMillis,
                () -> false);
        assertThat(o).isEqualTo(Outcome.GONE);
        assertThat(System.currentTimeMillis() - t0)
                .as("not before the tolerance")
                .isGreaterThanOrEqualTo(2_500);
        assertThat(pings.get()).as("pinged again while the tolerance lasted").isGreaterThanOrEqualTo(2);
    }

    @Test
    void aPingThatHangsEndsTheWaitAtTheTolerance() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        Outcome o = DropoutTolerantMonitor.awaitAnswer(
                () -> {
                    never.await(); // a link that holds every byte
                    return false;
                },
                1_000,
                System::currentTimeMillis,
                () -> false);
        assertThat(o).isEqualTo(Outcome.GONE);
        never.countDown();
    }

    @Test
    void aContainerThatSaysItIsExitingIsNotWaitedFor() {
        assertThat(DropoutTolerantMonitor.awaitAnswer(() -> true, NEVER, System::currentTimeMillis, () -> false))
                .isEqualTo(Outcome.EXITED);
    }

    @Test
    void aStoppedMonitorStopsPinging() {
        AtomicInteger pings = new AtomicInteger();
        Outcome o = DropoutTolerantMonitor.awaitAnswer(
                () -> {
                    pings.incrementAndGet();
                    throw new IMTPException("connection reset");
                },
                NEVER,
                System::currentTimeMillis,
                () -> pings.get() >= 2);
        assertThat(o).isEqualTo(Outcome.GONE);
        assertThat(pings).hasValue(2);
    }

    @Test
    void aTrialsMainContainerWatchesItsContainersWithTheToleranceItWasGiven(@TempDir Path dir) throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), "127.0.0.1", 0, false, null, 7_000)) {
            // JADE asks this for the monitor of every container that joins
            assertThat(NodeFailureMonitor.getFailureMonitor())
                    .isInstanceOfSatisfying(DropoutTolerantMonitor.class, m -> assertThat(m.toleranceMs())
                            .isEqualTo(7_000));
        }
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade2"), 0, false)) {
            assertThat(NodeFailureMonitor.getFailureMonitor())
                    .isInstanceOfSatisfying(DropoutTolerantMonitor.class, m -> assertThat(m.toleranceMs())
                            .isEqualTo(JadePlatform.DEFAULT_DROPOUT_MS));
        }
    }

    @Test
    void theToleranceMustBePositive() {
        assertThatThrownBy(() -> new DropoutTolerantMonitor(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }
}
