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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.DropoutTolerantMonitor.End;

/**
 * How the main container watches a container ({@link DropoutTolerantMonitor#watch}): the real JADE pings are replaced
 * by ones that answer, fail or hang as told; heartbeats every 50 ms, lost after {@value #SILENT_MS} ms of silence. The
 * tests where the container is removed give it {@value #REMOVE_AFTER_MS} ms; those where it must be kept give it
 * {@value #KEEP_FOR_MS} ms, far beyond the silences they make (at most {@value #BLACKOUT_MS} ms), so a loaded machine
 * (2 cores at load 20: a thread may wait hundreds of ms for a core) cannot turn a kept container into a removed one,
 * nor a heartbeat delayed by the scheduler into a loss. The assertions are on what the monitor decided (kept, removed,
 * the cause, how many times lost) and the order of events; time only as lower bounds the monitor guarantees (removed no
 * earlier than the tolerance after the last answer). A watch that never ends (never removed) fails by the class's
 * timeout. The cross-JVM behaviour (a link cut, down or silent, a JVM killed) is {@code DropoutIT}'s and
 * {@code SilentHostIT}'s.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DropoutTolerantMonitorTest {
    /** A container that answers no heartbeat for this long counts as lost. */
    private static final long SILENT_MS = 1_000;
    /** The tolerance where a container is to be removed: the tests wait it out. */
    private static final long REMOVE_AFTER_MS = 2_000;
    /** The tolerance where a container is to be kept: the tests never wait it out. */
    private static final long KEEP_FOR_MS = 30_000;
    /** The silence a test makes before the container answers again: above the silence, far below the tolerance. */
    private static final long BLACKOUT_MS = 2 * SILENT_MS;

    private final List<ContainerDropout> dropouts = new CopyOnWriteArrayList<>();
    private final AtomicInteger unreachable = new AtomicInteger();
    private final AtomicInteger reachable = new AtomicInteger();

    private DropoutTolerantMonitor monitor(long toleranceMs) {
        return new DropoutTolerantMonitor(toleranceMs, 50, SILENT_MS, System::currentTimeMillis, dropouts::add);
    }

    private End watch(long toleranceMs, DropoutTolerantMonitor.Ping hanging, DropoutTolerantMonitor.Ping probe) {
        return watch(monitor(toleranceMs), hanging, probe);
    }

    private End watch(
            DropoutTolerantMonitor monitor, DropoutTolerantMonitor.Ping hanging, DropoutTolerantMonitor.Ping probe) {
        return monitor.watch("c1", hanging, probe, unreachable::incrementAndGet, reachable::incrementAndGet);
    }

    @Test
    void aContainerThatAnswersItsHeartbeatsIsWatchedUntilItExitsAndRecordsNoDropout() {
        AtomicInteger beats = new AtomicInteger();
        CountDownLatch exit = new CountDownLatch(1);
        End end = watch(KEEP_FOR_MS, () -> exit.await(30, TimeUnit.SECONDS), () -> {
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
        End end = watch(REMOVE_AFTER_MS, () -> never.await(30, TimeUnit.SECONDS), () -> {
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
                .isGreaterThanOrEqualTo(REMOVE_AFTER_MS);
        assertThat(mostWaiting.get())
                .as("pinged again, at most %d pings waiting at once", DropoutTolerantMonitor.MAX_PROBES)
                .isBetween(2, DropoutTolerantMonitor.MAX_PROBES);
        assertThat(unreachable).hasValue(1);
        assertThat(dropouts).singleElement().satisfies(d -> {
            assertThat(d.container()).isEqualTo("c1");
            assertThat(d.end()).isEqualTo(ContainerDropout.End.REMOVED);
            assertThat(d.silentMs()).isGreaterThanOrEqualTo(REMOVE_AFTER_MS);
            assertThat(d.cause()).matches("no answer to a ping for \\d+ ms");
            assertThat(d.lastAnswer().toEpochMilli())
                    .as("its last answer was the last ping it answered")
                    .isGreaterThanOrEqualTo(lastAnswer[0]);
        });
    }

    @Test
    void aSilenceShorterThanTheToleranceKeepsTheContainerAndRecordsHowLongItWasAway() {
        AtomicInteger beats = new AtomicInteger();
        CountDownLatch blackout = new CountDownLatch(1);
        CountDownLatch exit = new CountDownLatch(1);
        long[] answersAgainFrom = {0};
        End end = watch(KEEP_FOR_MS, () -> exit.await(30, TimeUnit.SECONDS), () -> {
            int n = beats.incrementAndGet();
            if (n == 3) {
                // the link holds this ping (and the next ones) for BLACKOUT_MS, then lets them through
                Thread t = new Thread(() -> {
                    pause(BLACKOUT_MS);
                    answersAgainFrom[0] = System.currentTimeMillis();
                    blackout.countDown();
                });
                t.setDaemon(true);
                t.start();
            }
            if (n >= 3) blackout.await(30, TimeUnit.SECONDS);
            if (n == 12) exit.countDown();
            return false;
        });
        assertThat(end).as("kept, and watched until it exited").isEqualTo(End.EXITED);
        assertThat(unreachable).as("lost once").hasValue(1);
        assertThat(reachable).as("back once").hasValue(1);
        assertThat(dropouts).singleElement().satisfies(d -> {
            assertThat(d.end()).isEqualTo(ContainerDropout.End.KEPT);
            assertThat(d.cause()).startsWith("no answer to a ping for ");
            // in order: its last answer, the end of the blackout, its answer after it (the last answer before the
            // blackout may be taken in a little after the blackout began: the heartbeats do not wait for answers)
            assertThat(d.lastAnswer().toEpochMilli())
                    .as("last heard before the blackout ended")
                    .isLessThan(answersAgainFrom[0]);
            assertThat(d.lastAnswer().toEpochMilli() + d.silentMs())
                    .as("away until it answered after the blackout")
                    .isGreaterThanOrEqualTo(answersAgainFrom[0]);
            assertThat(d.silentMs())
                    .as("lost by its silence, kept: away for less than the tolerance")
                    .isBetween(SILENT_MS, KEEP_FOR_MS - 1);
        });
    }

    @Test
    void aKilledContainerWhoseConnectionBreaksAndPingsAreRefusedIsRemovedAfterTheTolerance() {
        AtomicInteger beats = new AtomicInteger();
        long[] killedAt = {Long.MAX_VALUE};
        End end = watch(
                REMOVE_AFTER_MS,
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
        assertThat(removedAt).as("removed after the kill").isGreaterThanOrEqualTo(killedAt[0]);
        assertThat(unreachable).as("lost once, at the kill").hasValue(1);
        assertThat(reachable).as("never back").hasValue(0);
        assertThat(dropouts).singleElement().satisfies(d -> {
            assertThat(d.end()).isEqualTo(ContainerDropout.End.REMOVED);
            assertThat(d.cause()).isEqualTo("its connection broke (Connection reset)");
            // the tolerance runs from the last answer, which came up to a heartbeat before the kill (a loaded machine
            // can stretch that gap: it is not a bound on the time from the kill)
            assertThat(removedAt - d.lastAnswer().toEpochMilli()).isGreaterThanOrEqualTo(REMOVE_AFTER_MS);
            assertThat(d.silentMs()).isGreaterThanOrEqualTo(REMOVE_AFTER_MS);
        });
    }

    @Test
    void anAnswerToAPingSentBeforeTheConnectionBrokeDoesNotCountAsTheContainerAnsweringAgain() {
        CountDownLatch probeOut = new CountDownLatch(1);
        End end = watch(
                REMOVE_AFTER_MS,
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
                KEEP_FOR_MS,
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
        DropoutTolerantMonitor monitor = monitor(KEEP_FOR_MS);
        CountDownLatch never = new CountDownLatch(1);
        Thread stopper = new Thread(() -> {
            for (long end = System.currentTimeMillis() + 30_000;
                    unreachable.get() == 0 && System.currentTimeMillis() < end; ) pause(20);
            monitor.halt();
        });
        stopper.setDaemon(true);
        stopper.start();
        End end = watch(monitor, () -> never.await(30, TimeUnit.SECONDS), () -> {
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
                KEEP_FOR_MS, 50, SILENT_MS, () -> System.currentTimeMillis() + jump.get(), dropouts::add);
        AtomicInteger beats = new AtomicInteger();
        CountDownLatch exit = new CountDownLatch(1);
        End end = paused.watch(
                "c1",
                () -> exit.await(30, TimeUnit.SECONDS),
                () -> {
                    int beat = beats.incrementAndGet();
                    if (beat == 3) jump.addAndGet(10 * KEEP_FOR_MS);
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
