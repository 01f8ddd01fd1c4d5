package org.lambo.agents.platform;

import jade.core.IMTPException;
import jade.core.Node;
import jade.core.NodeEventListener;
import jade.core.NodeFailureMonitor;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * How the main container watches one peripheral container (a JADE node): as JADE's own
 * {@code BlockingNodeFailureMonitor}, a ping that hangs in the container until it exits, so a container that leaves is
 * removed at once; but when that ping breaks (the connection was cut: a WiFi reassociation, a NAT timeout, a link down
 * for a few seconds, or the container's JVM killed) the container is not removed after a single second ping, as JADE
 * does, but pinged again every {@value #RETRY_MS} ms for up to {@code toleranceMs} ({@code lambo trial --dropout-ms}).
 * A container that answers within it is kept, its agents and their tasks untouched, and watched again; one that has not
 * answered for {@code toleranceMs} (one probe that hangs counts as no answer) is removed from the platform, as JADE
 * would have removed it at once: its agents are gone and the trial's clock ends their tasks with the reason. A killed
 * container is therefore declared gone {@code toleranceMs} to {@code toleranceMs} + {@value #RETRY_MS} ms after its
 * connection broke.
 *
 * <p>Installed in the main container by {@link DropoutTolerantMonitoring}.
 */
final class DropoutTolerantMonitor extends NodeFailureMonitor implements Runnable {
    private static final Logger LOG = Logger.getLogger("org.lambo.platform");

    /** The pause between two pings of an unreachable container. */
    static final long RETRY_MS = 1_000;

    /** What the wait for an unreachable container ended with. */
    enum Outcome {
        /** It answered a ping: it is kept. */
        REACHABLE,
        /** It answered that it is shutting down. */
        EXITED,
        /** It did not answer within the tolerance (or the monitor was stopped). */
        GONE
    }

    /** One non-blocking ping of the container: true when it says it is exiting; throws when it cannot be reached. */
    interface Ping {
        boolean ping() throws Exception;
    }

    private final long toleranceMs;
    private final LongSupplier clock;
    private volatile boolean stopped;

    DropoutTolerantMonitor(long toleranceMs) {
        this(toleranceMs, System::currentTimeMillis);
    }

    DropoutTolerantMonitor(long toleranceMs, LongSupplier clock) {
        if (toleranceMs <= 0) throw new IllegalArgumentException("toleranceMs must be > 0, got " + toleranceMs);
        this.toleranceMs = toleranceMs;
        this.clock = clock;
    }

    /** How long an unreachable container is kept. */
    long toleranceMs() {
        return toleranceMs;
    }

    @Override
    public void start(Node n, NodeEventListener nel) {
        super.start(n, nel);
        Thread t = new Thread(this, n.getName() + "-failure-monitor");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void run() {
        fireNodeAdded();
        boolean exited = false;
        while (!exited && !stopped) {
            try {
                exited = target.ping(true); // hangs in the container until it exits or the connection breaks
            } catch (IMTPException broken) {
                if (stopped) break;
                long since = clock.getAsLong();
                String name = target.getName();
                LOG.warning("the container " + name + " cannot be reached (" + broken.getMessage()
                        + "); it is kept for up to " + toleranceMs + " ms (--dropout-ms) while it is pinged again");
                fireNodeUnreachable();
                Outcome o = awaitAnswer(() -> target.ping(false), toleranceMs, clock, () -> stopped);
                if (stopped) break;
                long ms = clock.getAsLong() - since;
                switch (o) {
                    case REACHABLE -> {
                        LOG.warning("the container " + name + " answers again after " + ms + " ms; it was kept");
                        fireNodeReachable();
                    }
                    case EXITED -> exited = true;
                    case GONE -> {
                        LOG.warning("the container " + name + " has not answered for " + ms + " ms (--dropout-ms "
                                + toleranceMs + "): it is removed from the platform");
                        exited = true;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warning("watching the container " + target.getName() + ": " + e);
                if (!sleep(RETRY_MS)) break;
            }
        }
        if (!stopped) fireNodeRemoved();
    }

    @Override
    public void stop() {
        stopped = true;
        try {
            target.interrupt(); // releases the hanging ping
        } catch (IMTPException e) {
            // the container is gone already
        }
    }

    /**
     * Pings an unreachable container until it answers, says it is exiting, or {@code toleranceMs} have passed since the
     * call; one ping at a time, each in a thread of its own so that one that hangs (a link that holds every byte) ends
     * the wait at the tolerance all the same.
     */
    static Outcome awaitAnswer(
            Ping ping, long toleranceMs, LongSupplier clock, java.util.function.BooleanSupplier stop) {
        long deadline = clock.getAsLong() + toleranceMs;
        while (!stop.getAsBoolean()) {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            Thread probe = new Thread(
                    () -> {
                        try {
                            answer.complete(ping.ping());
                        } catch (Throwable e) {
                            answer.completeExceptionally(e);
                        }
                    },
                    "lambo-node-probe");
            probe.setDaemon(true);
            probe.start();
            long left = deadline - clock.getAsLong();
            try {
                return answer.get(Math.max(1, left), TimeUnit.MILLISECONDS) ? Outcome.EXITED : Outcome.REACHABLE;
            } catch (TimeoutException e) {
                return Outcome.GONE; // a ping that hangs to the deadline: no answer within the tolerance
            } catch (ExecutionException e) {
                // not reachable (yet): again after a pause, while the tolerance lasts
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.GONE;
            }
            long now = clock.getAsLong();
            if (now >= deadline) return Outcome.GONE;
            if (!sleep(Math.min(RETRY_MS, deadline - now))) return Outcome.GONE;
        }
        return Outcome.GONE;
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
