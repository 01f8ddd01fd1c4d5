package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jade.core.IMTPException;
import jade.core.NodeFailureMonitor;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.DropoutTolerantMonitor.End;

/**
 * How the main container watches a container ({@link DropoutTolerantMonitor#watch}): the real JADE pings are replaced
 * by ones that answer, fail or hang as told; heartbeats every 50 ms, lost after 200 ms of silence, removed after 1 s
 * without an answer. The cross-JVM behaviour (a link cut, down or silent, a JVM killed) is {@code DropoutIT}'s and
 * {@code SilentHostIT}'s.
 */
class DropoutTolerantMonitorTest {
    private static final long TOLERANCE_MS = 1_000;

    private final List<ContainerDropout> dropouts = new CopyOnWriteArrayList<>();
    private final AtomicInteger unreachable = new AtomicInteger();
    private final AtomicInteger reachable = new AtomicInteger();
    private final DropoutTolerantMonitor monitor =
            new DropoutTolerantMonitor(TOLERANCE_MS, 50, 200, System::currentTimeMillis, dropouts::add);

    private End watch(DropoutTolerantMonitor.Ping hanging, DropoutTolerantMonitor.Ping probe) {
        return monitor.watch("c1", hanging, probe, unreachable::incrementAndGet, reachable::incrementAndGet);
    }

    @Test
    void aContainerThatAnswersItsHeartbeatsIsWatchedUntilItExitsAndRecordsNoDropout() {
        AtomicInteger beats = new AtomicInteger();
        CountDownLatch exit = new CountDownLatch(1);
        End end = watch(() -> exit.await(30, TimeUnit.SECONDS), () -> {
            if (beats.incrementAndGet() == 5) exit.countDown();
            return false;
        });
        assertThat(end).isEqualTo(End.EXITED);
        assertThat(beats.get()).isGreaterThanOrEqualTo(5);
        assertThat(dropouts).isEmpty();
        assertThat(unreachable).hasValue(0);
    }

    @Test
    void aHostThatFallsSilentIsRemovedOnceNoPingWasAnsweredForTheTolerance() throws Exception {
        AtomicInteger beats = new AtomicInteger();
        AtomicInteger waiting = new AtomicInteger();
        AtomicInteger mostWaiting = new AtomicInteger();
        CountDownLatch never = new CountDownLatch(1); // a link that drops every packet: no ping ever breaks
        long[] lastAnswer = {0};
        End end = watch(() -> never.await(30, TimeUnit.SECONDS), () -> {
            if (beats.incrementAndGet() <= 3) {
                lastAnswer[0] = System.currentTimeMillis();
                return false;
            }
            mostWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
            never.await(30, TimeUnit.SECONDS);
            return false;
        });
        long removedAt = System.currentTimeMillis();
        never.countDown();
        assertThat(end).isEqualTo(End.REMOVED);
        assertThat(removedAt - lastAnswer[0])
                .as("not before the tolerance after the last answer")
                .isGreaterThanOrEqualTo(TOLERANCE_MS);
        assertThat(mostWaiting.get())
                .as("pinged again, at most %d pings waiting at once", DropoutTolerantMonitor.MAX_PROBES)
                .isBetween(2, DropoutTolerantMonitor.MAX_PROBES);
        assertThat(unreachable).hasValue(1);
        assertThat(dropouts).singleElement().satisfies(d -> {
            assertThat(d.container()).isEqualTo("c1");
            assertThat(d.end()).isEqualTo(ContainerDropout.End.REMOVED);
            assertThat(d.silentMs()).isGreaterThanOrEqualTo(TOLERANCE_MS);
            assertThat(d.cause()).matches("no answer to a ping for \\d+ ms");
        });
    }

    @Test
    void aSilenceShorterThanTheToleranceKeepsTheContainerAndRecordsHowLongItWasAway() {
        AtomicInteger beats = new AtomicInteger();
        CountDownLatch blackout = new CountDownLatch(1);
        CountDownLatch exit = new CountDownLatch(1);
        long[] silentFrom = {0};
        End end = watch(() -> exit.await(30, TimeUnit.SECONDS), () -> {
            int n = beats.incrementAndGet();
            if (n == 3) {
                silentFrom[0] = System.currentTimeMillis();
                // the link holds this ping (and the next ones) for 500 ms, then lets them through
                Thread t = new Thread(() -> {
                    pause(500);
                    blackout.countDown();
                });
                t.setDaemon(true);
                t.start();
            }
            if (n >= 3) blackout.await(30, TimeUnit.SECONDS);
            if (n == 12) exit.countDown();
            return false;
        });
        assertThat(end).isEqualTo(End.EXITED);
        assertThat(unreachable).hasValue(1);
        assertThat(reachable).hasValue(1);
        assertThat(dropouts).singleElement().satisfies(d -> {
            assertThat(d.end()).isEqualTo(ContainerDropout.End.KEPT);
            assertThat(d.silentMs()).isBetween(400L, TOLERANCE_MS);
            assertThat(d.cause()).startsWith("no answer to a ping for ");
            assertThat(d.lastAnswer().toEpochMilli()).isLessThanOrEqualTo(silentFrom[0]);
        });
    }

    @Test
    void aKilledContainerWhoseConnectionBreaksAndPingsAreRefusedIsRemovedAfterTheTolerance() {
        AtomicInteger beats = new AtomicInteger();
        long[] killedAt = {Long.MAX_VALUE};
        End end = watch(
                () -> {
                    pause(300);
                    killedAt[0] = System.currentTimeMillis();
                    throw new IMTPException("Connection reset");
                },
                () -> {
                    beats.incrementAndGet();
                    // refused once the monitor has taken in the broken connection (a heartbeat racing the break's
                    // report would be seen first and named as the cause)
                    if (unreachable.get() > 0) throw new IMTPException("Connection refused");
                    return false;
                });
        long removedAt = System.currentTimeMillis();
        assertThat(end).isEqualTo(End.REMOVED);
        assertThat(removedAt).isGreaterThanOrEqualTo(killedAt[0]);
        assertThat(dropouts).singleElement().satisfies(d -> {
            assertThat(d.end()).isEqualTo(ContainerDropout.End.REMOVED);
            assertThat(d.cause()).isEqualTo("its connection broke (Connection reset)");
            // the tolerance runs from the last answer, which came up to a heartbeat before the kill (a loaded machine
            // can stretch that gap: it is not a bound on the time from the kill)
            assertThat(removedAt - d.lastAnswer().toEpochMilli()).isGreaterThanOrEqualTo(TOLERANCE_MS);
            assertThat(d.silentMs()).isGreaterThanOrEqualTo(TOLERANCE_MS);
        });
    }

    @Test
    void anAnswerToAPingSentBeforeTheConnectionBrokeDoesNotCountAsTheContainerAnsweringAgain() {
        CountDownLatch probeOut = new CountDownLatch(1);
        End end = watch(
                () -> {
                    probeOut.await(30, TimeUnit.SECONDS);
                    throw new IMTPException("Connection reset");
                },
                () -> {
                    // sent after the break was taken in: the link is down
                    if (unreachable.get() > 0) throw new IMTPException("Connection refused");
                    // sent before it: answered only once the break was taken in (a heartbeat overtaken by the break)
                    probeOut.countDown();
                    long until = System.currentTimeMillis() + 30_000;
                    while (unreachable.get() == 0 && System.currentTimeMillis() < until) pause(5);
                    return false;
                });
        assertThat(end).isEqualTo(End.REMOVED);
        assertThat(reachable).as("never seen answering again").hasValue(0);
        assertThat(dropouts).singleElement().satisfies(d -> {
            assertThat(d.end()).isEqualTo(ContainerDropout.End.REMOVED);
            assertThat(d.cause()).isEqualTo("its connection broke (Connection reset)");
        });
    }

    @Test
    void aCutConnectionThatAnswersAgainIsKeptAndWatchedWithANewHangingPing() {
        AtomicInteger hangs = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch exit = new CountDownLatch(1);
        End end = watch(
                () -> {
                    if (hangs.incrementAndGet() == 1) {
                        pause(200);
                        throw new IMTPException("Connection reset");
                    }
                    exit.await(30, TimeUnit.SECONDS);
                    return true;
                },
                () -> {
                    // refused three times from the break on (the link is down), then answered
                    // (from the moment the monitor took in the break: a heartbeat racing the break's report would be
                    // seen first and named as the cause)
                    if (unreachable.get() > 0 && refused.getAndIncrement() < 3)
                        throw new IMTPException("Connection refused");
                    if (hangs.get() >= 2) exit.countDown();
                    return false;
                });
        assertThat(end).isEqualTo(End.EXITED);
        assertThat(hangs).as("a new hanging ping once it answered again").hasValue(2);
        assertThat(reachable).hasValue(1);
        assertThat(dropouts).singleElement().satisfies(d -> {
            assertThat(d.end()).isEqualTo(ContainerDropout.End.KEPT);
            assertThat(d.cause()).isEqualTo("its connection broke (Connection reset)");
        });
    }

    @Test
    void aStoppedMonitorEndsTheWatchAndRecordsAContainerThatHadNotAnsweredAgain() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            for (long end = System.currentTimeMillis() + 30_000;
                    unreachable.get() == 0 && System.currentTimeMillis() < end; ) pause(20);
            monitor.halt();
        });
        stopper.setDaemon(true);
        stopper.start();
        End end = watch(() -> never.await(30, TimeUnit.SECONDS), () -> {
            throw new IMTPException("No route to host");
        });
        never.countDown();
        assertThat(end).isEqualTo(End.STOPPED);
        assertThat(dropouts).singleElement().satisfies(d -> {
            assertThat(d.end()).isEqualTo(ContainerDropout.End.UNANSWERED_AT_END);
            assertThat(d.cause()).isEqualTo("a ping failed (No route to host)");
        });
    }

    @Test
    void aTrialsMainContainerWatchesItsContainersWithTheToleranceItWasGiven(@TempDir Path dir) throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), "127.0.0.1", 0, false, null, 7_000)) {
            // JADE asks this for the monitor of every container that joins
            assertThat(NodeFailureMonitor.getFailureMonitor())
                    .isInstanceOfSatisfying(DropoutTolerantMonitor.class, m -> assertThat(m.toleranceMs())
                            .isEqualTo(7_000));
            assertThat(platform.dropouts()).isEmpty();
        }
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade2"), 0, false)) {
            assertThat(NodeFailureMonitor.getFailureMonitor())
                    .isInstanceOfSatisfying(DropoutTolerantMonitor.class, m -> assertThat(m.toleranceMs())
                            .isEqualTo(JadePlatform.DEFAULT_DROPOUT_MS));
        }
    }

    @Test
    void aPauseOfThisJvmIsNotCountedAgainstAContainerThatAnswersAfterIt() {
        // the clock jumps 10 tolerances (more than PAUSED_MS) between two wakes of the watch, as when the main
        // container's JVM was stopped
        java.util.concurrent.atomic.AtomicLong jump = new java.util.concurrent.atomic.AtomicLong();
        DropoutTolerantMonitor paused = new DropoutTolerantMonitor(
                TOLERANCE_MS, 50, 200, () -> System.currentTimeMillis() + jump.get(), dropouts::add);
        AtomicInteger beats = new AtomicInteger();
        CountDownLatch exit = new CountDownLatch(1);
        End end = paused.watch(
                "c1",
                () -> exit.await(30, TimeUnit.SECONDS),
                () -> {
                    int beat = beats.incrementAndGet();
                    if (beat == 3) jump.addAndGet(10 * TOLERANCE_MS);
                    if (beat == 10) exit.countDown();
                    return false;
                },
                unreachable::incrementAndGet,
                reachable::incrementAndGet);
        assertThat(end).as("pinged after the pause, it answers: kept").isEqualTo(End.EXITED);
        assertThat(beats.get()).isGreaterThanOrEqualTo(10);
        assertThat(dropouts).isEmpty();
        assertThat(unreachable).hasValue(0);
    }

    @Test
    void theToleranceMustBePositive() {
        assertThatThrownBy(() -> new DropoutTolerantMonitor(0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 0");
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
