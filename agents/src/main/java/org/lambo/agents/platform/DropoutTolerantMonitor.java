package org.lambo.agents.platform;

import jade.core.IMTPException;
import jade.core.Node;
import jade.core.NodeEventListener;
import jade.core.NodeFailureMonitor;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the main container watches one peripheral container (a JADE node). As JADE's own
 * {@code BlockingNodeFailureMonitor}, a ping hangs in the container until it exits, so a container that leaves is
 * removed at once. Beside it, a heartbeat: a short ping every {@value #HEARTBEAT_MS} ms, each in a thread of its own.
 * The container is lost when the hanging ping or a heartbeat breaks (the connection was cut or reset: a WiFi
 * reassociation, a NAT timeout, the container's JVM killed), or when no heartbeat has been answered for
 * {@value #SILENT_MS} ms (a host that vanished silently: power cut, cable pulled, a link that drops every packet, where
 * no connection ever breaks and the hanging ping would wait forever). A lost container is not removed at once, as JADE
 * does, but pinged every {@value #HEARTBEAT_MS} ms: one that answers within {@code toleranceMs} ({@code lambo trial
 * --dropout-ms}) of its last answer is kept, its agents and their tasks untouched; one that has not answered for
 * {@code toleranceMs} is removed from the platform, as JADE would have removed it at once: its agents are gone and the
 * trial's clock ends their tasks with the reason. One log line each way; each dropout is also recorded
 * ({@link ContainerDropout}) for the trial's summary.
 *
 * <p>The tolerance counts the time this JVM ran: when the watch itself did not run for longer than {@value #PAUSED_MS}
 * ms, a heartbeat and the silence (this JVM paused: a long GC, a suspended VM, a laptop's lid), the containers could
 * not be heard meanwhile and that time is not counted against them; they are pinged at once.
 *
 * <p>At most {@value #MAX_PROBES} pings of one container wait for an answer at once (a silent host holds each until TCP
 * gives up). Installed in the main container by {@link DropoutTolerantMonitoring}.
 */
final class DropoutTolerantMonitor extends NodeFailureMonitor implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger("org.lambo.platform");

    /** The pause between two pings (heartbeats) of a container, lost or not. */
    static final long HEARTBEAT_MS = 1_000;

    /** How long a container may leave its heartbeats unanswered before it counts as lost. */
    static final long SILENT_MS = 3_000;

    /**
     * The watch wakes at least every heartbeat: when it did not run for longer than this (and than a heartbeat and the
     * silence), this JVM was paused, not the container silent. Above the scheduling delays of a loaded machine.
     */
    static final long PAUSED_MS = 5_000;

    /** At most this many pings of one container wait for an answer at once. */
    static final int MAX_PROBES = 8;

    /** How the watch of a container ended. */
    enum End {
        /** It said it is exiting: removed at once. */
        EXITED,
        /** It answered no ping for the tolerance: removed. */
        REMOVED,
        /** The monitor was stopped (the platform is closing): not removed. */
        STOPPED
    }

    /** One ping of the container: true when it says it is exiting; throws when it cannot be reached. */
    interface Ping {
        boolean ping() throws Exception;
    }

    /**
     * What one ping ended with: {@code failure} null when it answered; {@code sent} the number of pings sent before it
     * (in order: an answer to a ping sent before the container counted as lost says nothing of it since).
     */
    private record Answer(boolean hanging, boolean exiting, Throwable failure, long sent) {}

    private final long toleranceMs;
    private final long heartbeatMs;
    private final long silentMs;
    private final LongSupplier clock;
    private final Consumer<ContainerDropout> record;
    private volatile boolean stopped;
    private volatile Thread watcher;
    private volatile java.util.function.BiConsumer<String, java.util.List<String>> removed;

    /** Also tells {@code then} the name and addresses of the container once it is removed (after the cut). */
    void onRemoved(java.util.function.BiConsumer<String, java.util.List<String>> then) {
        this.removed = then;
    }

    DropoutTolerantMonitor(long toleranceMs, Consumer<ContainerDropout> record) {
        this(toleranceMs, HEARTBEAT_MS, SILENT_MS, System::currentTimeMillis, record);
    }

    DropoutTolerantMonitor(
            long toleranceMs, long heartbeatMs, long silentMs, LongSupplier clock, Consumer<ContainerDropout> record) {
        if (toleranceMs <= 0) throw new IllegalArgumentException("toleranceMs must be > 0, got " + toleranceMs);
        if (heartbeatMs <= 0) throw new IllegalArgumentException("heartbeatMs must be > 0, got " + heartbeatMs);
        if (silentMs <= 0) throw new IllegalArgumentException("silentMs must be > 0, got " + silentMs);
        this.toleranceMs = toleranceMs;
        this.heartbeatMs = heartbeatMs;
        this.silentMs = silentMs;
        this.clock = clock;
        this.record = record;
    }

    /** How long an unreachable container is kept. */
    long toleranceMs() {
        return toleranceMs;
    }

    @Override
    public void start(Node n, NodeEventListener nel) {
        super.start(n, nel);
        TrialTlsPeer.reopen(addressesOf(n)); // a container joined there again
        Thread t = new Thread(this, n.getName() + "-failure-monitor");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        fireNodeAdded();
        End end = watch(
                target.getName(),
                () -> target.ping(true), // hangs in the container until it exits or the connection breaks
                () -> target.ping(false),
                this::fireNodeUnreachable,
                this::fireNodeReachable);
        if (end == End.REMOVED) {
            java.util.List<String> addresses = addressesOf(target);
            int cut = TrialTlsPeer.cutOff(addresses);
            if (cut > 0)
                LOG.warn("cut " + cut + " connection(s) to the removed container " + target.getName()
                        + " that waited for its answer");
            var then = removed;
            if (then != null && !addresses.isEmpty()) {
                try {
                    then.accept(target.getName(), addresses); // the other containers cut theirs too
                } catch (RuntimeException e) {
                    LOG.warn("telling the containers that " + target.getName() + " was removed: " + e);
                }
            }
        }
        if (end != End.STOPPED) fireNodeRemoved();
    }

    /**
     * The addresses ({@code host:port}) a JADE node is reached at: those of its LEAP stub
     * ({@code jade.imtp.leap.Stub}'s {@code remoteTAs}, which JADE keeps to itself); none for another kind of node or
     * when they cannot be read.
     */
    static java.util.List<String> addressesOf(Node n) {
        java.util.List<String> out = new java.util.ArrayList<>();
        try {
            Class<?> stub = Class.forName("jade.imtp.leap.Stub");
            if (!stub.isInstance(n)) return out;
            java.lang.reflect.Field f = stub.getDeclaredField("remoteTAs");
            f.setAccessible(true);
            Object tas = f.get(n);
            if (!(tas instanceof jade.util.leap.List list)) return out;
            for (int i = 0; i < list.size(); i++) {
                if (list.get(i) instanceof jade.mtp.TransportAddress ta) out.add(ta.getHost() + ":" + ta.getPort());
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("the addresses of " + n.getName() + " cannot be read: " + e);
        }
        return out;
    }

    @Override
    public void stop() {
        halt();
        // releases the hanging ping; in a thread of its own: on a silent host the call itself could hang
        Thread release = new Thread(
                () -> {
                    try {
                        target.interrupt();
                    } catch (IMTPException | RuntimeException e) {
                        // the container is gone already
                    }
                },
                "lambo-node-release");
        release.setDaemon(true);
        release.start();
    }

    /** Ends the watch (without releasing the hanging ping: {@link #stop()} does). */
    void halt() {
        stopped = true;
        Thread w = watcher;
        if (w != null) w.interrupt();
    }

    /**
     * Watches a container until it exits, is removed, or the monitor is stopped.
     *
     * @param name the container's name, for the log and the record
     * @param hanging a ping that returns only when the container exits (true) or is interrupted (false)
     * @param probe a ping that answers at once
     * @param unreachable called when the container is lost
     * @param reachable called when a lost container answers again
     */
    End watch(String name, Ping hanging, Ping probe, Runnable unreachable, Runnable reachable) {
        watcher = Thread.currentThread();
        BlockingQueue<Answer> answers = new LinkedBlockingQueue<>();
        AtomicInteger probing = new AtomicInteger();
        long lastAnswer = clock.getAsLong();
        long nextPing = lastAnswer + heartbeatMs;
        long silence = Math.min(silentMs, toleranceMs);
        String lost = null; // why the container counts as lost; null while it answers
        long sent = 0; // pings sent so far
        long lostAfter = 0; // pings sent before it counted as lost: their answers do not show it reachable again
        boolean hangs = ask(hanging, true, answers, null, sent++);
        long lastWake = lastAnswer;
        try {
            while (!stopped) {
                long now = clock.getAsLong();
                long asleep = now - lastWake;
                lastWake = now;
                if (asleep > Math.max(PAUSED_MS, heartbeatMs + silence)) {
                    // this thread wakes at least every heartbeat: it did not run, so this JVM was paused (a long GC, a
                    // suspended VM, a host that slept); the container could not be heard meanwhile, so its silence then
                    // does not count against it (it would have been removed on waking, never pinged after the pause)
                    lastAnswer += asleep - heartbeatMs;
                    nextPing = now;
                    LOG.warn("this JVM did not run for " + asleep + " ms (paused); the silence of the container " + name
                            + " meanwhile is not counted against it");
                }
                if (lost == null && now - lastAnswer >= silence) {
                    lost = "no answer to a ping for " + (now - lastAnswer) + " ms";
                    lostAfter = sent;
                    lose(name, lost, unreachable);
                    nextPing = now;
                }
                if (lost != null && now - lastAnswer >= toleranceMs) {
                    long ms = now - lastAnswer;
                    LOG.warn("the container " + name + " has not answered for " + ms + " ms (--dropout-ms "
                            + toleranceMs + "): it is removed from the platform");
                    note(name, lastAnswer, ms, ContainerDropout.End.REMOVED, lost);
                    return End.REMOVED;
                }
                if (now >= nextPing) {
                    if (probing.get() < MAX_PROBES) {
                        probing.incrementAndGet();
                        ask(probe, false, answers, probing, sent++);
                    }
                    nextPing = now + heartbeatMs;
                }
                long until = Math.min(nextPing, lastAnswer + (lost == null ? silence : toleranceMs));
                Answer a = answers.poll(Math.max(1, until - now), TimeUnit.MILLISECONDS);
                if (a == null || stopped) continue;
                now = clock.getAsLong();
                if (a.failure() == null && a.exiting()) return End.EXITED; // a clean exit: removed at once
                if (a.hanging()) {
                    hangs = false; // asked again once a heartbeat is answered
                    if (a.failure() != null && lost == null) {
                        lost = "its connection broke (" + message(a.failure()) + ")";
                        lostAfter = sent;
                        lose(name, lost, unreachable);
                        nextPing = now;
                    }
                } else if (a.failure() == null) {
                    if (lost != null && a.sent() < lostAfter) continue; // sent before the loss: no news
                    if (lost != null) {
                        long ms = now - lastAnswer;
                        LOG.warn("the container " + name + " answers again after " + ms + " ms; it was kept");
                        note(name, lastAnswer, ms, ContainerDropout.End.KEPT, lost);
                        lost = null;
                        reachable.run();
                    }
                    lastAnswer = now;
                    if (!hangs && !stopped) hangs = ask(hanging, true, answers, null, sent++);
                } else if (lost == null) { // refused or reset: no need to wait for the silence
                    lost = "a ping failed (" + message(a.failure()) + ")";
                    lostAfter = sent;
                    lose(name, lost, unreachable);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lost != null) {
            note(name, lastAnswer, clock.getAsLong() - lastAnswer, ContainerDropout.End.UNANSWERED_AT_END, lost);
        }
        return End.STOPPED;
    }

    private void lose(String name, String why, Runnable unreachable) {
        LOG.warn("the container " + name + " cannot be reached: " + why + "; it is kept for up to " + toleranceMs
                + " ms (--dropout-ms) after its last answer while it is pinged again");
        unreachable.run();
    }

    private void note(String name, long lastAnswer, long ms, ContainerDropout.End end, String cause) {
        if (record == null) return;
        try {
            record.accept(new ContainerDropout(name, Instant.ofEpochMilli(lastAnswer), ms, end, cause));
        } catch (RuntimeException e) {
            LOG.warn("recording the dropout of " + name + ": " + e);
        }
    }

    private static String message(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Starts one ping in a thread of its own; its answer goes to {@code answers}. Always true. */
    private static boolean ask(
            Ping ping, boolean hanging, BlockingQueue<Answer> answers, AtomicInteger probing, long sent) {
        Thread t = new Thread(
                () -> {
                    Answer a;
                    try {
                        a = new Answer(hanging, ping.ping(), null, sent);
                    } catch (Throwable e) {
                        a = new Answer(hanging, false, e, sent);
                    }
                    if (probing != null) probing.decrementAndGet();
                    answers.add(a);
                },
                hanging ? "lambo-node-wait" : "lambo-node-probe");
        t.setDaemon(true);
        t.start();
        return true;
    }
}
